import { useState } from 'react';
import type { SessionView } from '../../../../shared/model';
import { useApp } from '../../app/store';
import { Charts } from './Charts';
import { comparedMeasurements, type ComparisonChoice } from '../../../../shared/comparedMeasurements';
import { ComparisonPicker } from './ComparisonPicker';
import { GateTable } from './GateTable';
import { MeasureForm } from './MeasureForm';
import { MeasurementList } from './MeasurementList';
import { TestBinaries } from './TestBinaries';
import { ToolchainBisect } from './ToolchainBisect';
import { ToolchainCompare } from './ToolchainCompare';
import { useMetrics } from './queries';

/** Measurements against the plan's success metrics; the commands run in the terminal below. */
export function MetricsPage({ view }: { view: SessionView }): React.JSX.Element {
  const sessionId = view.session.id;
  const loaded = useMetrics(sessionId);
  const metrics = loaded.data ?? null;
  const metricsError = useApp((s) => s.metricsError) ?? loaded.error?.message ?? null;
  // Chosen for this session only: another session's measurements have other ids.
  const [choice, setChoice] = useState<{ sessionId: number; pair: ComparisonChoice } | null>(null);
  const measurements = metrics?.measurements ?? [];
  const compared = comparedMeasurements(measurements, choice?.sessionId === sessionId ? choice.pair : null);
  const choose = (pair: ComparisonChoice | null): void => setChoice(pair && { sessionId, pair });

  return (
    <section className="metrics-page" aria-label="Metrics">
      <h2>Metrics &amp; gates</h2>
      {metricsError && (
        <p className="error" role="alert">
          {metricsError}
        </p>
      )}
      {metrics === null ? (
        <p className="muted">Loading the session's measurements…</p>
      ) : (
        <>
          {metrics.measurements.length === 0 && (
            <div className="metrics-empty" data-testid="metrics-empty">
              <p>
                <strong>No measurement yet.</strong> Take a <em>baseline</em> before the first change, and an <em>after</em>{' '}
                at the end: the plan's gates compare the two.
              </p>
              <p className="muted small">
                A measurement times <code>cargo build --release</code> and <code>cargo check</code> (the median of N runs),
                counts the tests of every test binary, sizes the release artifacts, runs <code>cargo audit</code>, and
                optionally sizes a container image and times a benchmark command. Each command runs in the terminal below
                and is journaled.
              </p>
            </div>
          )}
          <MeasureForm view={view} metrics={metrics} />
          <GateTable gates={metrics.gates} measurements={metrics.measurements} />
          <ComparisonPicker measurements={measurements} compared={compared} onChoose={choose} />
          {measurements.length > 0 && <Charts measurements={measurements} sides={compared} />}
          {measurements.length > 0 && <TestBinaries compared={compared} />}
          {metrics.measurements.length > 0 && <MeasurementList measurements={metrics.measurements} running={metrics.running} />}
          <ToolchainCompare view={view} metrics={metrics} />
          <ToolchainBisect view={view} metrics={metrics} />
        </>
      )}
    </section>
  );
}
