// kill -9 at 20 random moments of `stepwise run`: nothing committed is lost,
// the journal is sound, the run cut short is shown interrupted, the lock is
// taken over and nothing the killed run's shell started is left running.
//
// The built CLI runs a plan of three steps in a real terminal, on one data
// directory and one session throughout: two that print 3,000 lines over about
// 3 s with rustc diagnostics among them (a different set each round, so issues
// are found, seen again, resolved and regressed in the run's end transaction),
// and a real `cargo check` of the photondrift fixture (one error, one warning).
// Each step also starts a process in a session of its own, which the
// terminal's hang-up does not end: only the next engine can.
//
// While a run goes on, a read-only connection (this process is another
// process to the engine) reads every committed row every 20 ms and once more
// right before the kill. Kill moments are drawn (seeded) in windows taken from
// one run timed to its end, four of each kind: anywhere in its life; once the
// engine holds the lock (while it opens); while a step streams; from a step's
// last line to its run's end transaction; between steps, once that has
// committed. Where each landed is read from the journal the kill left, and
// printed with the counts. After each kill: a copy of the journal as it was left
// (without its -shm, as after a reboot) passes integrity_check and holds every
// row seen, unchanged where final; then `stepwise run --steps verify` must take
// the stale lock, show the run that was going on (and its step) interrupted,
// journal its own run, and have ended what the killed shell left.
// Replay the same draws with STEPWISE_SEED=<the seed printed>.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JOURNAL_FILE } from '../../src/core/platform/fs/paths';
import { BuiltCli, type CliResult, type RunningCli } from '../helpers/builtCli';
import { JournalReader, readRows, rowChanges, rowsOf, type Rows } from '../helpers/committedRows';
import { killAll, processesWithEnv, staleCgroups } from '../helpers/processes';
import { seededRandom } from '../helpers/random';
import { copyRustFixture } from '../helpers/rustFixture';
import { shellHomeEnv } from '../helpers/shellHome';

const SEED = Number(process.env.STEPWISE_SEED ?? Math.floor(Math.random() * 2 ** 31));
const KILLS = 20;
const POLL_MS = 20;
/** The steps each killed run runs, and the last line each prints (seen on the CLI's stdout). */
const STEPS = ['gen-a', 'gen-b', 'cargo-check'] as const;
type StepId = (typeof STEPS)[number];
const LAST_LINE: Record<StepId, string> = { 'gen-a': 'gen-a: done', 'gen-b': 'gen-b: done', 'cargo-check': 'could not compile' };
/** This test's own marker in the killed runs' environment (their shells inherit it): what counts their processes. */
const MARK = 'STEPWISE_KILL_TEST';

// `diag.cjs STEP LINES MS EXIT`: LINES lines in bursts of 100 over about MS ms, with the
// diagnostics of STEP's pool that round KILL_ROUND shows among them, then `STEP: done`.
const GENERATOR = `
const { spawn } = require('node:child_process');
const [step, lines, ms, exit] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4]), Number(process.argv[5])];
const round = Number(process.env.KILL_ROUND);
// Outlives the terminal's hang-up (a session of its own): the next engine must end it.
spawn('sleep', ['600'], { detached: true, stdio: 'ignore' }).unref();
const seed = [...step].reduce((a, c) => a * 31 + c.charCodeAt(0), 7);
const shown = [...Array(24).keys()].filter((k) => (round * 7919 + k * 104729 + seed) % 100 < 70);
const block = (k) => {
  const file = 'src/' + step + '/m' + k + '.rs';
  if (k % 3 === 1) return ['error[E0308]: mismatched types', ' --> ' + file + ':' + (40 + k) + ':5', '   |', (40 + k) + ' |     v' + k, '   |     ^^ expected \`u32\`, found \`i64\`'];
  if (k % 3 === 2) return ['warning: unused import: \`std::fmt::Write' + k + '\`', ' --> ' + file + ':3:5', '  |', '3 | use std::fmt::Write' + k + ';', '  |     ^^^^^^^^^^^^^^^'];
  return ['warning: unused variable: \`v' + k + '\`', ' --> ' + file + ':12:9', '   |', '12 |     let v' + k + ' = 1;', '   |         ^^', '   |', '   = note: \`#[warn(unused_variables)]\` on by default'];
};
const bursts = Math.ceil(lines / 100);
let n = 0;
let b = 0;
const next = () => {
  let out = '';
  for (let i = 0; i < 100 && n < lines; i++) out += '   Checking item ' + ++n + ' of ' + lines + ' (' + step + ')\\n';
  for (const k of shown.filter((_, i) => Math.floor((i * bursts) / shown.length) === b)) out += '\\n' + block(k).join('\\n') + '\\n\\n';
  b++;
  process.stdout.write(out, () => (n < lines ? setTimeout(next, ms / bursts) : process.stdout.write(step + ': done\\n', () => process.exit(exit))));
};
next();
`;

