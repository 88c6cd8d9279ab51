// `stepwise measure`, as a scripted session or a CI job runs it: the built
// CLI, a real shell in a real pty, real cargo on a git copy of the photondrift
// fixture, the real journal file, stdin not a terminal.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journal } from '../../src/core/journal/journal';
import { stripAnsi } from '../../src/shared/ansi';
import type { GateResult, MeasurementRecord } from '../../src/shared/model';
import { BuiltCli } from '../helpers/builtCli';
import { commitAll } from '../helpers/gitRepo';
import { processesWith } from '../helpers/processes';
import { shellHomeEnv } from '../helpers/shellHome';
import { copyRustFixture } from '../helpers/rustFixture';


let work: string;
let project: string;
let dataDir: string;
let cli: BuiltCli;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'stepwise-measure-'));
  project = join(work, 'photondrift');
  dataDir = join(work, 'data');
  copyRustFixture(project);
  commitAll(project);
  cli = BuiltCli.build({ ...shellHomeEnv(), STEPWISE_HOME: dataDir, NO_COLOR: '1' });
});

afterAll(async () => {
  await cli?.remove();
  if (work) rmSync(work, { recursive: true, force: true });
});

function measurements(): MeasurementRecord[] {
  const journal = Journal.open(join(dataDir, 'journal.sqlite'));
  try {
    const project_ = journal.projects.byPath(project)!;
    return journal.measurements.forSession(journal.sessions.latest(project_.id)!.id);
  } finally {
    journal.close();
  }
}

