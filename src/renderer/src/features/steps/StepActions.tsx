// A runnable or manual step's buttons. Beside "Run again" it says whether
// running again is safe; a step whose rerun repeats what it changed asks
// first, inline, and only then sends confirmRerun.
import { useState } from 'react';
import { formatDuration } from '../../../../shared/format';
import type { PlanStep, SessionView, StepState } from '../../../../shared/model';
import { hasRun, rerunNeedsConfirm, rerunWords } from '../../../../shared/stepState';
import { useApp } from '../../app/store';
import { InlineConfirm } from '../../ui/InlineConfirm';
import { useShortcut } from '../../ui/useShortcut';
import { useApplyingParams } from '../overview/queries';
import { useStepCommands } from './queries';

const RUNNABLE = new Set<PlanStep['kind']>(['command', 'check', 'toolchain']);

export function StepActions({ view, step, state }: { view: SessionView; step: PlanStep; state: StepState }): React.JSX.Element {
  const terminalId = useApp((s) => s.terminalId);
  const terminalBusy = useApp((s) => s.terminalBusy);
  const { runStep: run, markStep } = useStepCommands(view.session.id);
  const [confirming, setConfirming] = useState(false);
  const runnable = RUNNABLE.has(step.kind) && Boolean(step.command);
  // While parameters are applied, the command shown (and the one a run would type) is still the old one.
  const applying = useApplyingParams(view.session.id);
  const canRun = runnable && terminalId !== null && !terminalBusy && !applying && view.session.trusted;
  const asksFirst = rerunNeedsConfirm(step, state.status);
  const runStep = (confirmRerun: boolean): void => {
    setConfirming(false);
    if (terminalId) run(step.id, terminalId, confirmRerun);
  };
  const onRun = (): void => (asksFirst ? setConfirming(true) : runStep(false));
  useShortcut('mod+enter', onRun, canRun && !confirming);
  const lastRun = state.lastRunId ? view.lastRuns.find((r) => r.id === state.lastRunId) : undefined;
  return (
    <>
      <div className="actions">
        {runnable ? (
          <button
            type="button"
            className="primary"
            disabled={!canRun || confirming}
            onClick={onRun}
            title={
              applying
                ? 'The new parameters are being applied: the step runs with them once they are'
                : terminalBusy
                  ? 'A command is still running in the terminal'
                  : 'Run in the terminal (Ctrl+Enter)'
            }
          >
            {state.status === 'running' ? 'Running…' : state.status === 'pending' ? 'Run' : 'Run again'}
          </button>
        ) : step.kind === 'migrate' ? null : (
          <button type="button" className="primary" onClick={() => markStep(step.id, 'passed')}>
            Mark done
          </button>
        )}
        {runnable && applying && (
          <span className="muted small" role="status">
            Applying the new parameters…
          </span>
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
            Last run: {lastRun.status === 'interrupted' ? 'interrupted' : lastRun.status === 'stopped' ? `stopped by you (exit ${lastRun.exitCode})` : `exit ${lastRun.exitCode}`}
            {lastRun.durationMs !== null && ` in ${formatDuration(lastRun.durationMs)}`}
          </span>
        )}
      </div>
      {runnable && hasRun(state.status) && (
        <p className={`small rerun-note ${asksFirst ? 'warn-text' : 'muted'}`} data-testid="rerun-note">
          {rerunWords(step)}
        </p>
      )}
      {confirming && (
        <InlineConfirm label="Run again?" confirm="Yes, run it again" onConfirm={() => runStep(true)} onCancel={() => setConfirming(false)}>
          This step already {state.status}. Running it again repeats what it changed: <code>{step.command}</code> runs again.
        </InlineConfirm>
      )}
    </>
  );
}
