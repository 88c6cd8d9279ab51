// `npm run bench` (terminal flood): what parsing costs the engine's event loop
// while a command floods a real pty. The same 30 MiB of captured cargo and
// test output is cat'ed three ways in the same run: without a parser (the
// baseline), with the parser on the engine's thread, and with the parser in
// the worker thread that the app and `stepwise serve` use. The figure is the
// event loop's busy time (performance.eventLoopUtilization), since that is
// what a flood takes from keystrokes and every other client request.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { it } from 'vitest';
import { ParserService, type RunParse } from '../../src/core/diagnostics/offThreadParser';
import { resolveResourcesDir } from '../../src/core/paths';
import { TerminalSession } from '../../src/core/terminal/terminalSession';

const ROOT = join(__dirname, '../..');
const WORKER = join(ROOT, 'out/main/parserWorker.js');
const FLOOD = join(ROOT, '.cache/bench/flood-30mb.log');
const RUNS = 3;

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

async function flood(file: string, parsers: ParserService | null): Promise<{ busyMs: number; wallMs: number; issues: number }> {
  const shell = new TerminalSession({
    cwd: ROOT,
    cols: 200,
    rows: 50,
    integrationScript: join(resolveResourcesDir(), 'shell-integration', 'bash.sh'),
    env: { HOME: join(ROOT, '.cache/bench') },
  });
  await new Promise<void>((ready) => {
    const off = shell.on('ready', () => {
      off();
      ready();
    });
  });
  let run: RunParse | null = null;
  shell.on('commandStart', () => (run = parsers?.begin() ?? null));
  shell.on('commandOutput', (text) => run?.push(text));
  const ended = new Promise<string>((done) => shell.on('commandEnd', (e) => done(e.output)));
  const before = performance.eventLoopUtilization();
  const start = performance.now();
  await shell.runCommand(`cat ${file}`);
  const output = await ended;
  const issues = run ? (await (run as RunParse).end(output)).diagnostics.length : 0;
  const used = performance.eventLoopUtilization(before);
  const wallMs = performance.now() - start;
  await shell.dispose();
  return { busyMs: used.active, wallMs, issues };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

it('terminal flood: event-loop time spent parsing', async () => {
  if (!existsSync(WORKER)) throw new Error(`build first (npx electron-vite build): ${WORKER} is missing`);
  const file = floodFile();
  const onThread = new ParserService();
  const inWorker = new ParserService(WORKER);
  const results = { none: [] as number[], thread: [] as number[], worker: [] as number[] };
  let issues = 0;
  for (let i = 0; i < RUNS; i++) {
    results.none.push((await flood(file, null)).busyMs);
    results.thread.push((await flood(file, onThread)).busyMs);
    const w = await flood(file, inWorker);
    results.worker.push(w.busyMs);
    issues = w.issues;
  }
  await inWorker.dispose();
  if (issues === 0) throw new Error('the worker found no issue in the flood: it did not parse');
  const base = median(results.none);
  const share = (ms: number): string => `${((100 * (ms - base)) / ms).toFixed(1)}%`;
  console.log(`\nterminal flood: cat 30 MiB of cargo/test output through a real pty, event-loop busy time, median of ${RUNS}`);
  console.log(`  no parser (baseline)        ${base.toFixed(0)} ms`);
  console.log(`  parser on the engine thread ${median(results.thread).toFixed(0)} ms  parsing share ${share(median(results.thread))}`);
  console.log(`  parser in a worker thread   ${median(results.worker).toFixed(0)} ms  parsing share ${share(median(results.worker))}  (${issues.toLocaleString('en')} issues found)`);
}, 600_000);
