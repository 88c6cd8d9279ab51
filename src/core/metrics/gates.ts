// The plan's success metrics, judged on the journal's measurements: the
// latest finished baseline against the latest finished "after". Pure, so the
// metrics page and the migration guide give the same verdicts.
import { formatAdvisoryCrate, formatChange, formatMetric } from '../../shared/format';
import { latestMeasurement, metricOf } from '../../shared/measurements';
import { INTEGRITY_RULE_TEXT, judgeIntegrityGate } from './integrity/integrityGate';
import type { AuditAdvisory, GateResult, GateSpec, MeasurementRecord, MetricName, MetricValue, Plan } from '../../shared/model';

const INTEGRITY_GATE: GateSpec = { id: 'integrity', title: 'Test integrity', metric: 'tests_passed', rule: 'integrity' };

/** The seed's quantitative goals (RUST_WASMTIME_UPGRADE_PLAN.md, "Success Metrics"). */
export const DEFAULT_GATES: readonly GateSpec[] = [
  { id: 'build-time', title: 'Build performance', metric: 'build_time_ms', rule: 'max-increase', percent: 10 },
  { id: 'runtime', title: 'Runtime performance', metric: 'runtime', rule: 'min-improvement', percent: 5, better: 'lower' },
  { id: 'tests', title: 'Test pass rate', metric: 'tests_passed', rule: 'tests-pass' },
  { id: 'image-size', title: 'Container size', metric: 'image_bytes', rule: 'max-increase', percent: 5 },
  { id: 'vulnerabilities', title: 'Security', metric: 'audit_vulnerabilities', rule: 'no-increase' },
  // An upgrade that passes by deleting, ignoring or silencing checks has not passed.
  INTEGRITY_GATE,
];

/**
 * The plan's gates, or the seed's. Test integrity is judged whatever the
 * plan lists (a plan may place or name it with an `integrity` rule): a plan
 * that leaves it out, or one edited to, must not let tests go unnoticed.
 */
export function planGates(plan: Plan): readonly GateSpec[] {
  if (!plan.gates) return DEFAULT_GATES;
  return plan.gates.some((g) => g.rule === 'integrity') ? plan.gates : [...plan.gates, INTEGRITY_GATE];
}

/** Float error must not turn "exactly +10%" into a failure; a real 0.01% over the limit is far above this. */
const TOLERANCE = 1e-9;

export function ruleText(gate: GateSpec): string {
  switch (gate.rule) {
    case 'max-increase':
      return `at most +${gate.percent}%`;
    case 'min-improvement':
      return `at least ${gate.percent}% ${gate.better === 'higher' ? 'higher' : 'lower'}`;
    case 'tests-pass':
      return 'every test passing, no fewer tests than the baseline';
    case 'no-increase':
      return 'no new ones';
    case 'integrity':
      return INTEGRITY_RULE_TEXT;
  }
}

export function evaluateGates(gates: readonly GateSpec[], measurements: readonly MeasurementRecord[]): GateResult[] {
  const baseline = latestMeasurement(measurements, 'baseline');
  const after = latestMeasurement(measurements, 'after');
  return gates.map((gate) => evaluateGate(gate, baseline, after));
}

type Judged = Pick<GateResult, 'verdict' | 'baseline' | 'after' | 'change' | 'detail' | 'newAdvisories'>;

