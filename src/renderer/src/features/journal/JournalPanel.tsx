import { useCallback, useMemo, useState } from 'react';
import { formatDuration } from '../../../../shared/format';
import { originTitle } from '../../../../shared/words/runOrigin';
import type { RunRecord, SessionView } from '../../../../shared/model';
import { engine } from '../../engine/client';
import { sessionKeys } from '../../engine/queryKeys';
import { RunList } from './RunList';
import { RunOutputLines } from './RunOutputLines';

/** The session's runs, the newest at the bottom (followed, like a terminal): only those on screen are fetched (runs.page) and drawn. */
export function JournalPanel({ view }: { view: SessionView }): React.JSX.Element {
  const sessionId = view.session.id;
  const titles = useMemo(() => new Map(view.plan.phases.flatMap((p) => p.steps.map((s) => [s.id, s.title]))), [view.plan]);
  const fetchPage = useCallback((offset: number, limit: number) => engine().client.request('runs.page', { sessionId, offset, limit }), [sessionId]);
  return (
    <RunList
      queryKey={sessionKeys.runs(sessionId)}
      fetchPage={fetchPage}
      renderRun={(run) => <RunRow key={run.id} run={run} stepTitle={run.stepId ? titles.get(run.stepId) : undefined} />}
      empty={
        <p className="empty">
          Nothing run yet. Run a step, or type a command in the terminal: every command is journaled with its exit code,
          duration and output.
        </p>
      }
    />
  );
}

function RunRow({ run, stepTitle }: { run: RunRecord; stepTitle?: string }): React.JSX.Element {
  const [open, setOpen] = useState(false);
  const outcome = run.status === 'running' || run.status === 'interrupted' ? run.status : run.status === 'stopped' ? `stopped, exit ${run.exitCode}` : `exit ${run.exitCode}`;
  return (
    <li className={`run status-${run.status}`} data-run-id={run.id}>
      <button type="button" className="run-head" onClick={() => setOpen(!open)} aria-expanded={open}>
        <time className="muted small">{new Date(run.startedAt).toLocaleTimeString()}</time>
        <code className="run-command">{run.command}</code>
        <span className={`badge status-${run.status}`}>{outcome}</span>
        {run.durationMs !== null && <span className="muted small">{formatDuration(run.durationMs)}</span>}
      </button>
      <div className="muted small run-origin">{stepTitle ? `step: ${stepTitle}` : originTitle(run)} · {run.cwd}</div>
      {/* A running run's output is still being written: it is drawn once the run has ended. */}
      {open && (run.status === 'running' ? <pre className="output">Loading…</pre> : <RunOutputLines runId={run.id} className="output" />)}
    </li>
  );
}
