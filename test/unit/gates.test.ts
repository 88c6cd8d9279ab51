import { describe, expect, it } from 'vitest';
import { DEFAULT_GATES, evaluateGates, planGates } from '../../src/core/metrics/gates';
import type { AuditAdvisory, GateSpec, IntegrityCheck, IntegrityFinding, MeasurementKind, MeasurementRecord, MetricName, MetricValue, TestBinaryCounts } from '../../src/shared/model';

let nextId = 1;
function measurement(kind: MeasurementKind, metrics: MetricValue[], tests: TestBinaryCounts[] = [], finished = true): MeasurementRecord {
  const id = nextId++;
  return {
    id, sessionId: 1, kind, label: `${kind} ${id}`, toolchain: 'rustc 1.95.0', startedAt: '2026-01-01T00:00:00.000Z',
    endedAt: finished ? '2026-01-01T00:01:00.000Z' : null, metrics, tests,
  };
}
const measured = (name: MetricName, value: number, unit = 'ms'): MetricValue => ({ name, value, unit, status: 'measured', reason: null, samples: [value] });
const notMeasured = (name: MetricName, reason: string): MetricValue => ({ name, value: null, unit: 'bytes', status: 'not-measured', reason, samples: [] });
const gate = (id: string): GateSpec => DEFAULT_GATES.find((g) => g.id === id)!;

