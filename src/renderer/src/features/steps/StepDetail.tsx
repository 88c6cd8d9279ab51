import { useState } from 'react';
import { formatDuration } from '../../../../shared/format';
import type { PlanStep, SessionView, StepState } from '../../../../shared/model';
import { useApp } from '../../app/store';
import { DiffView } from '../../ui/DiffView';
import { Markdown } from '../../ui/Markdown';
import { STATUS_LABEL } from './status';
import { TrustDialog } from '../overview/TrustDialog';
import { useShortcut } from '../../ui/useShortcut';
import { useApplyEdit, useEditPreview, useStepCommands } from './queries';

const RUNNABLE = new Set<PlanStep['kind']>(['command', 'check', 'toolchain']);

export function StepDetail({ view, stepId }: { view: SessionView; stepId: string | null }): React.JSX.Element {
  const stepError = useApp((s) => s.stepError);
  const stepNote = useApp((s) => s.stepNote);
  const [reviewing, setReviewing] = useState(false);
  const step = view.plan.phases.flatMap((p) => p.steps).find((s) => s.id === stepId);
  const state = view.steps.find((s) => s.stepId === stepId);

  if (!step || !state) {
    return <section className="step-detail empty">Select a step in the plan.</section>;
  }
  return (
    <section className="step-detail" aria-label="Step">
      <div className="step-head">
        <h2>{step.title}</h2>
        <span className="badge">{step.kind}</span>
        <span className={`badge risk-${step.risk}`}>{step.risk} risk</span>
        {step.estimate && <span className="badge muted">≈ {step.estimate}</span>}
        <span className={`badge status-${state.status}`} data-testid="step-status">
          {STATUS_LABEL[state.status]}
        </span>
      </div>
      {step.description && (
        <div className="description">
          <Markdown text={step.description} />
        </div>
      )}
      {!view.session.trusted && (
        <p className="warn-text">
          This plan comes from {view.session.planOrigin}: review what it runs before it runs anything.{' '}
          <button type="button" onClick={() => setReviewing(true)}>
            Review commands…
          </button>
        </p>
      )}
      {step.command && (
        <pre className="command">
          <span className="prompt">$ </span>
          {step.command}
        </pre>
      )}
      {step.checklist.length > 0 && <Checklist key={step.id} items={step.checklist} />}
      {step.snippets.map((s, i) => (
        <pre key={i} className="command snippet" data-lang={s.lang}>
          {s.text}
        </pre>
      ))}
      {step.applies === false ? (
        <p className="muted not-applicable-note" data-testid="step-not-applicable">
          Not applicable to this project: {step.reason}
        </p>
      ) : step.kind === 'edit' ? (
        <EditActions key={step.id} sessionId={view.session.id} trusted={view.session.trusted} step={step} state={state} />
      ) : (
        <StepActions view={view} step={step} state={state} />
      )}
      {stepError && (
        <p className="error" role="alert">
          {stepError}
        </p>
      )}
      {stepNote && (
        <p className="small" role="status">
          {stepNote}
        </p>
      )}
      <StepSnapshots view={view} stepId={step.id} />
      {step.rollback && (
        <details className="rollback">
          <summary>Rollback</summary>
          <div className="small">
            <Markdown text={step.rollback} />
          </div>
        </details>
      )}
      {reviewing && <TrustDialog sessionId={view.session.id} plan={view.plan} origin={view.session.planOrigin} onClose={() => setReviewing(false)} />}
    </section>
  );
}

