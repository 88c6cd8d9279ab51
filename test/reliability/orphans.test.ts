// Nothing the user's shell started is left running, however the terminal is
// closed: by a request, by a new session, by the page going away for good, by
// `stepwise serve` or `stepwise run` being stopped, or by the engine being
// killed outright (the next engine on the data directory ends what it left).
// Each case starts every kind of background process a shell can leave behind,
// then counts them by a marker of the test's own in their environment.
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inProcessClient } from '../../src/cli/run/inProcessClient';
import { Engine, type EngineOptions } from '../../src/core/engine/engine';
import { resolveResourcesDir } from '../../src/core/platform/fs/paths';
import { SHELL_MARKER_ENV } from '../../src/core/platform/processes/endProcesses';
import type { EngineClient } from '../../src/shared/client';
import { BuiltCli } from '../helpers/builtCli';
import { connectPage } from '../helpers/engineHarness';
import { printedServerUrl } from '../helpers/loopbackClient';
import { commandLine, killAll, processesWithEnv, staleCgroups } from '../helpers/processes';
import { shellHomeEnv } from '../helpers/shellHome';

/** The test's own marker: the engine's is not what counts them. */
const TEST_MARKER = 'STEPWISE_ORPHAN_TEST';

/** Every way a shell's process can get away from it, then a foreground command. */
const ZOO = [
  'sleep 1000 &',
  'nohup sleep 1001 >/dev/null 2>&1 &',
  'setsid sleep 1002 &',
  '( sleep 1003 & );',
  'sleep 1004 & disown;',
  `bash -c "trap '' HUP TERM; sleep 1005" &`,
  // Clears the engine's marker: found by its parent (the shell, while it lives) and its cgroup.
  `env -u ${SHELL_MARKER_ENV} sleep 1006 &`,
  'sleep 60',
].join(' ');
const ZOO_SLEEPS = ['1000', '1001', '1002', '1003', '1004', '1005', '1006', '60'].map((n) => `sleep ${n}`);

let work: string;
let cli: BuiltCli;
const shellEnv = shellHomeEnv();
let cases = 0;
const marks: string[] = [];

/** A marker value of its own for each case. */
function newMark(): string {
  const mark = `${process.pid}-${++cases}`;
  marks.push(mark);
  return mark;
}

const marked = (mark: string): number[] => processesWithEnv(TEST_MARKER, mark).filter((pid) => pid !== process.pid);

/** Waits until every process of the zoo runs. */
async function zooRunning(mark: string): Promise<number[]> {
  await expect
    .poll(() => {
      const running = marked(mark).map(commandLine);
      return ZOO_SLEEPS.filter((sleep) => !running.includes(sleep));
    }, { timeout: 20_000, interval: 100 })
    .toEqual([]);
  return marked(mark);
}

beforeAll(() => {
  work = realpathSync(mkdtempSync(join(tmpdir(), 'stepwise-orphans-')));
  Object.assign(process.env, shellEnv); // in-process engines' shells start from this process's environment
  cli = BuiltCli.build({ ...shellEnv, NO_COLOR: '1' });
  writeFileSync(join(work, 'zoo.yaml'), `id: zoo
title: Zoo
phases:
  - id: only
    title: Only
    steps:
      - id: zoo
        title: Start everything
        kind: command
        command: ${JSON.stringify(ZOO)}
`);
});

// Whatever a failed case left is not left on the machine.
afterEach(() => killAll(marks.splice(0).flatMap(marked)));

afterAll(async () => {
  await cli?.remove();
  if (work) rmSync(work, { recursive: true, force: true });
  rmSync(shellEnv.HOME, { recursive: true, force: true });
});

function dataDir(): string {
  return mkdtempSync(join(work, 'data-'));
}

/** A Rust project (the engine opens no other folder), empty but for its Cargo.toml. */
function projectDir(): string {
  const dir = mkdtempSync(join(work, 'project-'));
  writeFileSync(join(dir, 'Cargo.toml'), '[package]\nname = "p"\n');
  return dir;
}

/** An engine in this process, and a page-like client of it (not patient: a page). */
async function openEngine(options: Partial<EngineOptions> = {}): Promise<{ engine: Engine; page: ReturnType<typeof inProcessClient>; dir: string }> {
  const dir = dataDir();
  const engine = Engine.open({ dataDir: dir, resourcesDir: resolveResourcesDir(), host: 'server', version: 'test', ...options });
  return { engine, page: inProcessClient(engine, {}), dir };
}

/** Opens the session's terminal with the case's marker in the shell's environment, and starts the zoo in it. */
async function startZoo(client: EngineClient, sessionId: number, mark: string): Promise<string> {
  process.env[TEST_MARKER] = mark;
  try {
    const { terminalId } = await client.request('terminal.open', { sessionId, cols: 120, rows: 30 });
    client.notify('terminal.input', { terminalId, data: `${ZOO}\r` });
    await zooRunning(mark);
    return terminalId;
  } finally {
    // Only the shell carries it: later git and parser processes of the engine do not.
    delete process.env[TEST_MARKER];
  }
}

