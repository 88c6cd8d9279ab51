// Reading measurements, the same way in the engine (gates), the metrics page
// and the guide: which measurement is the baseline and which the after, and
// what each figure is called and counted in.
import type { MeasurementKind, MeasurementRecord, MetricName, MetricValue } from './model';

export const METRIC_NAMES: readonly MetricName[] = [
  'build_time_ms', 'check_time_ms', 'tests_passed', 'tests_failed', 'tests_ignored', 'artifact_bytes',
  'audit_vulnerabilities', 'audit_warnings', 'image_bytes', 'runtime',
];

/** Each figure's unit; a runtime a regex picked carries its own. */
export const METRIC_UNITS: Record<MetricName, string> = {
  build_time_ms: 'ms',
  check_time_ms: 'ms',
  tests_passed: 'count',
  tests_failed: 'count',
  tests_ignored: 'count',
  artifact_bytes: 'bytes',
  audit_vulnerabilities: 'count',
  audit_warnings: 'count',
  image_bytes: 'bytes',
  runtime: 'ms',
};

export const METRIC_LABELS: Record<MetricName, string> = {
  build_time_ms: 'Release build time',
  check_time_ms: 'cargo check time',
  tests_passed: 'Tests passed',
  tests_failed: 'Tests failed',
  tests_ignored: 'Tests ignored',
  artifact_bytes: 'Release artifacts',
  audit_vulnerabilities: 'Vulnerabilities',
  audit_warnings: 'Audit warnings',
  image_bytes: 'Container image',
  runtime: 'Runtime',
};

/** The parts of a measurement one may ask for (all by default), and the figures each takes. */
export const MEASURE_PARTS = {
  build: ['build_time_ms', 'artifact_bytes'],
  check: ['check_time_ms'],
  tests: ['tests_passed', 'tests_failed', 'tests_ignored'],
  audit: ['audit_vulnerabilities', 'audit_warnings'],
  image: ['image_bytes'],
  runtime: ['runtime'],
} as const satisfies Record<string, readonly MetricName[]>;

export type MeasurePart = keyof typeof MEASURE_PARTS;
export const MEASURE_PART_NAMES = Object.keys(MEASURE_PARTS) as [MeasurePart, ...MeasurePart[]];

/** What runs a measurement's tests: cargo's own harness (libtest) or cargo-nextest; every binary, even after a failure. */
export const TEST_RUNNERS = { cargo: 'cargo test --no-fail-fast', nextest: 'cargo nextest run --no-fail-fast' } as const;
export type TestRunner = keyof typeof TEST_RUNNERS;

/**
 * The latest finished measurement of a kind (an interrupted one has no end and
 * judges nothing). A baseline needs at least one figure: one where nothing
 * could be measured is nothing to compare with, so it is not the baseline.
 */
export function latestMeasurement(measurements: readonly MeasurementRecord[], kind: MeasurementKind): MeasurementRecord | null {
  let latest: MeasurementRecord | null = null;
  for (const m of measurements) {
    if (m.kind !== kind || m.endedAt === null || (latest && m.id < latest.id)) continue;
    if (kind === 'baseline' && !hasFigure(m)) continue;
    latest = m;
  }
  return latest;
}

/** Whether any figure of the measurement was measured. */
export function hasFigure(measurement: MeasurementRecord): boolean {
  return measurement.metrics.some((m) => m.status === 'measured');
}

export function metricOf(measurement: MeasurementRecord, name: MetricName): MetricValue | null {
  return measurement.metrics.find((m) => m.name === name) ?? null;
}