const shellEnv = shellHomeEnv();
let work: string;
let project: string;
let plan: string;
let cli: BuiltCli;
const marks: string[] = [];

beforeAll(() => {
  console.log(`journalSigkill: seed ${SEED} (replay with STEPWISE_SEED=${SEED})`);
  work = realpathSync(mkdtempSync(join(tmpdir(), 'stepwise-journal-sigkill-')));
  writeFileSync(join(work, 'diag.cjs'), GENERATOR);
  project = copyRustFixture(join(work, 'project'));
  // Its dependency built once here: each run's check then recompiles only the crate that fails.
  spawnSync('cargo', ['check', '--all-features', '--offline'], { cwd: project, stdio: 'ignore' });
  plan = join(work, 'plan.yaml');
  writeFileSync(plan, planYaml(join(work, 'diag.cjs')));
  cli = BuiltCli.build({ ...shellEnv, NO_COLOR: '1', CARGO_NET_OFFLINE: 'true' });
}, 300_000);

// Whatever a failed case left is not left on the machine.
afterEach(() => killAll(marks.splice(0).flatMap((mark) => processesWithEnv(MARK, mark))));

afterAll(async () => {
  await cli?.remove();
  if (work) rmSync(work, { recursive: true, force: true });
  rmSync(shellEnv.HOME, { recursive: true, force: true });
});

/** When things happened in a run, in ms after it was started; what was seen committed last. */
interface Watch {
  running: RunningCli;
  startedAt: number;
  /** When engine.lock was first seen holding its pid. */
  lockAt: number | null;
  firstRunAt: number | null;
  runStartAt: Partial<Record<StepId, number>>;
  /** When its run was first seen finished (committed). */
  runEndAt: Partial<Record<StepId, number>>;
  lastLineAt: Partial<Record<StepId, number>>;
  /** Every committed row at the last reading. */
  seen: Rows | null;
  /** Reads the journal now (right before a kill). */
  read(): void;
  stop(): void;
}

/** Starts `stepwise run` of the killed steps in round `round`, and follows its journal and stdout. */
function startRun(data: string, round: number, runsBefore: number, onChange: (watch: Watch) => void): Watch {
  const mark = `${process.pid}-${round}`;
  marks.push(mark);
  const running = cli.start(['run', plan, '--project', project, '--yes', '--keep-going', '--steps', STEPS.join(',')], {
    STEPWISE_HOME: data,
    KILL_ROUND: String(round),
    [MARK]: mark,
  });
  const reader = new JournalReader(join(data, JOURNAL_FILE));
  const watch: Watch = {
    running,
    startedAt: performance.now(),
    lockAt: null,
    firstRunAt: null,
    runStartAt: {},
    runEndAt: {},
    lastLineAt: {},
    seen: null,
    read: () => {
      watch.seen = reader.read() ?? watch.seen;
    },
    stop: () => {
      clearInterval(timer);
      running.child.stdout!.off('data', lookAtStdout);
      reader.close();
    },
  };
  const since = (): number => performance.now() - watch.startedAt;
  // The journal and the lock every POLL_MS; stdout (cheap to look at) as it comes.
  const lookAtJournal = (): void => {
    watch.read();
    if (watch.lockAt === null && lockHolder(data) === running.child.pid) watch.lockAt = since();
    for (const run of rowsOf(watch.seen ?? new Map(), 'runs').filter((r) => (r.id as number) > runsBefore)) {
      watch.firstRunAt ??= since();
      watch.runStartAt[run.step_id as StepId] ??= since();
      if (run.status !== 'running') watch.runEndAt[run.step_id as StepId] ??= since();
    }
    onChange(watch);
  };
  const lookAtStdout = (chunk: string): void => {
    const recent = running.stdout.slice(-(chunk.length + 100)); // a last line may straddle two chunks
    for (const step of STEPS) if (watch.lastLineAt[step] === undefined && recent.includes(LAST_LINE[step])) watch.lastLineAt[step] = since();
    onChange(watch);
  };
  const timer = setInterval(lookAtJournal, POLL_MS);
  running.child.stdout!.on('data', lookAtStdout);
  return watch;
}

type Phase =
  | 'starting, before the lock'
  | 'engine open, no step started'
  | 'a step streaming'
  | 'a step ended, its run not yet committed'
  | 'between steps'
  | 'after the last step';