describe('evaluateGates', () => {
  it('build time: exactly +10% passes, +10.01% fails', () => {
    const base = measurement('baseline', [measured('build_time_ms', 10_000)]);
    const exactly = evaluateGates([gate('build-time')], [base, measurement('after', [measured('build_time_ms', 11_000)])])[0]!;
    expect(exactly).toMatchObject({ verdict: 'pass', baseline: 10_000, after: 11_000, change: 0.1, rule: 'at most +10%' });
    expect(exactly.detail).toBe('10.0 s → 11.0 s (+10%); limit at most +10%');
    const over = evaluateGates([gate('build-time')], [base, measurement('after', [measured('build_time_ms', 11_001)])])[0]!;
    expect(over.verdict).toBe('fail');
    expect(over.detail).toContain('+10.01%');
  });

  it('does not fail exactly +10% on float error (0.7 s -> 0.77 s)', () => {
    const results = evaluateGates([gate('build-time')], [measurement('baseline', [measured('build_time_ms', 0.7)]), measurement('after', [measured('build_time_ms', 0.77)])]);
    expect((0.77 - 0.7) * 100).toBeGreaterThan(10 * 0.7); // the float error the tolerance absorbs
    expect(results[0]!.verdict).toBe('pass');
  });

  describe('timings and their noise', () => {
    const timed = (name: MetricName, samples: number[]): MetricValue => ({ name, value: [...samples].sort((x, y) => x - y)[Math.floor(samples.length / 2)]!, unit: 'ms', status: 'measured', reason: null, samples });
    const judge = (baseline: number[], after: number[]) =>
      evaluateGates([gate('build-time')], [measurement('baseline', [timed('build_time_ms', baseline)]), measurement('after', [timed('build_time_ms', after)])])[0]!;

    it('a rise no larger than the spread of either side\'s runs is within noise, not a failure', () => {
      // Sub-second builds: +16% on the medians, while the baseline's own runs span 150 ms.
      const result = judge([230, 241, 250, 300, 380], [260, 270, 280, 290, 300]);
      expect(result).toMatchObject({ verdict: 'within-noise', baseline: 250, after: 280 });
      expect(result.detail).toBe('250 ms → 280 ms (+12%); limit at most +10%; within noise: the medians differ by 30 ms, the runs by up to 150 ms');
    });

    it('a rise beyond both spreads fails, saying so', () => {
      const result = judge([240, 241, 242, 243, 244], [480, 485, 488, 490, 495]);
      expect(result.verdict).toBe('fail');
      expect(result.detail).toContain("beyond the runs' spread of 15 ms");
    });

    it('needs the same number of runs on both sides, and says why it cannot judge otherwise', () => {
      const result = judge([241], [450, 488, 520]);
      expect(result).toMatchObject({ verdict: 'not-measured', baseline: 241, after: 488 });
      expect(result.detail).toBe('the baseline is the median of 1 run and the after of 3 runs: measure both with the same number of runs (at least 5)');
    });

    it('with fewer than 5 runs a side the verdict stands, and says the noise is not known', () => {
      const result = judge([240, 241, 250], [480, 488, 490]);
      expect(result.verdict).toBe('fail');
      expect(result.detail).toContain('3 runs a side, too few to tell noise (at least 5)');
    });
  });

  it('a baseline that measured nothing is not the baseline: the one before it is, or none', () => {
    const first = measurement('baseline', [measured('build_time_ms', 10_000)]);
    const empty = measurement('baseline', [notMeasured('build_time_ms', 'the build failed to start')]);
    const after = measurement('after', [measured('build_time_ms', 10_500)]);
    expect(evaluateGates([gate('build-time')], [first, empty, after])[0]).toMatchObject({ verdict: 'pass', baseline: 10_000 });
    expect(evaluateGates([gate('build-time')], [empty, after])[0]).toMatchObject({ verdict: 'not-measured', detail: 'no baseline measurement yet' });
  });

  it('image size: +5% passes, +5.01% fails', () => {
    const base = measurement('baseline', [measured('image_bytes', 100_000_000, 'bytes')]);
    const at = (bytes: number): string => evaluateGates([gate('image-size')], [base, measurement('after', [measured('image_bytes', bytes, 'bytes')])])[0]!.verdict;
    expect(at(105_000_000)).toBe('pass');
    expect(at(105_010_000)).toBe('fail');
    expect(at(90_000_000)).toBe('pass');
  });

  it('runtime: at least 5% better, lower or higher', () => {
    const base = measurement('baseline', [measured('runtime', 200)]);
    const at = (value: number, spec: GateSpec = gate('runtime')): string =>
      evaluateGates([spec], [base, measurement('after', [measured('runtime', value)])])[0]!.verdict;
    expect(at(190)).toBe('pass'); // exactly 5% lower
    expect(at(190.02)).toBe('fail');
    expect(at(200)).toBe('fail');
    const higher: GateSpec = { ...gate('runtime'), better: 'higher' };
    expect(at(210, higher)).toBe('pass');
    expect(at(209.9, higher)).toBe('fail');
  });

  it('tests: a count that dropped fails even with every test passing', () => {
    const tests = (passed: number, failed: number): MetricValue[] => [measured('tests_passed', passed, 'count'), measured('tests_failed', failed, 'count'), measured('tests_ignored', 1, 'count')];
    const base = measurement('baseline', tests(40, 0));
    const dropped = evaluateGates([gate('tests')], [base, measurement('after', tests(38, 0))])[0]!;
    expect(dropped).toMatchObject({ verdict: 'fail', baseline: 40, after: 38, change: -0.05 });
    expect(dropped.detail).toBe("38 of 38 passed (baseline 40 of 40); 2 fewer than the baseline's 40");

    const failing = evaluateGates([gate('tests')], [base, measurement('after', tests(40, 1), [{ binary: 'lib', passed: 40, failed: 1, ignored: 1, failing: ['tests::ratio'] }])])[0]!;
    expect(failing.verdict).toBe('fail');
    expect(failing.detail).toContain('1 failing: tests::ratio');

    expect(evaluateGates([gate('tests')], [base, measurement('after', tests(41, 0))])[0]!.verdict).toBe('pass');
    expect(evaluateGates([gate('tests')], [base, measurement('after', tests(40, 0))])[0]!.verdict).toBe('pass');
  });

  it('a metric not measured is not-measured, with the reason', () => {
    const reason = 'no Docker engine answered (Cannot connect to the Docker daemon)';
    const results = evaluateGates([gate('image-size'), gate('vulnerabilities')], [
      measurement('baseline', [notMeasured('image_bytes', reason), measured('audit_vulnerabilities', 0, 'count')]),
      measurement('after', [notMeasured('image_bytes', reason)]),
    ]);
    expect(results[0]).toMatchObject({ verdict: 'not-measured', baseline: null, after: null, detail: `baseline: not measured (${reason})` });
    expect(results[1]).toMatchObject({ verdict: 'not-measured', baseline: 0, detail: 'after: not measured' });
  });

  it('a build that failed after the change fails its gate; an unfinished measurement judges nothing', () => {
    const failed: MetricValue = { name: 'build_time_ms', value: null, unit: 'ms', status: 'failed', reason: 'cargo build --release exited with 101', samples: [] };
    const base = measurement('baseline', [measured('build_time_ms', 1000)]);
    expect(evaluateGates([gate('build-time')], [base, measurement('after', [failed])])[0]).toMatchObject({ verdict: 'fail', detail: 'after: cargo build --release exited with 101' });
    const unfinished = measurement('after', [measured('build_time_ms', 5000)], [], false);
    expect(evaluateGates([gate('build-time')], [base, unfinished])[0]).toMatchObject({ verdict: 'not-measured', detail: 'no "after" measurement yet' });
    expect(evaluateGates([gate('build-time')], [])[0]!.detail).toBe('no baseline measurement yet');
  });

  it('judges the latest baseline against the latest after', () => {
    const results = evaluateGates([gate('build-time')], [
      measurement('baseline', [measured('build_time_ms', 1000)]),
      measurement('after', [measured('build_time_ms', 5000)]),
      measurement('baseline', [measured('build_time_ms', 2000)]),
      measurement('adhoc', [measured('build_time_ms', 9000)]),
      measurement('after', [measured('build_time_ms', 2100)]),
    ]);
    expect(results[0]).toMatchObject({ verdict: 'pass', baseline: 2000, after: 2100 });
  });

  it('vulnerabilities: no new ones', () => {
    const at = (b: number, a: number): string =>
      evaluateGates([gate('vulnerabilities')], [measurement('baseline', [measured('audit_vulnerabilities', b, 'count')]), measurement('after', [measured('audit_vulnerabilities', a, 'count')])])[0]!.detail;
    expect(at(2, 1)).toBe('2 → 1');
    expect(at(0, 1)).toBe('0 → 1: 1 new');
  });

  describe('vulnerabilities by advisory id', () => {
    const TIME: AuditAdvisory = { id: 'RUSTSEC-2020-0071', package: 'time', version: '0.1.45' };
    const CHRONO: AuditAdvisory = { id: 'RUSTSEC-2020-0159', package: 'chrono', version: '0.4.19' };
    const RSA: AuditAdvisory = { id: 'RUSTSEC-2023-0071', package: 'rsa', version: '0.9.6' };
    const audited = (kind: MeasurementKind, advisories: AuditAdvisory[]): MeasurementRecord =>
      measurement(kind, [{ ...measured('audit_vulnerabilities', advisories.length, 'count'), advisories }]);
    const judge = (before: MeasurementRecord, after: MeasurementRecord) => evaluateGates([gate('vulnerabilities')], [before, after])[0]!;

    it('passes with the same advisories', () => {
      const result = judge(audited('baseline', [TIME, CHRONO]), audited('after', [CHRONO, TIME]));
      expect(result).toMatchObject({ verdict: 'pass', baseline: 2, after: 2, change: 0, detail: '2 → 2: no new advisory' });
      expect(result.newAdvisories).toBeUndefined();
    });

    it('fails when one advisory is swapped for another, naming the new id and its crate', () => {
      const result = judge(audited('baseline', [TIME, CHRONO]), audited('after', [TIME, RSA]));
      expect(result).toMatchObject({ verdict: 'fail', baseline: 2, after: 2, newAdvisories: [RSA] });
      expect(result.detail).toBe('2 → 2: new RUSTSEC-2023-0071 (rsa 0.9.6); fixed RUSTSEC-2020-0159 (chrono 0.4.19)');
    });

    it('passes with fewer, naming the fixed ones', () => {
      expect(judge(audited('baseline', [TIME, CHRONO]), audited('after', [CHRONO]))).toMatchObject({
        verdict: 'pass', baseline: 2, after: 1, change: -0.5, detail: '2 → 1: no new advisory; fixed RUSTSEC-2020-0071 (time 0.1.45)',
      });
      expect(judge(audited('baseline', [TIME]), audited('after', []))).toMatchObject({ verdict: 'pass', detail: '1 → 0: no new advisory; fixed RUSTSEC-2020-0071 (time 0.1.45)' });
      // From none to one is a new one, as by count.
      expect(judge(audited('baseline', []), audited('after', [RSA]))).toMatchObject({ verdict: 'fail', change: null, detail: '0 → 1: new RUSTSEC-2023-0071 (rsa 0.9.6)' });
    });

    it('is not measured when either side has no figure, with the reason', () => {
      const missing = measurement('after', [notMeasured('audit_vulnerabilities', 'cargo-audit is not installed (cargo install cargo-audit)')]);
      expect(judge(audited('baseline', [TIME]), missing)).toMatchObject({
        verdict: 'not-measured', baseline: 1, after: null, detail: 'after: not measured (cargo-audit is not installed (cargo install cargo-audit))',
      });
      const unaudited = measurement('baseline', [measured('build_time_ms', 9000)]);
      expect(judge(unaudited, audited('after', [RSA]))).toMatchObject({ verdict: 'not-measured', baseline: null, after: 1, detail: 'baseline: not measured' });
    });

    it('compares counts when a side recorded no ids (a measurement from before they were kept)', () => {
      const older = measurement('baseline', [measured('audit_vulnerabilities', 1, 'count')]);
      expect(judge(older, audited('after', [RSA]))).toMatchObject({ verdict: 'pass', detail: '1 → 1' });
      expect(judge(older, audited('after', [TIME, RSA]))).toMatchObject({ verdict: 'fail', detail: '1 → 2: 1 new' });
    });
  });

  it('a plan without gates gets the seed defaults', () => {
    expect(planGates({ id: 'p', title: 'P', description: '', source: '', parameters: [], phases: [] }).map((g) => g.id)).toEqual([
      'build-time', 'runtime', 'tests', 'image-size', 'vulnerabilities', 'integrity',
    ]);
  });

  it("judges test integrity whatever gates a plan lists, where the plan places it if it does", () => {
    const own: GateSpec = { id: 'speed', title: 'Speed', metric: 'build_time_ms', rule: 'max-increase', percent: 1 };
    const plan = (gates: GateSpec[]) => ({ id: 'p', title: 'P', description: '', source: '', parameters: [], phases: [], gates });
    expect(planGates(plan([own])).map((g) => g.id)).toEqual(['speed', 'integrity']);
    const placed: GateSpec = { id: 'no-cheating', title: 'No cheating', metric: 'tests_passed', rule: 'integrity' };
    expect(planGates(plan([placed, own])).map((g) => g.id)).toEqual(['no-cheating', 'speed']);
  });

  describe('test integrity, as the after recorded it against its baseline', () => {
    const finding: IntegrityFinding = {
      kind: 'ignore-added', file: 'src/lib.rs', line: 9, what: '#[ignore] on test `ratio`', stepId: null, stepTitle: null,
    };
    const judge = (integrity: IntegrityCheck | undefined, base = measurement('baseline', [measured('build_time_ms', 1)])) => {
      const after = measurement('after', [measured('build_time_ms', 1)]);
      if (integrity) after.integrity = { ...integrity, baselineId: integrity.baselineId || base.id };
      return evaluateGates([gate('integrity')], [base, after])[0]!;
    };

    it('fails on any finding, listing them; passes on none', () => {
      expect(judge({ baselineId: 0, unavailable: null, findings: [finding, { ...finding, kind: 'test-removed', what: 'test `x` removed' }] })).toMatchObject({
        verdict: 'fail', detail: '1 test ignored, 1 test removed', findings: [finding, expect.objectContaining({ kind: 'test-removed' })],
      });
      expect(judge({ baselineId: 0, unavailable: null, findings: [] })).toMatchObject({ verdict: 'pass', detail: 'no test or lint relaxed' });
    });

    it('is not measured without trees, against an older baseline, or for an after taken before it was judged', () => {
      expect(judge({ baselineId: 0, unavailable: 'no git tree was recorded', findings: [] })).toMatchObject({ verdict: 'not-measured', detail: 'no git tree was recorded' });
      expect(judge({ baselineId: 999_999, unavailable: null, findings: [finding] })).toMatchObject({ verdict: 'not-measured', detail: expect.stringMatching(/checked against baseline #999999, not the latest/) });
      expect(judge(undefined)).toMatchObject({ verdict: 'not-measured', detail: expect.stringMatching(/taken before test integrity was checked/) });
    });
  });
});