function evaluateGate(gate: GateSpec, baseline: MeasurementRecord | null, after: MeasurementRecord | null): GateResult {
  const head = { id: gate.id, title: gate.title, metric: gate.metric, rule: ruleText(gate) };
  const missing = (detail: string): GateResult => ({ ...head, verdict: 'not-measured', baseline: null, after: null, change: null, detail });
  if (!baseline) return missing('no baseline measurement yet');
  if (!after) return missing('no "after" measurement yet');
  if (gate.rule === 'tests-pass') return { ...head, ...judgeTests(baseline, after) };
  if (gate.rule === 'integrity') return { ...head, ...judgeIntegrityGate(baseline, after) };

  const b = metricOf(baseline, gate.metric);
  const a = metricOf(after, gate.metric);
  const bValue = b?.status === 'measured' ? b.value : null;
  const aValue = a?.status === 'measured' ? a.value : null;
  // A figure that could not be taken after the change (the build broke) is a failure of the gate;
  // one missing from the baseline only means there is nothing to compare with.
  if (a?.status === 'failed') {
    return { ...head, verdict: 'fail', baseline: bValue, after: null, change: null, detail: `after: ${a.reason ?? 'failed'}` };
  }
  if (bValue === null || !b) return { ...missing(`baseline: ${unmeasured(b)}`), after: aValue };
  if (aValue === null || !a) return { ...missing(`after: ${unmeasured(a)}`), baseline: bValue };
  if (a.unit !== b.unit) {
    return { ...missing(`the baseline is in ${b.unit} and the after in ${a.unit}: not comparable`), baseline: bValue, after: aValue };
  }
  // Fixing one advisory and bringing in another keeps the count: compare ids where both sides recorded them.
  if (gate.rule === 'no-increase' && b.advisories && a.advisories) return { ...head, ...judgeAdvisories(b.advisories, a.advisories, bValue, aValue, a.unit) };
  const timed = TIMED.has(gate.metric);
  if (timed && b.samples.length !== a.samples.length) {
    return {
      ...missing(`the baseline is the median of ${runsOf(b.samples)} and the after of ${runsOf(a.samples)}: measure both with the same number of runs (at least ${MIN_RUNS})`),
      baseline: bValue,
      after: aValue,
    };
  }
  const judged = judgeNumbers(gate, bValue, aValue, a.unit);
  return { ...head, ...(timed && judged.verdict === 'fail' ? withinNoise(judged, b.samples, a.samples, a.unit) : judged) };
}

/** The figures that are timings: a median of runs, whose spread is their noise. Sizes and counts are exact. */
const TIMED: ReadonlySet<MetricName> = new Set<MetricName>(['build_time_ms', 'check_time_ms', 'runtime']);

/** Runs a timing needs for its spread to say what noise is (the metrics form and `stepwise measure` default to it). */
export const MIN_RUNS = 5;

function runsOf(samples: number[]): string {
  return samples.length === 1 ? '1 run' : `${samples.length} runs`;
}

/**
 * A refused change no larger than the spread (max - min) of either side's
 * runs is noise, not a regression: the same build differs that much from
 * itself. With fewer than MIN_RUNS runs the spread is not known, and the
 * verdict stands, saying so.
 */
function withinNoise(judged: Judged, baseline: number[], after: number[], unit: string): Judged {
  if (baseline.length < MIN_RUNS) return { ...judged, detail: `${judged.detail}; ${runsOf(baseline)} a side, too few to tell noise (at least ${MIN_RUNS})` };
  const spread = Math.max(spreadOf(baseline), spreadOf(after));
  const moved = Math.abs((judged.after ?? 0) - (judged.baseline ?? 0));
  if (moved > spread) return { ...judged, detail: `${judged.detail}; beyond the runs' spread of ${formatMetric(spread, unit)}` };
  return { ...judged, verdict: 'within-noise', detail: `${judged.detail}; within noise: the medians differ by ${formatMetric(moved, unit)}, the runs by up to ${formatMetric(spread, unit)}` };
}

function spreadOf(samples: number[]): number {
  return Math.max(...samples) - Math.min(...samples);
}

function unmeasured(metric: MetricValue | null): string {
  if (!metric) return 'not measured';
  return `${metric.status === 'failed' ? 'failed' : 'not measured'}${metric.reason ? ` (${metric.reason})` : ''}`;
}

