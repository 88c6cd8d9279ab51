// Issue 10, finding 5: a full disk hung `stepwise run` for 47 minutes after
// "could not record run 2: database or disk is full", SIGTERM did not end it,
// and no page was told. Here the data directory is on a small tmpfs filled by
// a filler file, which is what a full disk is to SQLite (SQLITE_FULL): a real
// engine behind the loopback server with a page's client, and the built CLI.
// Skipped, with the reason, where a tmpfs cannot be mounted (not root, no
// CAP_SYS_ADMIN); the mount is always undone.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HEADROOM_BYTES, PROBE_EVERY_MS } from '../../src/core/engine/journalHealth';
import { Journal } from '../../src/core/journal/journal';
import { JOURNAL_FILE } from '../../src/core/platform/fs/paths';
import { stripAnsi } from '../../src/shared/ansi';
import { EngineError, type EngineClient } from '../../src/shared/client';
import type { EngineHealth } from '../../src/shared/contract';
import { BuiltCli, type CliResult, type RunningCli } from '../helpers/builtCli';
import { connectPage, startHarness, type Harness } from '../helpers/engineHarness';
import { commitAll } from '../helpers/gitRepo';
import { shellHomeEnv } from '../helpers/shellHome';
import { fillDisk as fill, freeBytes, mountSmallDisk, unmountSmallDisk } from '../helpers/smallDisk';
import { runIdOf } from '../helpers/startedRun';

let work: string;
/** The small disk: a tmpfs mounted on a folder of `work`. */
let disk: string;
let mountError: string | null = null;
let cli: BuiltCli;
/** The command of the flood step waits for this file, so that the disk can be filled while it runs. */
let go: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'stepwise-disk-full-'));
  disk = join(work, 'disk');
  mkdirSync(disk);
  go = join(work, 'go');
  mountError = mountSmallDisk(disk, '64m');
  if (!mountError) cli = BuiltCli.build({ ...shellHomeEnv(), NO_COLOR: '1' });
});

afterAll(async () => {
  await cli?.remove();
  if (!mountError) unmountSmallDisk(disk);
  rmSync(work, { recursive: true, force: true });
});

const fillDisk = (leaveBytes = 0): (() => void) => fill(disk, leaveBytes);

/** Once the CLI's command waits (`floodAfterGo`), fills the disk and lets the command flood into it; what the CLI ended with. */
async function endsOnFullDisk(running: RunningCli): Promise<CliResult> {
  await running.waitForOutput('waiting-for-2');
  const free = fillDisk();
  try {
    writeFileSync(go, '');
    return await running.done;
  } finally {
    free();
  }
}

// Declared safe to run again: a step runs twice here, and the journal, not the rerun's confirmation, is under test.
const step = (id: string, command: string): string => `      - id: ${id}\n        title: ${id}\n        kind: command\n        rerun: safe\n        command: ${command}\n`;
const planText = (...steps: string[]): string => `id: disk-full\ntitle: Disk full\nphases:\n  - id: only\n    title: Only\n    steps:\n${steps.join('')}`;
/** Prints `waiting-for-2`, waits for the go file, then prints 3 MB (30,000 lines): more than any slack in the journal's files. */
const floodAfterGo = (): string => `echo waiting-for-$((1+1)); while [ ! -e ${go} ]; do sleep 0.1; done; head -c 3000000 /dev/zero | tr '\\0' x | fold -w 100`;

/** The next `engine.health` the client gets that passes `test`. */
function healthWhere(client: EngineClient, test: (health: EngineHealth) => boolean): Promise<EngineHealth> {
  return new Promise((resolve) => {
    const off = client.on('engine.health', (health) => {
      if (!test(health)) return;
      off();
      resolve(health);
    });
  });
}

/** Every row of every table, by table, read through a connection of its own. */
function journalRows(file: string): { integrity: string; tables: Map<string, unknown[]> } {
  const db = new Database(file, { readonly: true });
  try {
    const names = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[];
    const tables = new Map(names.map((name) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all()]));
    return { integrity: db.prepare('PRAGMA integrity_check').pluck().get() as string, tables };
  } finally {
    db.close();
  }
}

