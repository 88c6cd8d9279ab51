// Building MetricValues: a figure measured (with its samples), one that
// could not be taken (with the reason), or one whose command failed.
import { METRIC_UNITS } from '../../shared/measurements';
import type { MetricName, MetricValue } from '../../shared/model';

export function measured(
  name: MetricName,
  value: number,
  options: { unit?: string; samples?: number[]; parts?: MetricValue['parts']; advisories?: MetricValue['advisories'] } = {},
): MetricValue {
  const metric: MetricValue = { name, value, unit: options.unit ?? METRIC_UNITS[name], status: 'measured', reason: null, samples: options.samples ?? [value] };
  if (options.parts) metric.parts = options.parts;
  if (options.advisories) metric.advisories = options.advisories;
  return metric;
}

export function notMeasured(name: MetricName, reason: string, unit = METRIC_UNITS[name]): MetricValue {
  return { name, value: null, unit, status: 'not-measured', reason, samples: [] };
}

export function failed(name: MetricName, reason: string, unit = METRIC_UNITS[name]): MetricValue {
  return { name, value: null, unit, status: 'failed', reason, samples: [] };
}

/** The middle sample; of an even count, the mean of the two middle ones. */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) throw new Error('median of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