/** Where the kill landed, by what the journal held committed when it came. */
function phaseOf(ours: Record<string, unknown>[], lockWasOurs: boolean, stdout: string): Phase {
  if (ours.length === 0) return lockWasOurs ? 'engine open, no step started' : 'starting, before the lock';
  const running = ours.find((r) => r.status === 'running');
  if (running) return stdout.includes(LAST_LINE[running.step_id as StepId]) ? 'a step ended, its run not yet committed' : 'a step streaming';
  return ours.length < STEPS.length ? 'between steps' : 'after the last step';
}

function lockHolder(data: string): number | null {
  try {
    return Number.parseInt(readFileSync(join(data, 'engine.lock'), 'utf8'), 10);
  } catch {
    return null;
  }
}

/** Opens a copy of the journal as the kill left it (the file and its WAL, no -shm: SQLite rebuilds it from the WAL). */
function crashCopy(data: string, into: string): Database.Database {
  mkdirSync(into);
  const file = join(data, JOURNAL_FILE);
  copyFileSync(file, join(into, JOURNAL_FILE));
  if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, join(into, `${JOURNAL_FILE}-wal`));
  return new Database(join(into, JOURNAL_FILE));
}

/** integrity_check's findings ('ok' when none) and the foreign keys that point nowhere. */
function soundness(db: Database.Database): { integrity: string[]; foreignKeys: unknown[] } {
  const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
  return { integrity, foreignKeys: db.pragma('foreign_key_check') as unknown[] };
}

const lastId = (rows: Rows | null, table: string): number => Math.max(0, ...rowsOf(rows ?? new Map(), table).map((r) => r.id as number));
const count = (rows: Rows): number => [...rows.values()].reduce((sum, table) => sum + table.size, 0);

/** A run to its end, in ms after its start: when its engine took the lock, its first run was journaled, each step's run started, printed its last line and was committed, and it exited. */
interface Timing {
  lock: number;
  firstRun: number;
  start: Record<StepId, number>;
  lastLine: Record<StepId, number>;
  end: Record<StepId, number>;
  exit: number;
}

/** Kill moments, as many of each kind. */
const KINDS = ['anywhere', 'while the engine opens', 'while a step streams', 'at a step’s end', 'between steps'] as const;
type Kind = (typeof KINDS)[number];

/**
 * How long after now to kill a run watched by `w`, or null while it has not reached the point
 * `kind` waits for: `fraction` of that kind's window in the run to its end (`at a step’s end`:
 * from its last line to its run's end transaction; `between steps`: from then to the next run).
 */
function killDelay(kind: Kind, step: StepId, fraction: number, t: Timing, w: Watch): number | null {
  const i = STEPS.indexOf(step);
  const nextStart = i + 1 < STEPS.length ? t.start[STEPS[i + 1]!] : t.exit;
  switch (kind) {
    case 'anywhere':
      return fraction * 0.9 * t.exit;
    case 'while the engine opens':
      // Once it holds the lock: ending leftovers, opening and recovering the journal, the session, the shell, up to the first run.
      return w.lockAt === null ? null : fraction * (t.firstRun - t.lock);
    case 'while a step streams':
      return w.runStartAt[step] === undefined ? null : fraction * (t.lastLine[step] - t.start[step]);
    case 'at a step’s end':
      return w.lastLineAt[step] === undefined ? null : fraction * Math.max(t.end[step] - t.lastLine[step], 2 * POLL_MS);
    case 'between steps':
      return w.runEndAt[step] === undefined ? null : fraction * 0.9 * (nextStart - t.end[step]);
  }
}

/** Runs the killed steps to their end once (round 0), for the kill moments' windows. */
async function timedRun(data: string): Promise<Timing> {
  const watch = startRun(data, 0, 0, () => {});
  const result = await watch.running.done;
  const exit = performance.now() - watch.startedAt;
  watch.stop();
  expect(result.code, result.stderr).toBe(1); // gen-b and cargo-check fail
  const all = (times: Partial<Record<StepId, number>>, what: string): Record<StepId, number> => {
    for (const step of STEPS) expect(times[step], `${step}: ${what}`).toBeDefined();
    return times as Record<StepId, number>;
  };
  expect(watch.lockAt, 'the lock taken').not.toBeNull();
  const timing = { lock: watch.lockAt!, firstRun: watch.firstRunAt!, start: all(watch.runStartAt, 'run started'), lastLine: all(watch.lastLineAt, 'last line'), end: all(watch.runEndAt, 'run committed'), exit };
  // Its terminal's close ended what the steps started.
  await expect.poll(() => processesWithEnv(MARK, `${process.pid}-0`), { timeout: 5_000 }).toEqual([]);
  const ms = (n: number): string => String(Math.round(n));
  console.log(
    `journalSigkill: a run to its end: lock taken at ${ms(timing.lock)} ms, first run journaled at ${ms(timing.firstRun)} ms; ` +
      STEPS.map((s) => `${s} started ${ms(timing.start[s])}, last line ${ms(timing.lastLine[s])}, committed ${ms(timing.end[s])}`).join('; ') +
      `; exit at ${ms(exit)} ms`,
  );
  return timing;
}

