// An edit step: always shown as a diff first; Apply writes exactly that diff.
// With nothing to change it says why: the project is already at the target,
// or has nothing of the kind the edit looks for; Mark done passes it and the
// journal keeps that why.
import { noChangeWords } from '../../../../shared/stepState';
import type { PlanStep, StepState } from '../../../../shared/model';
import { DiffView } from '../../ui/DiffView';
import { useShortcut } from '../../ui/useShortcut';
import { useApplyEdit, useEditPreview, useStepCommands } from './queries';

export function EditActions({ sessionId, trusted, step, state }: { sessionId: number; trusted: boolean; step: PlanStep; state: StepState }): React.JSX.Element {
  const { markStep } = useStepCommands(sessionId);
  const previewed = useEditPreview(sessionId, step.id);
  const apply = useApplyEdit(sessionId, step.id);
  const preview = previewed.data ?? null;
  const editError = apply.error?.message ?? previewed.error?.message ?? null;
  const applyEdit = (): void => {
    if (preview) apply.mutate(preview.digest);
  };
  const changes = preview !== null && preview.files.length > 0;
  const canApply = trusted && changes;
  // With nothing to change, applying the empty diff passes the step with why (the places at the target, or
  // nothing of the kind), journaled for the guide; an untrusted plan can only be marked.
  const markDone = (): void => (trusted && preview !== null ? applyEdit() : markStep(step.id, 'passed'));
  useShortcut('mod+enter', applyEdit, canApply);
  return (
    <>
      {editError && (
        <p className="error" role="alert">
          {editError}
        </p>
      )}
      {preview === null && !editError && <p className="muted">Working out the change…</p>}
      {preview !== null && !changes && (
        <p className="muted" data-testid="edit-no-change">
          {noChangeWords(preview)}.
        </p>
      )}
      {changes && <DiffView files={preview.files} />}
      <div className="actions">
        {changes ? (
          <button type="button" className="primary" disabled={!canApply} onClick={applyEdit} title="Apply this diff (Ctrl+Enter)">
            Apply {preview.files.length === 1 ? 'to 1 file' : `to ${preview.files.length} files`}
          </button>
        ) : (
          <button type="button" className="primary" onClick={markDone} disabled={state.status === 'passed' || apply.isPending}>
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
