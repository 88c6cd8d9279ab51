// What `stepwise measure` prints once the measurement has ended: each figure
// (or why it was not taken), the tests per binary, and the gates judged again.
import { formatMetricValue } from '../../shared/format';
import { METRIC_LABELS } from '../../shared/measurements';
import type { GateResult, MeasurementRecord, MetricValue } from '../../shared/model';
import { crateLabel } from '../../shared/testBinaryChanges';
import { findingText } from '../../shared/words/integrityFindings';
import { formatTable } from '../table';

const VERDICT = { pass: 'pass', fail: 'FAIL', 'within-noise': 'within noise', 'not-measured': 'not measured' } as const;

export function measurementReport(measurement: MeasurementRecord, gates: GateResult[]): string {
  const parts = [
    formatTable(['Figure', 'Value'], measurement.metrics.map((m) => [METRIC_LABELS[m.name], figure(m)])),
  ];
  if (measurement.tests.length) {
    parts.push(
      formatTable(
        ['Test binary', 'Passed', 'Failed', 'Ignored', 'Failing'],
        measurement.tests.map((t) => [crateLabel(t), String(t.passed), String(t.failed), String(t.ignored), t.failing.join(', ')]),
      ),
    );
  }
  parts.push(formatTable(['Gate', 'Verdict', 'Detail'], gates.map((g) => [g.title, VERDICT[g.verdict], g.detail])));
  // What failed the integrity gate, one line each: file:line, the change, the step that made it.
  for (const gate of gates) if (gate.findings?.length) parts.push([`${gate.title}:`, ...gate.findings.map((f) => `  ${findingText(f)}`)].join('\n'));
  return parts.join('\n\n');
}

/** The value, with the advisories counted, or why there is none. */
function figure(m: MetricValue): string {
  return `${formatMetricValue(m)}${m.advisories?.length ? ` (${m.advisories.map((a) => a.id).join(', ')})` : ''}`;
}
