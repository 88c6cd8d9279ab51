// `npm run bench` (terminal flood): what parsing costs the engine's event loop
// while a command floods a real pty. The same 30 MiB of captured cargo and
// test output is cat'ed three ways in the same run: without a parser (the
// baseline), with the parser on the engine's thread, and with the parser in
// the worker thread that the app and `stepwise serve` use. The figure is the
// event loop's busy time (performance.eventLoopUtilization), since that is
// what a flood takes from keystrokes and every other client request.
//
// On a shared 2-core machine one run's busy time wanders by tens of ms, so
// the three kinds run back to back RUNS times, each parsing run's share is
// taken against the baseline run beside it, and the medians are reported.
// Beside it, the time the engine thread spent inside the parser's `push` and
// `end` calls: what handing the output over costs, measured directly and as a
// share of the same run's busy time, which load from other programs moves far
// less than it moves the difference between two runs.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { it } from 'vitest';
import { ParserService, type RunParse } from '../../src/core/diagnostics/offThreadParser';
import { resolveResourcesDir } from '../../src/core/platform/fs/paths';
import { TerminalSession } from '../../src/core/terminals/terminalSession';

const ROOT = join(__dirname, '../..');
const WORKER = join(ROOT, 'out/main/parserWorker.js');
const FLOOD = join(ROOT, '.cache/bench/flood-30mb.log');
const RUNS = Number(process.env.FLOOD_RUNS ?? 7);

function floodFile(): string {
  if (existsSync(FLOOD)) return FLOOD;
  const outputs = join(ROOT, 'test/fixtures/outputs');
  const sample = ['cargo-test-failing.ansi.txt', 'clippy-deny-warnings.ansi.txt', 'cargo-check-all-features.ansi.txt']
    .map((name) => readFileSync(join(outputs, name), 'utf8'))
    .join('');
  mkdirSync(join(ROOT, '.cache/bench'), { recursive: true });
  writeFileSync(FLOOD, sample.repeat(Math.ceil((30 * 1024 * 1024) / sample.length)));
  return FLOOD;
}

async function flood(file: string, parsers: ParserService | null): Promise<{ busyMs: number; handOffMs: number; issues: number }> {
  const shell = new TerminalSession({
    cwd: ROOT,
    cols: 200,
    rows: 50,
    integrationDir: join(resolveResourcesDir(), 'shell-integration'),
    env: { HOME: join(ROOT, '.cache/bench') },
  });
  await new Promise<void>((ready) => {
    const off = shell.on('ready', () => {
      off();
      ready();
    });
  });
  let run: RunParse | null = null;
  let handOffMs = 0;
  shell.on('commandStart', () => (run = parsers?.begin() ?? null));
  shell.on('commandOutput', (text) => {
    const start = performance.now();
    run?.push(text);
    handOffMs += performance.now() - start;
  });
  const ended = new Promise<string>((done) => shell.on('commandEnd', (e) => done(e.output)));
  const before = performance.eventLoopUtilization();
  await shell.runCommand(`cat ${file}`);
  const output = await ended;
  const start = performance.now();
  const result = run ? (run as RunParse).end(output) : null;
  handOffMs += performance.now() - start;
  const issues = result ? (await result).diagnostics.length : 0;
  const used = performance.eventLoopUtilization(before);
  await shell.dispose();
  return { busyMs: used.active, handOffMs, issues };
}

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
/** The part of a parsing run's busy time that its baseline run did not have. */
const share = (busy: number, base: number): number => (100 * (busy - base)) / busy;
const ms = (xs: number[]): string => xs.map((x) => x.toFixed(0)).join(', ');

it('terminal flood: event-loop time spent parsing', async () => {
  if (!existsSync(WORKER)) throw new Error(`build first (npx electron-vite build): ${WORKER} is missing`);
  const file = floodFile();
  const onThread = new ParserService();
  const inWorker = new ParserService(WORKER);
  const busy = { none: [] as number[], thread: [] as number[], worker: [] as number[] };
  const shares = { thread: [] as number[], worker: [] as number[] };
  const handOff: number[] = [];
  const handOffShare: number[] = [];
  let issues = 0;
  for (let i = 0; i < RUNS; i++) {
    const base = (await flood(file, null)).busyMs;
    const thread = (await flood(file, onThread)).busyMs;
    const worker = await flood(file, inWorker);
    busy.none.push(base);
    busy.thread.push(thread);
    busy.worker.push(worker.busyMs);
    shares.thread.push(share(thread, base));
    shares.worker.push(share(worker.busyMs, base));
    handOff.push(worker.handOffMs);
    handOffShare.push((100 * worker.handOffMs) / worker.busyMs);
    issues = worker.issues;
  }
  await inWorker.dispose();
  if (issues === 0) throw new Error('the worker found no issue in the flood: it did not parse');
  const pct = (xs: number[]): string => `${median(xs).toFixed(1)}% (runs: ${xs.map((x) => x.toFixed(0)).join(', ')})`;
  console.log(`\nterminal flood: cat 30 MiB of cargo/test output through a real pty, event-loop busy time, medians of ${RUNS}`);
  console.log(`  no parser (baseline)        ${median(busy.none).toFixed(0)} ms  (runs: ${ms(busy.none)})`);
  console.log(`  parser on the engine thread ${median(busy.thread).toFixed(0)} ms  parsing share ${pct(shares.thread)}`);
  console.log(`  parser in a worker thread   ${median(busy.worker).toFixed(0)} ms  parsing share ${pct(shares.worker)}`);
  console.log(`    hand-off to the worker, timed on the engine thread: ${median(handOff).toFixed(1)} ms (runs: ${ms(handOff)}), ${pct(handOffShare)} of the run's busy time; ${issues.toLocaleString('en')} distinct issues`);
}, 900_000);
