// The guide's gate table names the advisories that failed the vulnerabilities
// gate, as the Metrics page does: judged by evaluateGates on journal-shaped
// measurements, written by both writers.
import { describe, expect, it } from 'vitest';
import { DEFAULT_GATES, evaluateGates } from '../../src/core/metrics/gates';
import type { GuideModel } from '../../src/core/guide/model';
import { htmlWriter } from '../../src/core/guide/render/htmlWriter';
import { markdownWriter } from '../../src/core/guide/render/markdownWriter';
import { metricsSection } from '../../src/core/guide/render/overviewSections';
import type { AuditAdvisory, MeasurementKind, MeasurementRecord } from '../../src/shared/model';

function audited(id: number, kind: MeasurementKind, advisories: AuditAdvisory[]): MeasurementRecord {
  return {
    id, sessionId: 1, kind, label: kind, toolchain: 'rustc 1.95.0', startedAt: '2026-11-24T00:00:00.000Z', endedAt: '2026-11-24T00:01:00.000Z',
    metrics: [{ name: 'audit_vulnerabilities', value: advisories.length, unit: 'count', status: 'measured', reason: null, samples: [advisories.length], advisories }],
    tests: [],
  };
}

const TIME: AuditAdvisory = { id: 'RUSTSEC-2020-0071', package: 'time', version: '0.1.45' };
const RSA: AuditAdvisory = { id: 'RUSTSEC-2023-0071', package: 'rsa', version: '0.9.6' };

function guideSection(measurements: MeasurementRecord[], writer: typeof markdownWriter): string {
  const gates = evaluateGates(DEFAULT_GATES.filter((g) => g.id === 'vulnerabilities'), measurements);
  const model = { metrics: { measurements, gates, comparisons: [], bisections: [] } } as unknown as GuideModel;
  return [...metricsSection(model, writer)].join('');
}

describe('the guide metrics section', () => {
  it('names each new advisory id in the verdict, as code, with its crate', () => {
    const swapped = [audited(1, 'baseline', [TIME]), audited(2, 'after', [RSA])];
    expect(guideSection(swapped, markdownWriter)).toContain(
      '| Security | no new ones | ❌ fail: new `RUSTSEC-2023-0071` (rsa 0.9.6) | 1 → 1: new RUSTSEC-2023-0071 (rsa 0.9.6); fixed RUSTSEC-2020-0071 (time 0.1.45) |',
    );
    expect(guideSection(swapped, htmlWriter)).toContain('✗</span> fail: new <code>RUSTSEC-2023-0071</code> (rsa 0.9.6)</td>');
  });

  it('shows only the verdict when no advisory is new', () => {
    const fixed = guideSection([audited(1, 'baseline', [TIME, RSA]), audited(2, 'after', [RSA])], markdownWriter);
    expect(fixed).toContain('| Security | no new ones | ✅ pass | 2 → 1: no new advisory; fixed RUSTSEC-2020-0071 (time 0.1.45) |');
  });
});
