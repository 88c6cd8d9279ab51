// Which two measurements the Metrics page compares: the latest baseline and
// after unless the user picked two others, and never a measurement unfinished.
import { describe, expect, it } from 'vitest';
import { comparedMeasurements } from '../../src/shared/comparedMeasurements';
import type { MeasurementKind, MeasurementRecord } from '../../src/shared/model';

const measurement = (id: number, kind: MeasurementKind, finished = true): MeasurementRecord => ({
  id, sessionId: 1, kind, label: kind, toolchain: 'rustc 1.95.0', startedAt: '2026-01-01T00:00:00.000Z',
  endedAt: finished ? '2026-01-01T00:01:00.000Z' : null, tests: [],
  // One figure each: a baseline that measured nothing is not a baseline.
  metrics: [{ name: 'build_time_ms', value: 1000 * id, unit: 'ms', status: 'measured', reason: null, samples: [1000 * id] }],
});
const ids = (ms: MeasurementRecord[]): number[] => ms.map((m) => m.id);

describe('comparedMeasurements', () => {
  const list = [measurement(1, 'baseline'), measurement(2, 'adhoc'), measurement(3, 'after'), measurement(4, 'baseline'), measurement(5, 'after'), measurement(6, 'adhoc', false)];

  it('compares the latest baseline with the latest after by default', () => {
    expect(ids(comparedMeasurements(list))).toEqual([4, 5]);
    expect(ids(comparedMeasurements(list.slice(0, 2)))).toEqual([1, 2]);
  });

  it("takes the user's pair in the order chosen, any finished kind", () => {
    expect(ids(comparedMeasurements(list, { from: 3, to: 1 }))).toEqual([3, 1]);
    expect(ids(comparedMeasurements(list, { from: 2, to: 4 }))).toEqual([2, 4]);
  });

  it('falls back to the default for a pair it cannot show: unfinished, unknown, or one measurement twice', () => {
    expect(ids(comparedMeasurements(list, { from: 1, to: 6 }))).toEqual([4, 5]);
    expect(ids(comparedMeasurements(list, { from: 1, to: 99 }))).toEqual([4, 5]);
    expect(ids(comparedMeasurements(list, { from: 3, to: 3 }))).toEqual([4, 5]);
  });
});
