import { useState } from 'react';
import type { MetricsOverview } from '../../../../shared/contract';
import { formatDuration } from '../../../../shared/format';
import type { SessionView } from '../../../../shared/model';
import { BISECT_CHECKS, type BisectCheck, type BisectionRecord, type BisectProgress, type ToolchainResult } from '../../../../shared/toolchain/bisection';
import { stopBisect, useBisect } from './queries';

const CHECK_LABELS: Record<BisectCheck, string> = { build: 'builds', test: 'tests pass', clippy: 'clippy clean' };

/**
 * Toolchain bisection: among installed toolchains, oldest first, the first
 * where the project's build, tests or clippy change outcome, checked in a
 * scratch copy so the project's files stay as they are.
 */
export function ToolchainBisect({ view, metrics }: { view: SessionView; metrics: MetricsOverview }): React.JSX.Element {
  const bisect = useBisect(view.session.id);
  const [toolchains, setToolchains] = useState(() => metrics.toolchains.join(', '));
  const [check, setCheck] = useState<BisectCheck>('build');
  const [all, setAll] = useState(false);
  const running = metrics.bisecting !== null || bisect.isPending;
  const latest = metrics.bisections.at(-1) ?? null;
  const names = toolchains.split(/[\s,]+/).filter(Boolean);

  return (
    <section className="card bisect" aria-label="Toolchain bisection">
      <h3>Toolchain bisection</h3>
      <form
        className="row wrap"
        onSubmit={(e) => {
          e.preventDefault();
          bisect.mutate({ toolchains: names, check, all });
        }}
      >
        <input aria-label="Toolchains, oldest first" list="installed-toolchains" value={toolchains} onChange={(e) => setToolchains(e.target.value)} />
        <select aria-label="Check" value={check} onChange={(e) => setCheck(e.target.value as BisectCheck)}>
          {BISECT_CHECKS.map((c) => (
            <option key={c} value={c}>
              {c}: {CHECK_LABELS[c]}
            </option>
          ))}
        </select>
        <label className="small">
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> every toolchain
        </label>
        {running ? (
          <button type="button" onClick={() => void stopBisect(view.session.id)}>
            Stop
          </button>
        ) : (
          <button type="submit" disabled={names.length < 2}>
            Bisect
          </button>
        )}
      </form>
      {metrics.bisecting ? (
        <BisectRunning progress={metrics.bisecting} />
      ) : latest ? (
        <BisectionView record={latest} />
      ) : (
        <p className="muted small">
          Finds the first toolchain, oldest first, where the check changes outcome: a binary search over the ones you list
          ({metrics.toolchains.length > 0 ? `installed: ${metrics.toolchains.join(', ')}` : 'none installed'}). Each check runs on a
          scratch copy of the project, so your files, target folder and git state stay as they are.
        </p>
      )}
    </section>
  );
}

function BisectRunning({ progress }: { progress: BisectProgress[] }): React.JSX.Element {
  return (
    <ul className="bisect-progress small" aria-label="Bisection progress">
      {progress.map((p) => (
        <li key={p.toolchain} data-toolchain={p.toolchain}>
          <code>{p.toolchain}</code> {p.phase === 'start' ? <span className="muted">checking…</span> : <Outcome outcome={p.outcome ?? 'could-not-run'} />}
        </li>
      ))}
    </ul>
  );
}

function BisectionView({ record }: { record: BisectionRecord }): React.JSX.Element {
  const { report } = record;
  return (
    <div data-bisection={record.id}>
      <p className="small" data-first>
        {report.first ? (
          <>
            <code>{report.check}</code> changes first with <strong>{report.first}</strong>
            {report.baseline && (
              <>
                {' '}
                (against <code>{report.baseline}</code>)
              </>
            )}
            {report.firstReleaseNotes && (
              <>
                {' '}
                · <a href={report.firstReleaseNotes} target="_blank" rel="noreferrer">release notes</a>
              </>
            )}
          </>
        ) : (
          <>
            <code>{report.check}</code>: no toolchain changes the outcome
            {report.baseline ? (
              <>
                {' '}
                of <code>{report.baseline}</code>
              </>
            ) : (
              ': the check could run under none'
            )}
            .
          </>
        )}
      </p>
      <table className="small bisect-results">
        <thead>
          <tr>
            <th>Toolchain</th>
            <th>Version</th>
            <th>Outcome</th>
            <th>Time</th>
            <th>What it said</th>
          </tr>
        </thead>
        <tbody>
          {report.results.map((r) => (
            <ResultRow key={r.toolchain} result={r} first={r.toolchain === report.first} />
          ))}
        </tbody>
      </table>
      {report.notes.map((note) => (
        <p key={note} className="muted small">
          {note}
        </p>
      ))}
    </div>
  );
}

function ResultRow({ result, first }: { result: ToolchainResult; first: boolean }): React.JSX.Element {
  const error = result.errors[0];
  return (
    <tr data-toolchain={result.toolchain} className={first ? 'first-change' : undefined}>
      <td>
        <code>{result.toolchain}</code>
      </td>
      <td>{result.version ?? '—'}</td>
      <td>
        <Outcome outcome={result.outcome} />
      </td>
      <td>{result.durationMs !== null ? formatDuration(result.durationMs) : '—'}</td>
      <td className="muted">
        {error ? `${error.code ? `${error.code}: ` : ''}${error.message}${error.file ? ` (${error.file}${error.line !== null ? `:${error.line}` : ''})` : ''}` : (result.reason ?? '')}
      </td>
    </tr>
  );
}

function Outcome({ outcome }: { outcome: ToolchainResult['outcome'] }): React.JSX.Element {
  const badge = { passed: 'status-passed', failed: 'status-failed', 'could-not-run': 'status-skipped', untested: 'status-pending' }[outcome];
  const words = { passed: 'passed', failed: 'failed', 'could-not-run': 'could not run', untested: 'not needed' }[outcome];
  return <span className={`badge ${badge}`}>{words}</span>;
}
