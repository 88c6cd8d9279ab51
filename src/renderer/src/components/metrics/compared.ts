import { latestMeasurement } from '../../../../shared/measurements';
import type { MeasurementRecord } from '../../../../shared/model';

export const finished = (measurements: MeasurementRecord[]): MeasurementRecord[] => measurements.filter((m) => m.endedAt !== null);

/**
 * What the page compares: the latest baseline with the latest after, or with
 * the latest other measurement until there is an after. One or two, oldest first.
 */
export function comparedMeasurements(measurements: MeasurementRecord[]): MeasurementRecord[] {
  const baseline = latestMeasurement(measurements, 'baseline');
  const latestOther = finished(measurements).filter((m) => m.id !== baseline?.id).at(-1) ?? null;
  const after = latestMeasurement(measurements, 'after') ?? latestOther;
  return [baseline, after].filter((m): m is MeasurementRecord => m !== null);
}

/** `baseline #1`: a measurement's name in a chart's legend or a table's head. */
export const measurementName = (m: MeasurementRecord): string => `${m.label} #${m.id}`;
