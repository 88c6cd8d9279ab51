import { useState } from 'react';
import { stripAnsi } from '../../../../shared/ansi';
import { formatDuration } from '../../../../shared/format';
import type { RunRecord, SessionView } from '../../../../shared/model';
import { engine } from '../../engine/client';

export function JournalPanel({ view }: { view: SessionView }): React.JSX.Element {
  const titles = new Map(view.plan.phases.flatMap((p) => p.steps.map((s) => [s.id, s.title])));
  if (view.runs.length === 0) {
    return (
      <p className="empty">
        Nothing run yet. Run a step, or type a command in the terminal: every command is journaled with its exit code,
        duration and output.
      </p>
    );
  }
  return (
    <ol className="journal" aria-label="Journal">
      {view.runs.map((run) => (
        <RunRow key={run.id} run={run} stepTitle={run.stepId ? titles.get(run.stepId) : undefined} />
      ))}
    </ol>
  );
}

function RunRow({ run, stepTitle }: { run: RunRecord; stepTitle?: string }): React.JSX.Element {
  const [output, setOutput] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const toggle = async (): Promise<void> => {
    setOpen(!open);
    if (output === null && run.status !== 'running') {
      const result = await engine().client.request('run.output', { runId: run.id });
      setOutput(stripAnsi(result.output).replace(/\r\n?/g, '\n'));
    }
  };
  const outcome = run.status === 'running' ? 'running' : run.status === 'interrupted' ? 'interrupted' : `exit ${run.exitCode}`;
  return (
    <li className={`run status-${run.status}`} data-run-id={run.id}>
      <button type="button" className="run-head" onClick={() => void toggle()} aria-expanded={open}>
        <time className="muted small">{new Date(run.startedAt).toLocaleTimeString()}</time>
        <code className="run-command">{run.command}</code>
        <span className={`badge status-${run.status}`}>{outcome}</span>
        {run.durationMs !== null && <span className="muted small">{formatDuration(run.durationMs)}</span>}
      </button>
      <div className="muted small run-origin">{stepTitle ? `step: ${stepTitle}` : 'typed in the terminal'} · {run.cwd}</div>
      {open && <pre className="output">{output ?? 'Loading…'}</pre>}
    </li>
  );
}
