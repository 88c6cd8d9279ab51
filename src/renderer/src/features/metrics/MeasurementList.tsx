import { formatDuration, formatTimestamp } from '../../../../shared/format';
import type { MeasurementProgress } from '../../../../shared/contract';
import { METRIC_LABELS } from '../../../../shared/measurements';
import type { MeasurementRecord } from '../../../../shared/model';

const KIND_TEXT = { baseline: 'baseline', after: 'after', adhoc: 'ad hoc' } as const;

/** Every measurement of the session, with the toolchain it ran under. */
export function MeasurementList({ measurements, running }: { measurements: MeasurementRecord[]; running: MeasurementProgress | null }): React.JSX.Element {
  const state = (m: MeasurementRecord): string => {
    if (m.endedAt) return formatDuration(Date.parse(m.endedAt) - Date.parse(m.startedAt));
    return running?.measurementId === m.id ? 'running' : 'interrupted';
  };
  return (
    <section className="card" aria-label="Measurements">
      <h3>Measurements</h3>
      <table className="measurement-table">
        <thead>
          <tr>
            <th>#</th>
            <th>Kind</th>
            <th>Label</th>
            <th>Toolchain</th>
            <th>Started</th>
            <th>Took</th>
            <th>Not measured</th>
          </tr>
        </thead>
        <tbody>
          {[...measurements].reverse().map((m) => {
            const missing = groupByReason(m);
            return (
              <tr key={m.id} data-measurement={m.id}>
                <td>{m.id}</td>
                <td>{KIND_TEXT[m.kind]}</td>
                <td>{m.label}</td>
                <td>
                  <code className="small">{m.toolchain}</code>
                </td>
                <td className="small">{formatTimestamp(m.startedAt)}</td>
                <td className="small">{state(m)}</td>
                <td className="small">
                  {missing.map((g) => (
                    <div key={g.names.join()} className={g.failed ? 'warn-text' : 'muted'}>
                      {g.names.join(', ')}: {g.reason}
                    </div>
                  ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

/** Figures not taken, those with the same reason together (both audit counts, the three test counts). */
function groupByReason(m: MeasurementRecord): { names: string[]; reason: string; failed: boolean }[] {
  const groups = new Map<string, { names: string[]; reason: string; failed: boolean }>();
  for (const v of m.metrics) {
    if (v.status === 'measured') continue;
    const reason = v.reason ?? v.status;
    const group = groups.get(reason) ?? { names: [], reason, failed: v.status === 'failed' };
    group.names.push(METRIC_LABELS[v.name]);
    groups.set(reason, group);
  }
  return [...groups.values()];
}
