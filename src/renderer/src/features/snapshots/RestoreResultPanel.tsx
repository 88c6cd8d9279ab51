import { useState } from 'react';
import { useApp } from '../../app/store';
import { typeInTerminal } from '../terminal/queries';
import { useRestore, useRestoreInFlight, type RestoreWork } from './queries';
import { MODE_TEXT, RESTORE_STATUS_TEXT } from './snapshotText';

/**
 * What the last restore did, the toolchain commands it calls for, and its
 * undo. While a restore or an undo runs it says only that: the previous
 * result (done) beside it read as if the undo were done and running at once.
 */
export function RestoreResultPanel({ sessionId }: { sessionId: number }): React.JSX.Element | null {
  const lastRestore = useApp((s) => s.lastRestore);
  const restoreError = useApp((s) => s.restoreError);
  const dismissRestore = useApp((s) => s.dismissRestore);
  const terminalId = useApp((s) => s.terminalId);
  const terminalBusy = useApp((s) => s.terminalBusy);
  const { undoRestore } = useRestore(sessionId);
  const inFlight = useRestoreInFlight();
  const [sent, setSent] = useState(false);
  if (inFlight) return <RestoreRunning work={inFlight} />;
  if (restoreError) {
    return (
      <div className="restore-result failed" role="alert">
        <strong>The restore did not happen:</strong> {restoreError}
        <button type="button" className="ghost" onClick={dismissRestore} aria-label="Dismiss">
          ✕
        </button>
      </div>
    );
  }
  if (!lastRestore) return null;
  const { restore, safety } = lastRestore.result;
  const ok = restore.status === 'done';
  const commands = restore.toolchainCommands;
  const runInTerminal = (): void => {
    if (!terminalId) return;
    typeInTerminal(terminalId, commands.join(' && '));
    setSent(true);
  };

  return (
    <div className={`restore-result ${ok ? 'done' : 'failed'}`} role="status" aria-label="Restore result" data-restore-id={restore.id}>
      <div className="row">
        <strong>
          {ok ? '✓' : '✕'} Restore #{restore.id} of snapshot #{restore.snapshotId} ({MODE_TEXT[restore.mode]}
          {restore.files.length > 0 && `: ${restore.files.join(', ')}`}): {RESTORE_STATUS_TEXT[restore.status]}
        </strong>
        <span className="spacer" />
        {ok && restore.safetySnapshotId !== null && (
          <button type="button" onClick={() => void undoRestore(restore.id)}>
            Undo restore
          </button>
        )}
        <button type="button" className="ghost" onClick={dismissRestore} aria-label="Dismiss">
          ✕
        </button>
      </div>
      {restore.error && <p className="error small">{restore.error}</p>}
      <p className="muted small">Safety snapshot #{safety.id} was taken first.</p>
      {commands.length === 0 ? (
        <p className="muted small">Toolchain: the same as when the snapshot was taken, nothing to run.</p>
      ) : (
        <>
          <p className="small">Toolchain commands that bring the snapshot's toolchain back:</p>
          <pre className="command toolchain-commands">{commands.join('\n')}</pre>
        </>
      )}
      {lastRestore.typed ? (
        <p className="muted small">
          Typed into the terminal{restore.mode === 'emergency' && <>, then <code>cargo clean &amp;&amp; cargo build --release</code></>}: see them run below.
        </p>
      ) : (
        commands.length > 0 && (
          <button type="button" disabled={!terminalId || terminalBusy || sent} onClick={runInTerminal}>
            {sent ? 'Typed in the terminal' : 'Run in the terminal'}
          </button>
        )
      )}
    </div>
  );
}

function RestoreRunning({ work }: { work: RestoreWork }): React.JSX.Element {
  return (
    <div className="restore-result running" role="status" aria-label="Restore result" aria-busy="true">
      <strong>{'undo' in work ? `Undoing restore #${work.undo}…` : `Restoring snapshot #${work.snapshotId} (${MODE_TEXT[work.mode]})…`}</strong>
      <p className="muted small">A safety snapshot of the project as it is now is taken first; its result follows here.</p>
    </div>
  );
}
