import { formatAdvisoryCrate, formatChange, formatMetric } from '../../../../shared/format';
import { latestMeasurement, METRIC_UNITS, metricOf } from '../../../../shared/measurements';
import { findingBy, whatParts } from '../../../../shared/words/integrityFindings';
import type { AuditAdvisory, GateResult, IntegrityFinding, MeasurementRecord } from '../../../../shared/model';

const VERDICT_TEXT = { pass: 'pass', fail: 'fail', 'within-noise': 'within noise', 'not-measured': 'not measured' } as const;

/** The plan's success metrics: each verdict with its numbers, or why there are none. */
export function GateTable({ gates, measurements }: { gates: GateResult[]; measurements: MeasurementRecord[] }): React.JSX.Element {
  const baseline = latestMeasurement(measurements, 'baseline');
  const after = latestMeasurement(measurements, 'after');
  const unitOf = (gate: GateResult): string => {
    if (gate.rule.startsWith('every test')) return 'count';
    const from = (after && metricOf(after, gate.metric)) ?? (baseline && metricOf(baseline, gate.metric));
    return from?.unit ?? METRIC_UNITS[gate.metric];
  };
  const show = (value: number | null, unit: string): string => (value === null ? '—' : formatMetric(value, unit));
  return (
    <section className="card gates" aria-label="Gates">
      <h3>Gates</h3>
      <p className="muted small">
        The latest baseline{baseline ? ` (#${baseline.id}, ${baseline.toolchain})` : ''} against the latest after
        {after ? ` (#${after.id}, ${after.toolchain})` : ''}, as the plan defines them, whatever the charts below compare.
      </p>
      <table className="gate-table">
        <thead>
          <tr>
            <th>Verdict</th>
            <th>Gate</th>
            <th>Baseline</th>
            <th>After</th>
            <th>Change</th>
            <th>Detail</th>
          </tr>
        </thead>
        <tbody>
          {gates.map((gate) => (
            <tr key={gate.id} data-gate={gate.id} data-verdict={gate.verdict}>
              <td>
                <span className={`badge verdict verdict-${gate.verdict}`}>{VERDICT_TEXT[gate.verdict]}</span>
                {gate.newAdvisories?.length ? <NewAdvisories advisories={gate.newAdvisories} /> : null}
              </td>
              <td>
                <strong>{gate.title}</strong>
                <div className="muted small">{gate.rule}</div>
              </td>
              <td className="num">{show(gate.baseline, unitOf(gate))}</td>
              <td className="num">{show(gate.after, unitOf(gate))}</td>
              <td className="num">{gate.change === null ? '—' : formatChange(gate.change)}</td>
              <td className="small gate-detail">
                {gate.detail}
                {gate.findings?.length ? <IntegrityFindings findings={gate.findings} /> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The advisories that failed the vulnerabilities gate: in the after, not in the baseline. */
function NewAdvisories({ advisories }: { advisories: AuditAdvisory[] }): React.JSX.Element {
  return (
    <ul className="new-advisories" aria-label="New advisories">
      {advisories.map((a) => (
        <li key={`${a.id} ${a.package} ${a.version ?? ''}`}>
          <code>{a.id}</code> <span className="muted">{formatAdvisoryCrate(a)}</span>
        </li>
      ))}
    </ul>
  );
}

/** What failed the test integrity gate: each relaxation at its file and line, and who made it. */
function IntegrityFindings({ findings }: { findings: IntegrityFinding[] }): React.JSX.Element {
  return (
    <ul className="gate-findings" aria-label="Integrity findings">
      {findings.map((f) => (
        <li key={`${f.kind} ${f.file} ${f.line ?? ''} ${f.what}`} data-kind={f.kind}>
          <code>{`${f.file}${f.line ? `:${f.line}` : ''}`}</code> <span className="finding-what">
            {whatParts(f.what).map((part, i) => (part.code ? <code key={i}>{part.text}</code> : <span key={i}>{part.text}</span>))}
          </span>{' '}
          <span className={f.stepId ? 'finding-step' : 'finding-step outside'}>{findingBy(f)}</span>
        </li>
      ))}
    </ul>
  );
}