/** Every row of `before` is in `after`, as it was; rows of the tables in `changing` (updated as a run goes on) by their key only. */
function expectKept(before: Map<string, unknown[]>, after: Map<string, unknown[]>, changing: Record<string, string[]>): void {
  for (const [table, rows] of before) {
    const now = after.get(table) ?? [];
    const key = changing[table];
    for (const row of rows as Record<string, unknown>[]) {
      expect(now, table).toContainEqual(key ? expect.objectContaining(Object.fromEntries(key.map((column) => [column, row[column]]))) : row);
    }
  }
}

const refusal = (promise: Promise<unknown>): Promise<EngineError> =>
  promise.then(
    () => {
      throw new Error('the request was served');
    },
    (error: unknown) => error as EngineError,
  );

/** The files left in a folder, recursively. */
function filesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('the engine with its journal on a full disk (a page attached)', () => {
  let h: Harness;
  let project: string;
  let sessionId: number;
  let terminalId: string;

  /** The page's client acknowledges terminal output as xterm.js does, so the pty is never held for it. */
  const attach = (client: EngineClient): void => {
    client.on('terminal.data', ({ terminalId: id, data }) => client.notify('terminal.ack', { terminalId: id, chars: data.length }));
  };

  it('refuses runs with the banner\'s message, keeps every committed row, holds what ends meanwhile, and resumes by itself once space is freed', async (ctx) => {
    ctx.skip(mountError !== null, mountError ?? '');
    rmSync(go, { force: true });
    const dataDir = join(disk, 'engine');
    h = await startHarness({ dataDir });
    project = mkdtempSync(join(work, 'project-'));
    writeFileSync(join(project, 'Cargo.toml'), '[package]\nname = "p"\n'); // a Rust project: the engine opens no other
    writeFileSync(join(project, 'README.md'), '# a project\n');
    attach(h.client);
    const plan = planText(step('hello', 'echo hello-$((6*7))'), step('flood', floodAfterGo()));
    sessionId = (await h.client.request('session.start', { path: project, plan: { fileName: 'disk-full.yaml', content: plan } })).session.id;
    await h.client.request('session.trust', { sessionId });
    terminalId = (await h.client.request('terminal.open', { sessionId, cols: 120, rows: 30 })).terminalId;
    const finished = new Map<number, string>();
    h.client.on('run.finished', (run) => finished.set(run.id, run.status));

    // Committed before the disk fills: two runs of a step, and the flood step's run, started and waiting.
    for (let i = 0; i < 2; i++) {
      const runId = runIdOf(await h.client.request('step.run', { sessionId, stepId: 'hello', terminalId }));
      await vi.waitFor(() => expect(finished.get(runId)).toBe('passed'), { timeout: 30_000 });
    }
    const floodId = runIdOf(await h.client.request('step.run', { sessionId, stepId: 'flood', terminalId }));
    const journalFile = join(dataDir, JOURNAL_FILE);
    const before = journalRows(journalFile);
    expect(before.tables.get('runs')).toHaveLength(3);

    const free = fillDisk();
    let freed = false;
    try {
      // The flood ends while the disk is full: its end cannot be journaled, and every page is told, the run listed as waiting.
      const held = healthWhere(h.client, (health) => health.journal?.waitingRuns.some((run) => run.runId === floodId) ?? false);
      writeFileSync(go, '');
      const { journal: problem } = await held;
      expect(problem).toMatchObject({ kind: 'full', code: 'SQLITE_FULL', journalPath: journalFile });
      expect(problem!.message).toContain(`The journal ${journalFile} cannot be written: the disk holding ${dataDir} is full (SQLITE_FULL).`);
      expect(problem!.message).toContain('Free some space there (at least 8 MiB): Stepwise resumes by itself.');
      expect(problem!.message).toContain('1 command that ended meanwhile waits to be journaled.');
      expect(finished.has(floodId)).toBe(false);

      // Runs, snapshots and measurements are refused with the banner's words; reading goes on.
      const refused = await refusal(h.client.request('step.run', { sessionId, stepId: 'hello', terminalId }));
      expect(refused).toMatchObject({ code: 'io', message: problem!.message });
      expect(await refusal(h.client.request('snapshot.create', { sessionId, label: 'now' }))).toMatchObject({ code: 'io', message: problem!.message });
      expect(await refusal(h.client.request('step.mark', { sessionId, stepId: 'hello', status: 'skipped' }))).toMatchObject({ code: 'io' });
      expect((await h.client.request('session.view', { sessionId })).session.id).toBe(sessionId);
      expect((await h.client.request('project.open', { path: project })).session.id).toBe(sessionId);

      // A page that connects now shows the banner at once: app.info carries it.
      const late = await connectPage(h.server);
      try {
        expect((await late.client.request('app.info', {})).health.journal?.message).toBe(problem!.message);
      } finally {
        late.client.dispose();
        late.socket.close();
      }

      // A command the user types still runs; its run waits in memory with the flood's.
      const typed = healthWhere(h.client, (health) => health.journal?.waitingRuns.some((run) => run.command === 'echo typed-$((6*7))') ?? false);
      h.client.notify('terminal.input', { terminalId, data: 'echo typed-$((6*7))\r' });
      expect((await typed).journal?.waitingRuns.map((run) => run.exitCode)).toEqual([0, 0]);

      // Nothing half-written, nothing committed lost: the journal file, read on its own while the disk is full.
      const during = journalRows(journalFile);
      expect(during.integrity).toBe('ok');
      expectKept(before.tables, during.tables, { runs: ['id'], run_output: ['run_id'], step_states: ['session_id', 'step_id'] });

      // Space is freed: within a few probe periods writing resumes by itself, what waited is journaled, the banner goes.
      const healed = healthWhere(h.client, (health) => health.journal === null);
      const freedAt = Date.now();
      free();
      freed = true;
      await healed;
      const healMs = Date.now() - freedAt;
      console.log(`diskFull: writing resumed ${healMs} ms after the space was freed (probe every ${PROBE_EVERY_MS} ms, ${HEADROOM_BYTES / 2 ** 20} MiB free needed)`);
      expect(healMs).toBeLessThan(10 * PROBE_EVERY_MS);
    } finally {
      if (!freed) free();
    }
    expect(finished.get(floodId)).toBe('passed');
    const journal = h.engine.journal;
    const runs = journal.runs.forSession(sessionId);
    expect(runs.map((run) => [run.stepId, run.command, run.status])).toEqual([
      ['hello', 'echo hello-$((6*7))', 'passed'],
      ['hello', 'echo hello-$((6*7))', 'passed'],
      ['flood', floodAfterGo(), 'passed'],
      [null, 'echo typed-$((6*7))', 'passed'],
    ]);
    expect(journal.runs.outputSizes(floodId)!.totalBytes).toBeGreaterThan(3_000_000);
    expect(journal.sessions.stepStates(sessionId).find((s) => s.stepId === 'flood')).toMatchObject({ status: 'passed', lastRunId: floodId });

    // And a new run is journaled as before.
    const runId = runIdOf(await h.client.request('step.run', { sessionId, stepId: 'hello', terminalId }));
    await vi.waitFor(() => expect(finished.get(runId)).toBe('passed'), { timeout: 30_000 });
    const after = journalRows(journalFile);
    expect(after.integrity).toBe('ok');
    expect(after.tables.get('runs')).toHaveLength(5);
    await h.close();
  }, 180_000);

  it('a snapshot that fills the disk says so and leaves no temp file, in the folder store and in git', async (ctx) => {
    ctx.skip(mountError !== null, mountError ?? '');
    const dataDir = join(disk, 'snapshots-engine');
    const snapshots = await startHarness({ dataDir });
    const folder = mkdtempSync(join(work, 'folder-project-'));
    writeFileSync(join(folder, 'Cargo.toml'), '[package]\nname = "p"\n'); // a Rust project: the engine opens no other
    const repo = join(disk, 'git-project');
    mkdirSync(repo);
    writeFileSync(join(repo, 'README.md'), '# a project\n');
    writeFileSync(join(repo, 'Cargo.toml'), '[package]\nname = "p"\n'); // a Rust project: the engine opens no other
    commitAll(repo);
    // 8 MiB that does not compress, new to both stores; the disk keeps 3 MiB: a part is written before it is full.
    for (const dir of [folder, repo]) for (let i = 0; i < 8; i++) writeFileSync(join(dir, `data-${i}.bin`), randomBytes(1 << 20));
    const folderSession = (await snapshots.client.request('project.open', { path: folder })).session.id;
    const gitSession = (await snapshots.client.request('project.open', { path: repo })).session.id;
    await snapshots.engine.settled(); // the snapshot index prepared when the project opened is there

    const left = 3 * 2 ** 20;
    const free = fillDisk(left);
    try {
      for (const [sessionId, store] of [
        [folderSession, join(dataDir, 'snapshots')],
        [gitSession, join(repo, '.git', 'objects')],
      ] as const) {
        const error = await refusal(snapshots.client.request('snapshot.create', { sessionId, label: 'on a full disk' }));
        expect(error.code).toBe('io');
        expect(error.message).toMatch(/^The snapshot could not be taken: Could not write .*: the disk holding .* is full \(ENOSPC\)\. Free some space there and try again\.$/);
        expect(error.message).toContain(store);
      }
      // The folder store keeps no part of it: no temp file, and the objects it had stored are gone, their space free again.
      expect(filesIn(join(dataDir, 'snapshots'))).toEqual([]);
      // Git keeps the objects it wrote whole (its own gc collects them), and no temp file or lock.
      expect(filesIn(join(repo, '.git')).filter((file) => /tmp_|\.lock$|\.tmp$/.test(file))).toEqual([]);
      rmSync(join(repo, '.git', 'objects'), { recursive: true }); // what git kept, so that the space left can be read
      expect(freeBytes(disk)).toBeGreaterThanOrEqual(left);
      expect((await snapshots.client.request('snapshots.list', { sessionId: folderSession })).snapshots).toEqual([]);
      expect((await snapshots.client.request('app.info', {})).health.journal).toBeNull(); // the journal itself was never refused a write
    } finally {
      free();
      await snapshots.close();
      rmSync(repo, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('the CLI on a full disk', () => {
  const row = (result: CliResult, stepId: string): string[] => {
    const line = stripAnsi(result.stdout).split('\n').find((l) => l.startsWith(`${stepId} `));
    expect(line, `no table row for ${stepId} in:\n${result.stdout}`).toBeDefined();
    return line!.split(/ {2,}/);
  };

  it('`stepwise run` hit by a full disk mid-run ends (exit 1), naming the journal and the disk; the next step does not run', async (ctx) => {
    ctx.skip(mountError !== null, mountError ?? '');
    rmSync(go, { force: true });
    const home = join(disk, 'cli-home');
    const project = mkdtempSync(join(work, 'cli-project-'));
    writeFileSync(join(project, 'Cargo.toml'), '[package]\nname = "p"\n'); // a Rust project: the engine opens no other
    const plan = join(work, 'cli-plan.yaml');
    writeFileSync(plan, planText(step('flood', floodAfterGo()), step('after', 'echo after-$((6*7))')));
    const running = cli.start(['run', plan, '--project', project, '--yes'], { STEPWISE_HOME: home });
    const result = await endsOnFullDisk(running);
    const journalFile = join(home, JOURNAL_FILE);
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(1);
    expect(result.stdout).toContain(`error: The journal ${journalFile} cannot be written: the disk holding ${home} is full (SQLITE_FULL).`);
    expect(row(result, 'flood').slice(0, 3)).toEqual(['flood', 'error', '0']);
    expect(row(result, 'flood').join(' ')).toContain('it ended with exit 0, but the journal could not record it');
    expect(row(result, 'after').slice(0, 2)).toEqual(['after', 'not run']);
    expect(result.stdout).not.toContain('after-42');
    expect(result.stderr).toMatch(/not journaled \(the journal could not be written before Stepwise stopped\): run 1, `echo waiting-for/);
    // What was committed is there, whole; the run it could not finish is interrupted, as after a crash.
    expect(journalRows(journalFile).integrity).toBe('ok');
    const journal = Journal.open(journalFile, { recover: true });
    try {
      const [session] = journal.sessions.summaries();
      expect(journal.runs.forSession(session!.id).map((run) => [run.stepId, run.status])).toEqual([['flood', 'interrupted']]);
    } finally {
      journal.close();
    }
  }, 180_000);

  it('`stepwise measure` hit by a full disk mid-measurement ends (exit 1), naming the journal and the disk', async (ctx) => {
    ctx.skip(mountError !== null, mountError ?? '');
    rmSync(go, { force: true });
    const home = join(disk, 'cli-measure');
    const project = mkdtempSync(join(work, 'measure-project-'));
    writeFileSync(join(project, 'Cargo.toml'), '[package]\nname = "p"\n'); // a Rust project: the engine opens no other
    const running = cli.start(['measure', '--project', project, '--kind', 'adhoc', '--what', 'runtime', '--runs', '1', '--runtime', floodAfterGo()], {
      STEPWISE_HOME: home,
    });
    const result = await endsOnFullDisk(running);
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(1);
    expect(result.stderr).toContain(
      `stepwise: measurement 1 could not be journaled: The journal ${join(home, JOURNAL_FILE)} cannot be written: the disk holding ${home} is full (SQLITE_FULL).`,
    );
    expect(journalRows(join(home, JOURNAL_FILE)).integrity).toBe('ok');
  }, 120_000);

  it('`stepwise run` stopped by SIGTERM while its journal cannot be written ends promptly (exit 130)', async (ctx) => {
    ctx.skip(mountError !== null, mountError ?? '');
    const home = join(disk, 'cli-sigterm');
    const project = mkdtempSync(join(work, 'cli-project-'));
    writeFileSync(join(project, 'Cargo.toml'), '[package]\nname = "p"\n'); // a Rust project: the engine opens no other
    const plan = join(work, 'sigterm-plan.yaml');
    // It prints on and on: its output, saved every 2 s as it runs, is the write the full disk refuses.
    writeFileSync(plan, planText(step('ticks', 'while true; do echo tick-$((1+1)); sleep 0.2; done')));
    const running = cli.start(['run', plan, '--project', project, '--yes'], { STEPWISE_HOME: home });
    await running.waitForOutput('tick-2');
    const free = fillDisk();
    let result: CliResult;
    let stopMs: number;
    try {
      await vi.waitFor(() => expect(running.stderr).toContain('cannot be written: the disk holding'), { timeout: 30_000, interval: 100 });
      const signalled = Date.now();
      running.child.kill('SIGTERM');
      result = await running.done;
      stopMs = Date.now() - signalled;
    } finally {
      free();
    }
    console.log(`diskFull: stepwise run ended ${stopMs} ms after SIGTERM with its journal on a full disk`);
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(130);
    expect(result.stdout).toContain('SIGTERM: stopping the running command and closing the terminal…');
    expect(stopMs).toBeLessThan(30_000); // it ends; a hang would run into the test's timeout
  }, 120_000);

  it('`stepwise export --out` to a full disk leaves no partial file and says the disk is full', async (ctx) => {
    ctx.skip(mountError !== null, mountError ?? '');
    const home = join(work, 'export-home'); // the journal is on a disk with room; the guide goes to the full one
    const project = mkdtempSync(join(work, 'export-project-'));
    writeFileSync(join(project, 'Cargo.toml'), '[package]\nname = "p"\n'); // a Rust project: the engine opens no other
    const plan = join(work, 'export-plan.yaml');
    writeFileSync(plan, planText(step('hello', 'echo hello-$((6*7))')));
    const ran = await cli.run(['run', plan, '--project', project, '--yes'], { STEPWISE_HOME: home });
    expect(ran.code, ran.stderr).toBe(0);
    const out = join(disk, 'exports');
    mkdirSync(out);
    const free = fillDisk();
    try {
      for (const format of ['md', 'html', 'json']) {
        const target = join(out, `guide.${format}`);
        const result = await cli.run(['export', '--project', project, '--format', format, '--out', target], { STEPWISE_HOME: home });
        expect(result.code).not.toBe(0);
        expect(result.stderr).toContain(`Could not write ${target}: the disk holding ${out} is full (ENOSPC). Free some space there and try again.`);
        expect(readdirSync(out)).toEqual([]);
      }
    } finally {
      free();
    }
  }, 120_000);
});