interface Kill {
  /** False when the run ended before its moment came. */
  killed: boolean;
  /** ms after the start. */
  at: number;
  phase: Phase;
  /** Every row seen committed right before the kill, and the journal as the kill left it. */
  seen: Rows;
  crashed: Rows;
  /** Runs of this round, as the kill left them. */
  ours: Record<string, unknown>[];
  result: CliResult;
}

/** One round: a run killed at the moment drawn, then the journal as the kill left it checked. */
async function killedRun(data: string, round: number, draw: { kind: Kind; step: StepId; fraction: number }, timing: Timing): Promise<Kill> {
  const journalFile = join(data, JOURNAL_FILE);
  const before = new JournalReader(journalFile);
  const runsBefore = lastId(before.read(), 'runs');
  before.close();

  let timer: NodeJS.Timeout | undefined;
  let at = 0;
  let lockAtKill: number | null = null;
  let stdoutAtKill = '';
  const kill = (watch: Watch): void => {
    if (watch.running.child.exitCode !== null) return;
    watch.read(); // as late as can be
    lockAtKill = lockHolder(data);
    stdoutAtKill = watch.running.stdout;
    at = performance.now() - watch.startedAt;
    watch.running.child.kill('SIGKILL');
  };
  const arm = (watch: Watch): void => {
    if (timer) return;
    const delay = killDelay(draw.kind, draw.step, draw.fraction, timing, watch);
    if (delay !== null) timer = setTimeout(() => kill(watch), delay);
  };
  const watch = startRun(data, round, runsBefore, arm);
  arm(watch);
  const result = await watch.running.done;
  clearTimeout(timer);
  watch.stop();

  // The journal as the kill left it: sound, and holding every row seen committed, unchanged where final.
  const dir = join(work, `crash-${round}`);
  const copy = crashCopy(data, dir);
  let crashed: Rows;
  try {
    expect(soundness(copy), `round ${round}: the journal as the kill left it`).toEqual({ integrity: ['ok'], foreignKeys: [] });
    crashed = readRows(copy);
  } finally {
    copy.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const seen = watch.seen ?? new Map();
  expect(rowChanges(seen, crashed), `round ${round}: rows seen committed before the kill`).toEqual([]);
  const ours = rowsOf(crashed, 'runs').filter((r) => (r.id as number) > runsBefore);
  return { killed: result.signal === 'SIGKILL', at, phase: phaseOf(ours, lockAtKill === watch.running.child.pid, stdoutAtKill), seen, crashed, ours, result };
}

/**
 * The next engine on the data directory (`stepwise run --steps verify`) takes the dead engine's
 * lock, ends what its shell left, shows the run that was going on and its step interrupted, and
 * journals a run of its own; the journal is sound and has every row the kill left.
 */
async function checkNextEngine(data: string, round: number, kill: Kill, detail: string): Promise<void> {
  const next = await cli.run(['run', plan, '--project', project, '--yes', '--steps', 'verify'], { STEPWISE_HOME: data });
  expect(next.code, `${detail}: ${next.stdout}\n${next.stderr}`).toBe(0);
  expect(next.stderr, detail).not.toContain('already running');
  expect(lockHolder(data), `${detail}: the lock is released`).toBeNull();
  expect(processesWithEnv(MARK, `${process.pid}-${round}`), `${detail}: the killed run's processes`).toEqual([]);
  expect(await staleCgroups(data), detail).toEqual([]);

  const reader = new Database(join(data, JOURNAL_FILE), { readonly: true });
  let after: Rows;
  try {
    expect(soundness(reader), detail).toEqual({ integrity: ['ok'], foreignKeys: [] });
    after = readRows(reader);
  } finally {
    reader.close();
  }
  expect(rowChanges(kill.crashed, after), detail).toEqual([]);
  const runs = new Map(rowsOf(after, 'runs').map((r) => [r.id as number, r]));
  const steps = rowsOf(after, 'step_states');
  for (const run of kill.ours.filter((r) => r.status === 'running')) {
    expect(runs.get(run.id as number)?.status, detail).toBe('interrupted');
    expect(steps.find((s) => s.step_id === run.step_id), `${detail}: the step of run ${String(run.id)}`).toMatchObject({ status: 'interrupted', last_run_id: run.id });
  }
  for (const state of rowsOf(kill.crashed, 'step_states').filter((s) => s.status === 'running')) {
    expect(steps.find((s) => s.step_id === state.step_id)?.status, detail).toBe('interrupted');
  }
  expect([...runs.values()].filter((r) => r.status === 'running'), detail).toEqual([]);
  // Each step says what its last run says.
  for (const state of steps) expect(state.status, `${detail}: step ${String(state.step_id)}`).toBe(runs.get(state.last_run_id as number)?.status);
  const own = [...runs.values()].filter((r) => (r.id as number) > lastId(kill.crashed, 'runs'));
  expect(own, detail).toMatchObject([{ step_id: 'verify', status: 'passed' }]);
}

describe('kill -9 during stepwise run', () => {
  it(`loses no committed row, keeps the journal sound, shows the run interrupted and recovers the lock, ${KILLS} times`, async () => {
    const began = performance.now();
    const random = seededRandom(SEED);
    const data = join(work, 'data');
    const timing = await timedRun(data);

    const phases = new Map<string, number>();
    const moments: number[] = [];
    const tally = { rows: 0, interrupted: 0, withOutput: 0, leftovers: 0, endedFirst: 0 };
    const rounds: string[] = [];
    for (let kills = 0, round = 1; kills < KILLS; round++) {
      expect(tally.endedFirst, 'runs that ended before their kill: the windows are far off').toBeLessThan(10);
      const draw = { kind: KINDS[kills % KINDS.length]!, step: STEPS[Math.floor(random() * STEPS.length)]!, fraction: random() };
      const kill = await killedRun(data, round, draw, timing);
      const detail = `round ${round} (${draw.kind}, ${draw.step}, seed ${SEED}), killed ${Math.round(kill.at)} ms after start`;
      tally.rows += count(kill.seen);
      rounds.push(`  ${detail}: ${kill.killed ? kill.phase : 'ended first'}, ${count(kill.seen)} rows seen`);
      if (!kill.killed) {
        expect(kill.result.code, `${detail}: ${kill.result.stderr}`).toBe(1);
        tally.endedFirst++;
        continue;
      }
      kills++;
      moments.push(kill.at);
      const key = `${draw.kind} → ${kill.phase}`;
      phases.set(key, (phases.get(key) ?? 0) + 1);
      const cutShort = kill.ours.filter((r) => r.status === 'running');
      tally.interrupted += cutShort.length;
      tally.withOutput += cutShort.filter((r) => ((r.output_bytes as number | null) ?? 0) > 0).length;
      if (processesWithEnv(MARK, `${process.pid}-${round}`).length > 0) tally.leftovers++;
      await checkNextEngine(data, round, kill, detail);
    }

    moments.sort((a, b) => a - b);
    const ms = (n: number | undefined): string => `${Math.round(n ?? 0)} ms`;
    console.log(
      `journalSigkill: ${KILLS} kills (seed ${SEED}; ${tally.endedFirst} more runs ended before their moment, checked the same); ` +
        `kind → phase: ${[...phases].sort().map(([p, n]) => `${p} ${n}`).join('; ')}; ` +
        `kill moments ${ms(moments[0])} to ${ms(moments.at(-1))} after start, median ${ms(moments[Math.floor(moments.length / 2)])} (a run to its end: ${ms(timing.exit)}); ` +
        `${tally.rows} rows seen committed before the kills, all found after; ${tally.interrupted} runs cut short (${tally.withOutput} with output saved while running); ` +
        `${tally.leftovers} kills left processes that the next engine ended; ${((performance.now() - began) / 1000).toFixed(0)} s\n${rounds.join('\n')}`,
    );
  }, 900_000);
});

function planYaml(generator: string): string {
  const gen = (id: string, exit: number): string => `
      - id: ${id}
        title: Print 3,000 lines with diagnostics (${id})
        kind: command
        command: node ${generator} ${id} 3000 3000 ${exit}`;
  return `id: kills
title: Killed runs
phases:
  - id: only
    title: Only
    steps:${gen('gen-a', 0)}${gen('gen-b', 1)}
      - id: cargo-check
        title: Check the crate
        kind: command
        command: cargo check --all-features
      - id: verify
        title: The next engine's run
        kind: command
        command: echo verified
`;
}
