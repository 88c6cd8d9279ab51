// Which two measurements the Metrics page compares, chosen or by default.
// Pure, so the rule is tested without a page; the gates do not use it
// (they judge the latest baseline against the latest after, gates.ts).
import { latestMeasurement } from './measurements';
import type { MeasurementRecord } from './model';

export const finished = (measurements: MeasurementRecord[]): MeasurementRecord[] => measurements.filter((m) => m.endedAt !== null);

/** Two measurements the user picked to compare, by id: the first is the one compared, the second what it is compared with. */
export interface ComparisonChoice {
  from: number;
  to: number;
}

/**
 * What the page compares by default: the latest baseline with the latest
 * after, or with the latest other measurement until there is an after. One
 * or two, oldest first.
 */
export function defaultComparison(measurements: MeasurementRecord[]): MeasurementRecord[] {
  const baseline = latestMeasurement(measurements, 'baseline');
  const latestOther = finished(measurements).filter((m) => m.id !== baseline?.id).at(-1) ?? null;
  const after = latestMeasurement(measurements, 'after') ?? latestOther;
  return [baseline, after].filter((m): m is MeasurementRecord => m !== null);
}

/** The user's choice while both are finished measurements of the list, else the default. */
export function comparedMeasurements(measurements: MeasurementRecord[], choice: ComparisonChoice | null = null): MeasurementRecord[] {
  const done = finished(measurements);
  const from = done.find((m) => m.id === choice?.from);
  const to = done.find((m) => m.id === choice?.to);
  return from && to && from !== to ? [from, to] : defaultComparison(measurements);
}

/** `baseline #1`: a measurement's name in a chart's legend or a table's head. */
export const measurementName = (m: MeasurementRecord): string => `${m.label} #${m.id}`;
