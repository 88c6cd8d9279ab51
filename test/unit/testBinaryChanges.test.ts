// Per-binary test counts, baseline against after: the binaries that went
// missing, came in, or lost tests are flagged, in the words the metrics page
// and the guide both show.
import { describe, expect, it } from 'vitest';
import { testsByBinary } from '../helpers/testsByBinary';
import type { MeasurementRecord, MetricValue, TestBinaryCounts } from '../../src/shared/model';
import {
  changeText,
  compareTestBinaries,
  newlyFailing,
  noBinaryInCommon,
  rowFlag,
  testFigures,
  type TestBinaryRow,
} from '../../src/shared/testBinaryChanges';

const bin = (binary: string, passed: number, failed = 0, ignored = 0, failing: string[] = []): TestBinaryCounts => ({ binary, passed, failed, ignored, failing });

const row = (rows: TestBinaryRow[], label: string): TestBinaryRow => {
  const found = rows.find((r) => r.label === label);
  if (!found) throw new Error(`no row ${label} in ${rows.map((r) => r.label).join(', ')}`);
  return found;
};

describe('compareTestBinaries', () => {
  it('flags a binary that disappeared, one that appeared and one that lost tests; leaves the rest alone', () => {
    const rows = compareTestBinaries(
      [bin('unittests src/lib.rs', 5), bin('tests/plugins.rs', 3), bin('Doc-tests photondrift', 2)],
      [bin('unittests src/lib.rs', 3, 1, 0, ['after::ratio_is_one']), bin('Doc-tests photondrift', 2), bin('tests/smoke.rs', 1)],
    );
    expect(rows.map((r) => [r.label, r.change, rowFlag(r), changeText(r)])).toEqual([
      ['unittests src/lib.rs', 'fewer', 'bad', '1 fewer test, 1 failing'],
      ['tests/plugins.rs', 'disappeared', 'bad', 'disappeared (had 3 tests)'],
      ['Doc-tests photondrift', 'same', null, ''],
      ['tests/smoke.rs', 'appeared', 'note', 'new binary, 1 test'],
    ]);
    expect(noBinaryInCommon(rows)).toBe(false);
  });

  it('flags tests now ignored as fewer that ran, and says how many more tests there are', () => {
    const rows = compareTestBinaries([bin('a', 5), bin('b', 2), bin('c', 5)], [bin('a', 3, 0, 2), bin('b', 4), bin('c', 4, 1, 1, ['c::new'])]);
    expect(row(rows, 'a').change).toBe('fewer');
    expect(changeText(row(rows, 'a'))).toBe('2 more ignored');
    expect(rowFlag(row(rows, 'a'))).toBe('bad');
    expect([row(rows, 'b').change, changeText(row(rows, 'b')), rowFlag(row(rows, 'b'))]).toEqual(['more', '2 more tests', null]);
    // One test ignored and a failing one added: as many ran, and the row says all three things.
    expect([row(rows, 'c').change, changeText(row(rows, 'c')), rowFlag(row(rows, 'c'))]).toEqual(['more', '1 more test, 1 more ignored, 1 failing', 'bad']);
  });

  it('counts a removed ignored test as a test fewer, though as many ran', () => {
    const [only] = compareTestBinaries([bin('a', 4, 0, 1)], [bin('a', 4)]);
    expect([only?.change, changeText(only!)]).toEqual(['fewer', '1 fewer test']);
  });

  it('pairs two binaries of one name (two workspace crates) by their crate, by their place when no crate was recorded', () => {
    // What cargo prints for a workspace of crates a and b: both unit test binaries are `unittests src/lib.rs`.
    const run = (bTests: string): TestBinaryCounts[] =>
      testsByBinary(
        [
          '     Running unittests src/lib.rs (target/debug/deps/a-3110576fc3c3c96d)',
          '',
          'running 1 test',
          'test t ... ok',
          '',
          'test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s',
          '',
          '     Running unittests src/lib.rs (target/debug/deps/b-d297d743c1d6421f)',
          '',
          bTests,
          '',
        ].join('\n'),
      );
    const before = run('running 2 tests\ntest t ... ok\ntest u ... ok\n\ntest result: ok. 2 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s');
    const after = run('running 1 test\ntest t ... ok\n\ntest result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s');
    expect(compareTestBinaries(before, after).map((r) => [r.label, r.change])).toEqual([
      ['a · unittests src/lib.rs', 'same'],
      ['b · unittests src/lib.rs', 'fewer'],
    ]);
    // Measurements stored before crates were recorded: cargo runs the crates in the same order every time.
    const unnamed = (side: TestBinaryCounts[]): TestBinaryCounts[] => side.map(({ crate: _crate, ...rest }) => rest);
    expect(compareTestBinaries(unnamed(before), unnamed(after)).map((r) => [r.label, r.change])).toEqual([
      ['unittests src/lib.rs', 'same'],
      ['unittests src/lib.rs (#2)', 'fewer'],
    ]);
    expect(compareTestBinaries(unnamed(before), after).map((r) => r.label)).toEqual(['unittests src/lib.rs', 'unittests src/lib.rs (#2)']);
  });

  it('judges nothing when one side has no figures, rather than calling every binary gone', () => {
    const rows = compareTestBinaries([bin('a', 5, 1, 0, ['x'])], null);
    expect(rows.map((r) => [r.label, r.change, rowFlag(r), changeText(r)])).toEqual([['a', null, null, '']]);
    expect(compareTestBinaries(null, [bin('a', 2, 1, 0, ['y'])]).map(rowFlag)).toEqual(['bad']);
  });

  it('tells when the two sides share no binary name (cargo test against nextest)', () => {
    const rows = compareTestBinaries([bin('unittests src/lib.rs', 5)], [bin('photondrift', 5)]);
    expect(noBinaryInCommon(rows)).toBe(true);
    expect(noBinaryInCommon(compareTestBinaries([], [bin('photondrift', 5)]))).toBe(false);
  });

  it('names the tests that fail after and did not before', () => {
    const [only] = compareTestBinaries([bin('a', 3, 1, 0, ['old'])], [bin('a', 2, 2, 0, ['old', 'new'])]);
    expect(newlyFailing(only!)).toEqual(['new']);
  });
});

describe('testFigures', () => {
  const measurement = (metric: MetricValue | null, tests: TestBinaryCounts[]): MeasurementRecord => ({
    id: 1, sessionId: 1, kind: 'baseline', label: 'baseline', toolchain: 'rustc 1.95.0', startedAt: '2026-11-24T00:00:00.000Z', endedAt: '2026-11-24T00:01:00.000Z',
    metrics: metric ? [metric] : [],
    tests,
  });

  it('gives the binaries of measured tests, and the reason of tests not measured or failed', () => {
    expect(testFigures(measurement({ name: 'tests_passed', value: 5, unit: 'count', status: 'measured', reason: null, samples: [5] }, [bin('a', 5)]))).toEqual({
      measured: true,
      binaries: [bin('a', 5)],
    });
    const broken = '`cargo test --no-fail-fast` exited with 101: cannot find value `x` in this scope';
    expect(testFigures(measurement({ name: 'tests_passed', value: null, unit: 'count', status: 'failed', reason: broken, samples: [] }, []))).toEqual({
      measured: false,
      failed: true,
      reason: broken,
    });
    expect(testFigures(measurement(null, []))).toEqual({ measured: false, failed: false, reason: 'not measured' });
  });
});