function judgeNumbers(gate: GateSpec, b: number, a: number, unit: string): Judged {
  const change = b !== 0 ? (a - b) / b : null;
  const fmt = (v: number): string => formatMetric(v, unit);
  const moved = `${fmt(b)} → ${fmt(a)}${change === null ? '' : ` (${formatChange(change)})`}`;
  const percent = gate.percent ?? 0;
  const slack = TOLERANCE * Math.max(1, Math.abs(b));
  let pass: boolean;
  switch (gate.rule) {
    case 'max-increase':
      pass = (a - b) * 100 <= percent * b + slack;
      break;
    case 'min-improvement': {
      const gain = gate.better === 'higher' ? a - b : b - a;
      pass = gain * 100 >= percent * b - slack;
      break;
    }
    default:
      pass = a <= b;
  }
  const verdict = pass ? 'pass' : 'fail';
  if (gate.rule === 'no-increase') {
    const added = a - b;
    return { verdict, baseline: b, after: a, change, detail: `${fmt(b)} → ${fmt(a)}${added > 0 ? `: ${added} new` : ''}` };
  }
  return { verdict, baseline: b, after: a, change, detail: `${moved}; limit ${ruleText(gate)}` };
}

/** No advisory in the after that the baseline did not have; the ones it no longer has are named as fixed. */
function judgeAdvisories(baseline: AuditAdvisory[], after: AuditAdvisory[], b: number, a: number, unit: string): Judged {
  const ids = (list: AuditAdvisory[]): Set<string> => new Set(list.map((advisory) => advisory.id));
  const before = ids(baseline);
  const now = ids(after);
  const added = after.filter((advisory) => !before.has(advisory.id));
  const fixed = baseline.filter((advisory) => !now.has(advisory.id));
  const named = (list: AuditAdvisory[]): string => list.map((x) => `${x.id} (${formatAdvisoryCrate(x)})`).join(', ');
  const detail = `${formatMetric(b, unit)} → ${formatMetric(a, unit)}: ${added.length ? `new ${named(added)}` : 'no new advisory'}${fixed.length ? `; fixed ${named(fixed)}` : ''}`;
  const judged: Judged = { verdict: added.length ? 'fail' : 'pass', baseline: b, after: a, change: b !== 0 ? (a - b) / b : null, detail };
  return added.length ? { ...judged, newAdvisories: added } : judged;
}

interface TestTotals {
  passed: number;
  failed: number;
}

/** Tests that ran: an ignored test is not passing, so ignoring one lowers the count. */
function testTotals(m: MeasurementRecord): TestTotals | string {
  const passed = metricOf(m, 'tests_passed');
  const failed = metricOf(m, 'tests_failed');
  if (passed?.status !== 'measured' || passed.value === null) return unmeasured(passed);
  if (failed?.status !== 'measured' || failed.value === null) return unmeasured(failed);
  return { passed: passed.value, failed: failed.value };
}

function judgeTests(baseline: MeasurementRecord, after: MeasurementRecord): Judged {
  const b = testTotals(baseline);
  const a = testTotals(after);
  const afterFailed = metricOf(after, 'tests_passed')?.status === 'failed' || metricOf(after, 'tests_failed')?.status === 'failed';
  if (typeof a === 'string') {
    const bRan = typeof b === 'string' ? null : b.passed + b.failed;
    return { verdict: afterFailed ? 'fail' : 'not-measured', baseline: bRan, after: null, change: null, detail: `after: ${a}` };
  }
  const aRan = a.passed + a.failed;
  if (typeof b === 'string') return { verdict: 'not-measured', baseline: null, after: aRan, change: null, detail: `baseline: ${b}` };
  const bRan = b.passed + b.failed;
  const problems: string[] = [];
  if (a.failed > 0) {
    const names = after.tests.flatMap((t) => t.failing);
    problems.push(`${a.failed} failing${names.length ? `: ${names.join(', ')}` : ''}`);
  }
  if (aRan < bRan) problems.push(`${bRan - aRan} fewer than the baseline's ${bRan}`);
  const change = bRan !== 0 ? (aRan - bRan) / bRan : null;
  const summary = `${a.passed} of ${aRan} passed (baseline ${b.passed} of ${bRan})`;
  return {
    verdict: problems.length ? 'fail' : 'pass',
    baseline: bRan,
    after: aRan,
    change,
    detail: problems.length ? `${summary}; ${problems.join('; ')}` : summary,
  };
}
