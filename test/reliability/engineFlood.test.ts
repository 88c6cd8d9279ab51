// A gigabyte through a real terminal: `stepwise run` (the built CLI, the
// engine in its own process, as CI runs it) runs a plan step printing 1 GiB
// of what a long build prints (test/e2e/reliability/floodOutput.cjs, the mix
// the page-attached flood spec uses), its terminal streamed to /dev/null.
// The engine's resident memory stays under 500 MiB, the journal grows by a
// few MiB, and the run keeps its output's head and tail, the cut marked
// with the exact number of bytes not kept.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Journal } from '../../src/core/journal/journal';
import { JOURNAL_FILE } from '../../src/core/platform/fs/paths';
import { cutLine } from '../../src/core/terminals/outputCapture';
import { BuiltCli } from '../helpers/builtCli';
import { cpuSeconds, journalBytes, mib, RssSampler } from '../helpers/footprint';
import { shellHomeEnv } from '../helpers/shellHome';

const FLOOD_MIB = 1024;
const MAX_RSS = 500 * 2 ** 20;
const GENERATOR = join(__dirname, '../e2e/reliability/floodOutput.cjs');

let work: string;
let cli: BuiltCli;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'stepwise-engine-flood-'));
  cli = BuiltCli.build(shellHomeEnv());
});
afterAll(async () => {
  await cli?.remove();
  if (work) rmSync(work, { recursive: true, force: true });
});

it(`keeps the engine under ${mib(MAX_RSS)} and the journal to a few MiB through ${FLOOD_MIB} MiB of output`, async () => {
  const home = join(work, 'data');
  const project = join(work, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'Cargo.toml'), '[package]\nname = "p"\n'); // a Rust project: the engine opens no other
  writeFileSync(
    join(work, 'plan.yaml'),
    `id: flood\ntitle: Flood\nphases:\n  - id: only\n    title: Only\n    steps:\n      - id: flood\n        title: Flood the terminal\n        kind: command\n        command: node ${GENERATOR} ${FLOOD_MIB}\n`,
  );
  const started = performance.now();
  // Its terminal goes to /dev/null: a gigabyte must not pile up in this test's memory either.
  const child = spawn(process.execPath, [cli.script, 'run', join(work, 'plan.yaml'), '--project', project, '--yes'], {
    env: cli.envWith({ STEPWISE_HOME: home }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const memory = new RssSampler(child.pid!, 1000);
  let cpu = 0;
  const cpuTimer = setInterval(() => (cpu = cpuSeconds(child.pid!) ?? cpu), 1000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  memory.stop();
  clearInterval(cpuTimer);
  const seconds = (performance.now() - started) / 1000;
  expect(code, stderr).toBe(0);

  const { main, wal } = journalBytes(home);
  const journal = Journal.open(join(home, JOURNAL_FILE));
  try {
    const [session] = journal.sessions.summaries();
    const [run] = journal.runs.forSession(session!.id);
    expect(run).toMatchObject({ stepId: 'flood', status: 'passed' });
    const sizes = journal.runs.outputSizes(run!.id)!;
    const output = journal.runs.output(run!.id);
    console.log(
      `engineFlood: ${FLOOD_MIB} MiB in ${seconds.toFixed(0)} s (${(FLOOD_MIB / seconds).toFixed(1)} MiB/s), engine peak RSS ${mib(memory.peakBytes)}, ` +
        `CPU ~${cpu.toFixed(0)} s; journal.sqlite ${mib(main)}, its WAL ${mib(wal)}; run output ${sizes.totalBytes.toLocaleString('en')} bytes, ` +
        `${sizes.keptBytes.toLocaleString('en')} kept`,
    );
    expect(memory.peakBytes).toBeLessThan(MAX_RSS);
    expect(sizes.totalBytes).toBeGreaterThan(FLOOD_MIB * 2 ** 20);
    expect(sizes.keptBytes).toBeLessThanOrEqual(2 * 2 ** 20);
    expect(output).toContain(`\r\n${cutLine(sizes.totalBytes - sizes.keptBytes)}\r\n`);
    expect(output).toMatch(/flood done: \d+ bytes\r\n$/);
    expect(main + wal).toBeLessThan(12 * 2 ** 20);
  } finally {
    journal.close();
  }
}, 1_200_000);
