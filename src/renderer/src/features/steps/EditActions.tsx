// An edit step: always shown as a diff first; Apply writes exactly that diff.
// Nothing acts on the step until its diff is worked out: a click in that
// moment would pass it with the files untouched. With changes, passing it
// without applying asks first and names the files left as they are. With
// nothing to change it says why: the project is already at the target, or
// has nothing of the kind the edit looks for; Mark done passes it and the
// journal keeps that why.
import { useState } from 'react';
import { noChangeWords } from '../../../../shared/stepState';
import type { PlanStep, StepState } from '../../../../shared/model';
import { DiffView } from '../../ui/DiffView';
import { InlineConfirm } from '../../ui/InlineConfirm';
import { useShortcut } from '../../ui/useShortcut';
import { useApplyEdit, useEditPreview, useStepCommands } from './queries';

export function EditActions({ sessionId, trusted, step, state }: { sessionId: number; trusted: boolean; step: PlanStep; state: StepState }): React.JSX.Element {
  const { markStep } = useStepCommands(sessionId);
  const previewed = useEditPreview(sessionId, step.id);
  const apply = useApplyEdit(sessionId, step.id);
  const [confirming, setConfirming] = useState(false);
  const preview = previewed.data ?? null;
  const editError = apply.error?.message ?? previewed.error?.message ?? null;
  // Fetching again (Refresh diff, or after an apply) counts as not ready: the diff shown may be the old one.
  const ready = preview !== null && !previewed.isFetching && !apply.isPending;
  const applyEdit = (): void => {
    if (preview && ready) apply.mutate(preview.digest);
  };
  const changes = preview !== null && preview.files.length > 0;
  const canApply = trusted && changes && ready;
  // With nothing to change, applying the empty diff passes the step with why (the places at the target, or
  // nothing of the kind), journaled for the guide; an untrusted plan can only be marked.
  const markDone = (): void => (trusted ? applyEdit() : markStep(step.id, 'passed'));
  const markWithoutApplying = (): void => {
    setConfirming(false);
    markStep(step.id, 'passed');
  };
  useShortcut('mod+enter', applyEdit, canApply && !confirming);
  const fileCount = preview?.files.length ?? 0;
  const filesWord = fileCount === 1 ? '1 file' : `${fileCount} files`;
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
      {/* Above the diff, and stuck to the top of the step's scroll area: a long diff does not push the buttons away. */}
      <div className="action-bar" data-testid="edit-action-bar">
        <div className="actions">
          {!ready ? (
            <button type="button" className="primary" disabled data-testid="edit-working">
              {preview === null && editError ? 'No diff to apply' : 'Working out the change…'}
            </button>
          ) : changes ? (
            <button type="button" className="primary" disabled={!canApply || confirming} onClick={applyEdit} title="Apply this diff (Ctrl+Enter)">
              Apply to {filesWord}
            </button>
          ) : (
            <button type="button" className="primary" onClick={markDone} disabled={state.status === 'passed'}>
              Mark done
            </button>
          )}
          {ready && changes && state.status !== 'passed' && (
            <button type="button" disabled={confirming} onClick={() => setConfirming(true)}>
              Mark done without applying…
            </button>
          )}
          <button
            type="button"
            disabled={previewed.isFetching || apply.isPending}
            onClick={() => {
              setConfirming(false);
              apply.reset();
              previewed.refresh();
            }}
          >
            Refresh diff
          </button>
          {state.status !== 'skipped' && (
            <button type="button" disabled={!ready && !editError} onClick={() => markStep(step.id, 'skipped')}>
              Skip
            </button>
          )}
        </div>
        {confirming && changes && (
          <InlineConfirm
            label="Mark done without applying?"
            confirm="Yes, mark done without applying"
            onConfirm={markWithoutApplying}
            onCancel={() => setConfirming(false)}
            testId="mark-without-applying"
          >
            Pass this step without applying its diff? {filesWord} {fileCount === 1 ? 'stays' : 'stay'} unchanged:{' '}
            {preview.files.map((f, i) => (
              <span key={f.file}>
                {i > 0 && ', '}
                <code>{f.file}</code>
              </span>
            ))}
            .
          </InlineConfirm>
        )}
      </div>
      {changes && <DiffView files={preview.files} />}
    </>
  );
}
