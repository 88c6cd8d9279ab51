// The guide's before/after charts judge the same pair as the gates above them:
// the latest finished baseline and the latest finished after.
import { describe, expect, it } from 'vitest';
import type { GuideModel } from '../../src/core/guide/model';
import { htmlWriter } from '../../src/core/guide/render/htmlWriter';
import { metricsSection } from '../../src/core/guide/render/overviewSections';
import type { MeasurementKind, MeasurementRecord } from '../../src/shared/model';

function measurement(id: number, kind: MeasurementKind, buildMs: number | null, finished = true): MeasurementRecord {
  return {
    id,
    sessionId: 1,
    kind,
    label: `${kind} #${id}`,
    toolchain: 'rustc 1.95.0',
    startedAt: '2026-11-24T00:00:00.000Z',
    endedAt: finished ? '2026-11-24T00:01:00.000Z' : null,
    metrics:
      buildMs === null
        ? []
        : [{ name: 'build_time_ms', value: buildMs, unit: 'ms', status: 'measured', reason: null, samples: [buildMs] }],
    tests: [],
  };
}

describe('the guide metrics charts', () => {
  it('compare the latest finished baseline with the latest finished after', () => {
    const measurements = [
      measurement(1, 'baseline', 1000),
      measurement(2, 'baseline', 1500), // taken again: this one counts
      measurement(3, 'after', 2000),
      measurement(4, 'after', null, false), // cut short: judges nothing
    ];
    const model = { metrics: { measurements, gates: [], comparisons: [], bisections: [] } } as unknown as GuideModel;
    const html = [...metricsSection(model, htmlWriter)].join('');
    const bars = /<svg[^>]*aria-label="Release build time: baseline and after".*?<\/svg>/s.exec(html)?.[0] ?? '';
    expect(bars).toContain('baseline: 1.5 s');
    expect(bars).toContain('after: 2.0 s');
    expect(bars).not.toContain('1.0 s');
  });
});
