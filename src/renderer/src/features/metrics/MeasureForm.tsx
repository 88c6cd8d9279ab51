import { useState } from 'react';
import type { MeasurementProgress, MetricsOverview } from '../../../../shared/contract';
import { hasFigure, latestMeasurement, TEST_RUNNERS, type TestRunner } from '../../../../shared/measurements';
import type { MeasurementKind, SessionView } from '../../../../shared/model';
import { useApp } from '../../app/store';
import { useMeasure } from './queries';

/** What to measure, and how; while a measurement runs, how far it has got. */
export function MeasureForm({ view, metrics }: { view: SessionView; metrics: MetricsOverview }): React.JSX.Element {
  const terminalId = useApp((s) => s.terminalId);
  const measure = useMeasure(view.session.id);
  const hasBaseline = latestMeasurement(metrics.measurements, 'baseline') !== null;
  // A baseline that measured nothing is not one: the form stays on Baseline, and says why.
  const emptyBaseline = !hasBaseline && metrics.measurements.some((m) => m.kind === 'baseline' && m.endedAt !== null && !hasFigure(m));
  const [kind, setKind] = useState<MeasurementKind>(hasBaseline ? 'after' : 'baseline');
  // Once there is a baseline, the next measurement is most likely the after.
  const [hadBaseline, setHadBaseline] = useState(hasBaseline);
  if (hasBaseline !== hadBaseline) {
    setHadBaseline(hasBaseline);
    if (hasBaseline && kind === 'baseline') setKind('after');
  }
  const [runs, setRuns] = useState(5);
  const [clean, setClean] = useState(false);
  const [testRunner, setTestRunner] = useState<TestRunner>('cargo');
  const [label, setLabel] = useState('');
  const [runtime, setRuntime] = useState('');
  const [regex, setRegex] = useState('');
  const [image, setImage] = useState('');
  const running = metrics.running;
  const busy = running !== null && running.sessionId === view.session.id;

  const submit = (event: React.FormEvent): void => {
    event.preventDefault();
    measure.mutate({
      kind,
      runs,
      clean,
      testRunner,
      label: label.trim() || undefined,
      runtime: runtime.trim() ? { command: runtime.trim(), regex: regex.trim() || null } : null,
      image: image.trim() || null,
    });
  };

  return (
    <form className="card measure-form" aria-label="Take a measurement" onSubmit={submit}>
      <h3>Take a measurement</h3>
      {emptyBaseline && (
        <p className="small warn-text" role="note">
          The last baseline measured nothing (every figure not measured or failed), so there is no baseline yet: take it again once the project builds.
        </p>
      )}
      <div className="form-grid">
        <label>
          <span>Kind</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as MeasurementKind)} disabled={busy}>
            <option value="baseline">Baseline (before the first change)</option>
            <option value="after">After (the upgrade done)</option>
            <option value="adhoc">Ad hoc</option>
          </select>
        </label>
        <label>
          <span>Runs (N)</span>
          <input type="number" min={1} max={20} value={runs} onChange={(e) => setRuns(Math.min(20, Math.max(1, Number(e.target.value) || 1)))} disabled={busy} />
        </label>
        <label>
          <span>Tests with</span>
          <select value={testRunner} onChange={(e) => setTestRunner(e.target.value as TestRunner)} disabled={busy}>
            {Object.entries(TEST_RUNNERS).map(([runner, command]) => (
              <option key={runner} value={runner}>
                {command}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={clean} onChange={(e) => setClean(e.target.checked)} disabled={busy} />
          <span>Clean build each run</span>
        </label>
        <label>
          <span>Label</span>
          <input value={label} onChange={(e) => setLabel(e.target.value)} placeholder="optional" maxLength={100} disabled={busy} />
        </label>
        <label className="wide">
          <span>Runtime command</span>
          <input value={runtime} onChange={(e) => setRuntime(e.target.value)} placeholder="e.g. cargo run --release --bin bench (optional)" disabled={busy} />
        </label>
        <label className="wide">
          <span>Number it prints</span>
          <input value={regex} onChange={(e) => setRegex(e.target.value)} placeholder="regex, e.g. time: ([\d.]+) (ms); empty: wall time" disabled={busy || !runtime.trim()} />
        </label>
        <label className="wide">
          <span>Container image</span>
          <input value={image} onChange={(e) => setImage(e.target.value)} placeholder={`e.g. ${imageName(view.project.name)}:latest (optional)`} disabled={busy} />
        </label>
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || !terminalId}>
          {busy ? 'Measuring…' : 'Measure'}
        </button>
        <span className="muted small">
          {clean ? 'Each timed run starts from a clean profile: slower, but every crate is built.' : 'Timed runs build from the target directory as it is.'}{' '}
          Ctrl+C in the terminal stops a measurement.
        </span>
      </div>
      {busy && running && <Progress progress={running} />}
    </form>
  );
}

function Progress({ progress }: { progress: MeasurementProgress }): React.JSX.Element {
  const { build } = progress;
  return (
    <div className="measure-progress" role="status" aria-label="Measurement progress">
      <div className="small">
        Step {progress.step} of {progress.steps}: <code>{progress.label}</code>
      </div>
      <Bar label="Measurement" done={progress.step - 1} total={progress.steps} />
      {build && (
        <>
          <div className="small muted">
            {build.total !== null ? `cargo: ${build.done}/${build.total}` : `cargo: ${build.done} compiled`}
            {build.current ? ` · Compiling ${build.current}` : ''}
          </div>
          <Bar label="cargo build" done={build.done} total={build.total} cargo />
        </>
      )}
    </div>
  );
}

/** A bar like the step list's; without a total (cargo has not drawn its own bar yet) it only pulses. */
function Bar({ label, done, total, cargo = false }: { label: string; done: number; total: number | null; cargo?: boolean }): React.JSX.Element {
  const percent = total ? Math.min(100, (100 * done) / total) : 100;
  return (
    <div
      className={`progress-track measure-bar${cargo ? ' cargo-bar' : ''}${total === null ? ' indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={total ?? undefined}
      aria-valuenow={total === null ? undefined : done}
    >
      <div className="progress-fill" style={{ width: `${percent}%` }} />
    </div>
  );
}

/** A Docker image name from a project's name (lower case; other characters as `-`). */
function imageName(project: string): string {
  return project.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '') || 'app';
}
