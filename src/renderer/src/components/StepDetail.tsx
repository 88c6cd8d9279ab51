import { formatDuration } from '../../../shared/format';
import type { SessionView } from '../../../shared/model';
import { useApp } from '../store';
import { STATUS_LABEL } from './status';
import { useShortcut } from './useShortcut';

export function StepDetail({ view }: { view: SessionView }): React.JSX.Element {
  const { selectedStepId, runStep, markStep, terminalId, terminalBusy, stepError } = useApp();
  const step = view.plan.phases.flatMap((p) => p.steps).find((s) => s.id === selectedStepId);
  const state = view.steps.find((s) => s.stepId === selectedStepId);
  const lastRun = state?.lastRunId ? view.runs.find((r) => r.id === state.lastRunId) : undefined;
  const canRun = step?.kind === 'command' && terminalId !== null && !terminalBusy;
  useShortcut('mod+enter', () => step && canRun && void runStep(step.id), canRun);

  if (!step || !state) {
    return <section className="step-detail empty">Select a step in the plan.</section>;
  }
  return (
    <section className="step-detail" aria-label="Step">
      <div className="step-head">
        <h2>{step.title}</h2>
        <span className={`badge risk-${step.risk}`}>{step.risk} risk</span>
        <span className={`badge status-${state.status}`} data-testid="step-status">
          {STATUS_LABEL[state.status]}
        </span>
      </div>
      {step.description && <p className="description">{step.description}</p>}
      {step.command && (
        <pre className="command">
          <span className="prompt">$ </span>
          {step.command}
        </pre>
      )}
      <div className="actions">
        {step.kind === 'command' ? (
          <button
            type="button"
            className="primary"
            disabled={!canRun}
            onClick={() => void runStep(step.id)}
            title={terminalBusy ? 'A command is still running in the terminal' : 'Run in the terminal (Ctrl+Enter)'}
          >
            {state.status === 'running' ? 'Running…' : state.status === 'pending' ? 'Run' : 'Run again'}
          </button>
        ) : (
          <button type="button" className="primary" onClick={() => void markStep(step.id, 'passed')}>
            Mark done
          </button>
        )}
        {state.status !== 'skipped' && (
          <button type="button" onClick={() => void markStep(step.id, 'skipped')}>
            Skip
          </button>
        )}
        {(state.status === 'skipped' || (step.kind === 'manual' && state.status === 'passed')) && (
          <button type="button" onClick={() => void markStep(step.id, 'pending')}>
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
      {stepError && (
        <p className="error" role="alert">
          {stepError}
        </p>
      )}
    </section>
  );
}