describe('stepwise measure', () => {
  it('takes the parts asked for in the terminal, journals them, and prints the figures, tests per binary and gates', async () => {
    const result = await cli.run(['measure', '--project', project, '--kind', 'baseline', '--what', 'tests,audit']);
    expect(result.code, result.stderr).toBe(0);
    const out = stripAnsi(result.stdout);
    // The terminal streamed: cargo's own output, each command announced.
    expect(out).toMatch(/Measurement 1 \(baseline\) under rustc \d+\.\d+/);
    expect(out).toContain('[1/2] cargo test --no-fail-fast');
    expect(out).toContain('test result: ok. 5 passed');
    expect(out).toMatch(/Tests passed +5\n/);
    expect(out).toMatch(/Release build time +not measured: not asked for \(this measurement took tests, audit\)/);
    expect(out).toMatch(/Vulnerabilities +not measured: cargo-audit is not installed/);
    expect(out).toMatch(/unittests src\/lib\.rs +5 +0 +0\n/);
    expect(out).toMatch(/Test pass rate +not measured +no "after" measurement yet/);

    const [baseline] = measurements();
    expect(baseline).toMatchObject({ kind: 'baseline', label: 'Baseline', tests: [{ binary: 'unittests src/lib.rs', passed: 5, failed: 0 }, { binary: 'Doc-tests photondrift' }] });
    expect(baseline!.endedAt).not.toBeNull();
  });

  it('fails an "after" that fails a gate (exit 1), naming the failing test; --json keeps stdout for the JSON', async () => {
    const lib = join(project, 'src/lib.rs');
    writeFileSync(lib, `${readFileSync(lib, 'utf8')}\n#[cfg(test)]\nmod after {\n    #[test]\n    fn ratio_is_one() {\n        assert_eq!(1 + 1, 3);\n    }\n}\n`);
    const result = await cli.run(['measure', '--project', project, '--kind', 'after', '--what', 'tests', '--label', 'After the change', '--json']);
    expect(result.code, result.stderr).toBe(1);
    const { measurement, gates } = JSON.parse(result.stdout) as { measurement: MeasurementRecord; gates: GateResult[] };
    expect(measurement).toMatchObject({ kind: 'after', label: 'After the change' });
    expect(measurement.tests[0]).toMatchObject({ binary: 'unittests src/lib.rs', passed: 5, failed: 1, failing: ['after::ratio_is_one'] });
    expect(gates.find((g) => g.id === 'tests')).toMatchObject({ verdict: 'fail', detail: '5 of 6 passed (baseline 5 of 5); 1 failing: after::ratio_is_one' });
    expect(gates.find((g) => g.id === 'build-time')?.detail).toBe('baseline: not measured (not asked for (this measurement took tests, audit))');
    // A test added, none removed or ignored: nothing relaxed.
    expect(gates.find((g) => g.id === 'integrity')).toMatchObject({ verdict: 'pass', detail: 'no test or lint relaxed' });
    // The terminal went to stderr.
    expect(stripAnsi(result.stderr)).toContain('panicked at src/lib.rs');
  });

  it('prints what failed the test integrity gate: the file and line, the change, who made it', async () => {
    const lib = join(project, 'src/lib.rs');
    writeFileSync(lib, `#![allow(dead_code)]\n${readFileSync(lib, 'utf8')}`);
    const result = await cli.run(['measure', '--project', project, '--kind', 'after', '--what', 'audit']);
    expect(result.code, result.stderr).toBe(1);
    const out = stripAnsi(result.stdout);
    expect(out).toMatch(/Test integrity +FAIL +1 lint allowed\n/);
    expect(out).toContain("Test integrity:\n  src/lib.rs:1: `#[allow(dead_code)]` (changed outside Stepwise's steps)\n");
  });

  it('runs the tests with cargo-nextest when asked, and says it is not installed when it is not', async () => {
    const result = await cli.run(['measure', '--project', project, '--what', 'tests', '--test-runner', 'nextest']);
    expect(result.code, result.stderr).toBe(0);
    const out = stripAnsi(result.stdout);
    expect(out).toContain('[1/1] cargo nextest run --no-fail-fast');
    // This machine has no cargo-nextest: cargo's own words, then the figures say so.
    expect(out).toContain('no such command: `nextest`');
    expect(out).toMatch(/Tests passed +not measured: cargo-nextest is not installed \(cargo install cargo-nextest\)/);
  });

  it('refuses bad arguments (exit 2), saying what is wrong, and measures nothing', async () => {
    const cases: [string[], RegExp][] = [
      [['--project', project, '--what', 'build,speed'], /--what: no part "speed" \(the parts: build, check, tests, audit, image, runtime\)/],
      [['--project', project, '--kind', 'later'], /--kind must be baseline, after, adhoc, not "later"/],
      [['--project', project, '--runs', '0'], /--runs must be a whole number from 1 to 20, not "0"/],
      [['--project', project, '--test-runner', 'jest'], /--test-runner must be cargo or nextest, not "jest"/],
      [['--kind', 'after'], /measure needs --project DIR/],
      [['--project', join(work, 'nowhere')], /--project: No such folder: .*nowhere/],
      [['--project', project, '--image', 'bad image!'], /--image "bad image!": an image name such as photondrift:latest/],
    ];
    for (const [args, message] of cases) {
      const result = await cli.run(['measure', ...args]);
      expect(result.code, `${args.join(' ')}\n${result.stdout}`).toBe(2);
      expect(result.stderr).toMatch(message);
    }
    expect(measurements()).toHaveLength(4);
  });

  it('on SIGTERM ends the running command, journals the rest as not measured, exits 130', async () => {
    // The shell makes `7<pid>1` of it: only the sleep has that in its command line, not the CLI's arguments.
    const command = `sleep 7${process.pid}$((1))`;
    const sleep = `sleep 7${process.pid}1`;
    const running = cli.start(['measure', '--project', project, '--what', 'runtime', '--runs', '1', '--runtime', command]);
    await running.waitForOutput(`[1/1] ${command}`);
    await expect.poll(() => processesWith(sleep), { timeout: 10_000 }).toHaveLength(1);
    running.child.kill('SIGTERM');
    const result = await running.done;
    expect(result.code, result.stderr).toBe(130);
    expect(processesWith(sleep)).toEqual([]);
    const stopped = measurements().at(-1)!;
    expect(stopped.kind).toBe('adhoc');
    expect(stopped.endedAt).not.toBeNull();
    expect(stopped.metrics.find((m) => m.name === 'runtime')).toMatchObject({ status: 'not-measured', reason: `the terminal closed during \`${command}\`` });
  });
});