function StepActions({ view, step, state }: { view: SessionView; step: PlanStep; state: StepState }): React.JSX.Element {
  const terminalId = useApp((s) => s.terminalId);
  const terminalBusy = useApp((s) => s.terminalBusy);
  const { runStep: run, markStep } = useStepCommands(view.session.id);
  const runStep = (stepId: string): void => {
    if (terminalId) run(stepId, terminalId);
  };
  const runnable = RUNNABLE.has(step.kind) && Boolean(step.command);
  const canRun = runnable && terminalId !== null && !terminalBusy && view.session.trusted;
  useShortcut('mod+enter', () => runStep(step.id), canRun);
  const lastRun = state.lastRunId ? view.lastRuns.find((r) => r.id === state.lastRunId) : undefined;
  return (
    <div className="actions">
      {runnable ? (
        <button
          type="button"
          className="primary"
          disabled={!canRun}
          onClick={() => runStep(step.id)}
          title={terminalBusy ? 'A command is still running in the terminal' : 'Run in the terminal (Ctrl+Enter)'}
        >
          {state.status === 'running' ? 'Running…' : state.status === 'pending' ? 'Run' : 'Run again'}
        </button>
      ) : (
        <button type="button" className="primary" onClick={() => markStep(step.id, 'passed')}>
          Mark done
        </button>
      )}
      {state.status !== 'skipped' && (
        <button type="button" onClick={() => markStep(step.id, 'skipped')}>
          Skip
        </button>
      )}
      {(state.status === 'skipped' || (!runnable && state.status === 'passed')) && (
        <button type="button" onClick={() => markStep(step.id, 'pending')}>
          Reopen
        </button>
      )}
      {lastRun && lastRun.status !== 'running' && (
        <span className={`last-run status-${lastRun.status}`}>
          Last run: {lastRun.status === 'interrupted' ? 'interrupted' : `exit ${lastRun.exitCode}`}
          {lastRun.durationMs !== null && ` in ${formatDuration(lastRun.durationMs)}`}
        </span>
      )}
    </div>
  );
}

/** An edit is always shown as a diff first; Apply writes exactly that diff. */
function EditActions({ sessionId, trusted, step, state }: { sessionId: number; trusted: boolean; step: PlanStep; state: StepState }): React.JSX.Element {
  const { markStep } = useStepCommands(sessionId);
  const previewed = useEditPreview(sessionId, step.id);
  const apply = useApplyEdit(sessionId, step.id);
  const preview = previewed.data ?? null;
  const editError = apply.error?.message ?? previewed.error?.message ?? null;
  const applyEdit = (): void => {
    if (preview) apply.mutate(preview.digest);
  };
  const canApply = trusted && preview !== null && preview.files.length > 0;
  useShortcut('mod+enter', applyEdit, canApply);
  return (
    <>
      {editError && (
        <p className="error" role="alert">
          {editError}
        </p>
      )}
      {preview === null && !editError && <p className="muted">Working out the change…</p>}
      {preview !== null && preview.files.length === 0 && (
        <p className="muted">Nothing to change: the project already says what this step asks for.</p>
      )}
      {preview !== null && preview.files.length > 0 && <DiffView files={preview.files} />}
      <div className="actions">
        {preview !== null && preview.files.length > 0 ? (
          <button type="button" className="primary" disabled={!canApply} onClick={applyEdit} title="Apply this diff (Ctrl+Enter)">
            Apply {preview.files.length === 1 ? 'to 1 file' : `to ${preview.files.length} files`}
          </button>
        ) : (
          <button type="button" className="primary" onClick={() => markStep(step.id, 'passed')} disabled={state.status === 'passed'}>
            Mark done
          </button>
        )}
        <button
          type="button"
          onClick={() => {
            apply.reset();
            previewed.refresh();
          }}
        >
          Refresh diff
        </button>
        {state.status !== 'skipped' && (
          <button type="button" onClick={() => markStep(step.id, 'skipped')}>
            Skip
          </button>
        )}
      </div>
    </>
  );
}

function Checklist({ items }: { items: string[] }): React.JSX.Element {
  const [done, setDone] = useState<boolean[]>(() => items.map(() => false));
  return (
    <ul className="checklist">
      {items.map((item, i) => (
        <li key={i}>
          <label>
            <input type="checkbox" checked={done[i] ?? false} onChange={() => setDone(done.map((d, j) => (j === i ? !d : d)))} />{' '}
            <Markdown text={item} inline />
          </label>
        </li>
      ))}
    </ul>
  );
}

/** The rollback snapshots taken before this step changed anything. */
function StepSnapshots({ view, stepId }: { view: SessionView; stepId: string }): React.JSX.Element | null {
  const taken = view.snapshots.filter((s) => s.stepId === stepId);
  if (taken.length === 0) return null;
  return (
    <ul className="snapshots muted small" aria-label="Snapshots">
      {taken.map((s) => (
        <li key={s.id}>
          ⎘ Snapshot before this step: <code>{s.storeId}</code> ({s.store === 'git' ? 'git ref' : 'folder store'}, {s.fileCount} files
          {s.leftOut.length > 0 ? `, ${s.leftOut.length} left out` : ''}), {new Date(s.createdAt).toLocaleTimeString()}
        </li>
      ))}
    </ul>
  );
}
