// Test counts per test binary, libtest and nextest alike, on the verbatim
// samples of /work/shared/knowledge/rust-upgrade-facts.md and the nextest runs
// built around them (test/fixtures/outputs/nextest, see its README), and the
// same counts however the output is cut into chunks.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { visibleText } from '../../src/core/diagnostics/lines';
import { NextestParser } from '../../src/core/diagnostics/nextest';
import { UNLISTED } from '../../src/core/diagnostics/nextestBinaries';
import { readNextestStatus, readNextestSummary } from '../../src/core/diagnostics/nextestLines';
import { TestBinaryCounter } from '../../src/core/diagnostics/testBinaries';
import { testsByBinary } from '../helpers/testsByBinary';
import { parseOutput } from '../../src/core/diagnostics/outputParser';
import { TestTally } from '../../src/core/diagnostics/testTally';
import type { Diagnostic, TestBinaryCounts } from '../../src/shared/model';

const output = (path: string): string => readFileSync(fileURLToPath(new URL(`../fixtures/outputs/${path}`, import.meta.url)), 'utf8');
const counts = (binary: string, passed: number, failed: number, ignored: number, failing: string[] = []): TestBinaryCounts => ({ binary, passed, failed, ignored, failing });

/** The counts of the output fed in these chunks. */
function streamed(...chunks: string[]): TestBinaryCounts[] {
  const counter = new TestBinaryCounter();
  for (const chunk of chunks) counter.push(chunk);
  return counter.end();
}

const GOLDEN: Record<string, TestBinaryCounts[]> = {
  // --status-level all: every verdict listed, SKIP lines too; the failure's captured libtest output is not counted again.
  'nextest/status-level-all.txt': [
    counts('photondrift', 4, 1, 1, ['tests::drift_is_detected_in_recent_window']),
    counts('photondrift::integration', 2, 0, 1),
    counts('photondrift::bin/photondrift', 3, 0, 0),
  ],
  // The default status level in a terminal: no SKIP lines, so the summary's skipped test is unlisted; retries end in their last verdict.
  'nextest/default-status-level.ansi.txt': [
    counts('photondrift', 3, 1, 0, ['tests::drift_is_detected_in_recent_window']),
    counts('photondrift::integration', 1, 1, 0, ['replay_of_recorded_session']),
    counts(UNLISTED, 0, 0, 1),
  ],
  // The facts file's cancelled run: two tests listed, the rest of its summary unlisted.
  'nextest-failing.txt': [counts('server::organization', 1, 1, 0, ['test_authorization']), counts(UNLISTED, 4, 3, 2)],
  // libtest, for comparison: the same structure.
  'cargo-test-failing.ansi.txt': [
    { ...counts('unittests src/lib.rs', 2, 1, 1, ['tests::bad']), crate: 'lt' },
    counts('tests/api.rs', 1, 1, 0, ['api_ratio_by_zero']),
    { ...counts('Doc-tests lt', 0, 0, 0), crate: 'lt' },
  ],
};

describe('test counts per binary', () => {
  it.each(Object.entries(GOLDEN))('%s', (name, expected) => {
    const text = output(name);
    expect(testsByBinary(text)).toEqual(expected);
    // The binaries add up to what the run itself counted (nextest's Summary, libtest's `test result:` lines).
    const sum = (key: 'passed' | 'failed' | 'ignored'): number => expected.reduce((total, b) => total + b[key], 0);
    expect(parseOutput(text).tests).toMatchObject({ passed: sum('passed'), failed: sum('failed'), ignored: sum('ignored') });
  });

  it.each(Object.keys(GOLDEN))('%s: the same counts split in two at every position', (name) => {
    const text = output(name);
    const whole = streamed(text);
    for (let i = 0; i <= text.length; i++) {
      const split = streamed(text.slice(0, i), text.slice(i));
      // Compare cheaply, and let expect() print the difference only when there is one.
      if (JSON.stringify(split) !== JSON.stringify(whole)) expect(split, `split at ${i}: ${JSON.stringify(text.slice(i - 5, i + 5))}`).toEqual(whole);
    }
    expect(streamed(...text)).toEqual(whole);
  });

  it('reads the binary ids nextest prints, in the compact form too', () => {
    const run = [
      'PASS [ 0.004s] photondrift tests::a',
      'PASS [ 0.004s] photondrift::integration drift_report',
      'FAIL [ 0.004s] photondrift::bin/photondrift tests::cli',
      '        SKIP [         ] (-----) photondrift::integration slow_replay',
      '     SIGSEGV [   0.120s] ( 3/10) photondrift tests::crashes',
      'Summary [ 0.123s] 10 tests run: 9 passed, 1 failed, 2 skipped',
    ].join('\n');
    expect(testsByBinary(run)).toEqual([
      counts('photondrift', 1, 1, 0, ['tests::crashes']),
      counts('photondrift::integration', 1, 0, 1),
      counts('photondrift::bin/photondrift', 0, 1, 0, ['tests::cli']),
      counts(UNLISTED, 7, 0, 1),
    ]);
  });

  it('keeps two runs apart, and cargo test binaries after a nextest run', () => {
    const run = (passed: number): string =>
      `    Starting ${passed} tests across 1 binary\n${'        PASS [   0.001s] photondrift tests::a\n'.repeat(passed)}     Summary [   0.010s] 1 test run: 1 passed, 0 skipped\n`;
    const cargoTest = '     Running unittests src/lib.rs (target/debug/deps/photondrift-bd2db50eb87ac70c)\n\nrunning 1 test\ntest tests::a ... ok\n\ntest result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s\n';
    expect(testsByBinary(run(1) + run(1) + cargoTest)).toEqual([counts('photondrift', 1, 0, 0), counts('photondrift', 1, 0, 0), { ...counts('unittests src/lib.rs', 1, 0, 0), crate: 'photondrift' }]);
  });

  it("does not take nextest's progress bar for a binary cargo runs", () => {
    const bar = '     Running [ 00:00:01] 3/10: 2 running, 1 passed, 0 skipped\n        PASS [   0.004s] photondrift tests::a\n';
    expect(testsByBinary(`    Starting 1 test across 1 binary\n${bar}`)).toEqual([counts('photondrift', 1, 0, 0)]);
  });

  it('gives a run with no tests an entry of zeros, and output without tests none', () => {
    expect(testsByBinary('    Starting 0 tests across 0 binaries\n     Summary [   0.000s] 0 tests run: 0 passed, 0 skipped\n')).toEqual([counts(UNLISTED, 0, 0, 0)]);
    expect(testsByBinary('error[E0432]: unresolved import `x`\nerror: could not compile `p`\n')).toEqual([]);
  });
});