describe.each([
  ['with a cgroup per shell', true],
  ['with the marker and process tree alone', false],
])('a terminal.close request, %s', (_name, shellCgroups) => {
  it('ends every process the shell started', async () => {
    const { engine, page } = await openEngine({ shellCgroups });
    try {
      const mark = newMark();
      const { session } = await page.client.request('project.open', { path: projectDir() });
      const terminalId = await startZoo(page.client, session.id, mark);
      expect(await page.client.request('terminal.close', { terminalId })).toEqual({ closed: true });
      expect(marked(mark)).toEqual([]);
    } finally {
      page.close();
      await engine.shutdown();
    }
  });
});

describe('closing in the engine', () => {
  it('a new session for the project ends the old session terminal’s processes', async () => {
    const { engine, page } = await openEngine();
    try {
      const mark = newMark();
      const path = projectDir();
      const { session } = await page.client.request('project.open', { path });
      await startZoo(page.client, session.id, mark);
      const fresh = await page.client.request('project.open', { path, newSession: true });
      expect(fresh.session.id).not.toBe(session.id);
      expect(marked(mark)).toEqual([]);
    } finally {
      page.close();
      await engine.shutdown();
    }
  });

  it('the last page going away for good ends them once the grace period is over', async () => {
    const { engine, page } = await openEngine({ lastClientGraceMs: 300 });
    try {
      const mark = newMark();
      const { session } = await page.client.request('project.open', { path: projectDir() });
      await startZoo(page.client, session.id, mark);
      page.close();
      await expect.poll(() => marked(mark), { timeout: 15_000, interval: 100 }).toEqual([]);
    } finally {
      await engine.shutdown();
    }
  });

  it('a page that comes back within the grace period (a reload) finds its build still running; shutdown then ends it', async () => {
    const { engine, page } = await openEngine({ lastClientGraceMs: 1_000 });
    const mark = newMark();
    const { session } = await page.client.request('project.open', { path: projectDir() });
    const started = await startZoo(page.client, session.id, mark);
    page.close();
    const reloaded = inProcessClient(engine, {});
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // twice the grace: nothing may happen
    expect((await zooRunning(mark)).length).toBeGreaterThanOrEqual(ZOO_SLEEPS.length);
    const again = await reloaded.client.request('terminal.open', { sessionId: session.id, cols: 120, rows: 30 });
    expect(again.terminalId).toBe(started);

    // Electron's quit: main asks the engine to shut down and gives it 3 s.
    const before = Date.now();
    reloaded.close();
    await engine.shutdown();
    console.log(`engine.shutdown with the zoo running took ${Date.now() - before} ms`);
    expect(marked(mark)).toEqual([]);
  });
});

describe('stopping the CLI', () => {
  /** `stepwise serve` on a fresh data directory, and a page connected to it. */
  async function serve(mark: string): Promise<{ running: ReturnType<BuiltCli['start']>; client: EngineClient; close(): void }> {
    const running = cli.start(['serve', '--port', '0', '--no-open'], { STEPWISE_HOME: dataDir(), [TEST_MARKER]: mark });
    await running.waitForOutput('Press Ctrl+C');
    const { port, token } = printedServerUrl(running.stdout)!;
    const { client, socket } = await connectPage({ port, token });
    return { running, client, close: () => socket.close() };
  }

  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('stepwise serve on %s ends every process of its shells, then exits 0', async (signal) => {
    const mark = newMark();
    const server = await serve(mark);
    try {
      const { session } = await server.client.request('project.open', { path: projectDir() });
      const { terminalId } = await server.client.request('terminal.open', { sessionId: session.id, cols: 120, rows: 30 });
      server.client.notify('terminal.input', { terminalId, data: `${ZOO}\r` });
      await zooRunning(mark);
      server.running.child.kill(signal);
      const result = await server.running.done;
      expect(result.code, result.stderr).toBe(0);
      expect(marked(mark)).toEqual([]);
    } finally {
      server.close();
    }
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('stepwise run on %s mid-step ends every process of its shell, then exits 130', async (signal) => {
    const mark = newMark();
    const running = cli.start(['run', join(work, 'zoo.yaml'), '--project', projectDir(), '--yes'], { STEPWISE_HOME: dataDir(), [TEST_MARKER]: mark });
    await zooRunning(mark);
    running.child.kill(signal);
    const result = await running.done;
    expect(result.code, result.stderr).toBe(130);
    expect(marked(mark)).toEqual([]);
  });

  it('an engine killed outright leaves processes behind, and the next engine on its data directory ends them', async () => {
    const mark = newMark();
    const dir = dataDir();
    const running = cli.start(['run', join(work, 'zoo.yaml'), '--project', projectDir(), '--yes'], { STEPWISE_HOME: dir, [TEST_MARKER]: mark });
    await zooRunning(mark);
    running.child.kill('SIGKILL');
    await running.done;
    // The pty's hang-up ends the shell and its jobs; nohup, setsid, disown, ( & ) and the trap stay (some may take a moment to go).
    await expect.poll(() => marked(mark).length, { timeout: 5_000 }).toBeLessThan(ZOO_SLEEPS.length + 2);
    expect(marked(mark).length).toBeGreaterThan(0);

    const engine = Engine.open({ dataDir: dir, resourcesDir: resolveResourcesDir(), host: 'server', version: 'test' });
    try {
      const ended = await engine.leftoversEnded;
      expect(ended.length).toBeGreaterThan(0);
      expect(marked(mark)).toEqual([]);
      expect(await staleCgroups(dir)).toEqual([]);
    } finally {
      await engine.shutdown();
    }
  });
});