describe('nextest lines', () => {
  it('reads each verdict nextest prints, and nothing that is not one', () => {
    const verdict = (line: string) => readNextestStatus(line)?.verdict ?? null;
    expect(readNextestStatus('        FAIL [  19.954s] server::organization test_authorization')).toEqual({
      status: 'FAIL', verdict: 'failed', binary: 'server::organization', test: 'test_authorization',
    });
    for (const passed of ['PASS', 'LEAK', 'TRY 2 PASS', 'SLOW', 'SLOW + LEAK', 'FLAKY 2/3']) expect(verdict(`${passed.padStart(12)} [   0.004s] p t`)).toBe('passed');
    for (const failed of ['FAIL + LEAK', 'XFAIL', 'TIMEOUT', 'LEAK-FAIL', 'SIGABRT', 'ABORT SIG 34', 'TRY 3 FAIL', 'TRY 2 TMT', 'TRY 2 SEGV']) {
      expect(verdict(`${failed.padStart(12)} [   0.004s] p t`)).toBe('failed');
    }
    expect(verdict('        SKIP [         ] p t')).toBe('ignored');
    // Announcements, not verdicts: a slow test still running, a retry starting, a setup script, the summary.
    for (const line of [
      '        SLOW [>  60.000s] p t',
      '  TRY 2 SLOW [>  60.000s] p t',
      ' TERMINATING [> 120.000s] p t',
      '   RETRY 2/3 [         ] p t',
      '  SETUP PASS [   0.100s] db-setup: ./setup.sh',
      '     Summary [   2.000s] 5 tests run: 5 passed, 0 skipped',
      'test tests::a ... ok',
    ]) {
      expect(readNextestStatus(line), line).toBeNull();
    }
  });

  it('reads both forms of Summary from the facts file, and the compact one', () => {
    expect(readNextestSummary('     Summary [   2.000s] 5 tests run: 5 passed, 0 skipped')).toEqual({ passed: 5, failed: 0, ignored: 0 });
    expect(readNextestSummary('Summary [  15.750s] 8/10 tests run: 5 passed (1 slow, 1 flaky, 1 leaky), 2 failed, 1 exec failed, 1 timed out, 2 skipped')).toEqual({
      passed: 5, failed: 4, ignored: 2,
    });
    expect(readNextestSummary('Summary [ 0.123s] 10 tests run: 9 passed, 1 failed, 2 skipped')).toEqual({ passed: 9, failed: 1, ignored: 2 });
    expect(readNextestSummary('     Summary [   1.000s] 3 tests run: 1 passed, 2 failed (1 due to being leaky), 0 skipped')).toEqual({ passed: 1, failed: 2, ignored: 0 });
  });

  it('makes one issue per failing test, and keeps the panic in its captured output as one, with its place', () => {
    const issues = (name: string) => parseOutput(output(name)).diagnostics.map((d) => [d.tool, d.message, d.file, d.line]);
    expect(issues('nextest/status-level-all.txt')).toEqual([
      ['nextest', 'photondrift tests::drift_is_detected_in_recent_window failed', null, null],
      ['libtest', 'tests::drift_is_detected_in_recent_window panicked: assertion failed: report.drifted', 'src/lib.rs', 104],
    ]);
    expect(issues('nextest/default-status-level.ansi.txt')).toEqual([
      ['nextest', 'photondrift::integration replay_of_recorded_session crashed (SIGSEGV)', null, null],
      ['nextest', 'photondrift tests::drift_is_detected_in_recent_window failed', null, null],
    ]);
  });

  it('makes an issue of a failure after its last retry, once the summary says it was the last', () => {
    const found: Diagnostic[] = [];
    const parser = new NextestParser(new TestTally());
    for (const line of output('nextest/default-status-level.ansi.txt').split('\n')) parser.line(visibleText(line), found);
    expect(found.map((d) => d.message)).toEqual([
      'photondrift::integration replay_of_recorded_session crashed (SIGSEGV)',
      'photondrift tests::drift_is_detected_in_recent_window failed',
    ]);
  });
});

