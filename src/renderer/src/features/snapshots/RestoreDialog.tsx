import type { SnapshotSummary } from '../../../../shared/contract';
import { isEmergencyManifest } from '../../../../shared/emergencyManifest';
import type { FileChange, RestoreMode } from '../../../../shared/model';
import { useApp } from '../../app/store';
import { RESTORE_EFFECT, toolchainName } from './snapshotText';
import { useShortcut } from '../../ui/useShortcut';
import { useRestore, useRestoring } from './queries';

interface Props {
  sessionId: number;
  snapshot: SnapshotSummary;
  mode: RestoreMode;
  /** The files that differ (all of them, or the ticked ones for `files`). */
  files: FileChange[];
  /** The comparison was cut at a size limit: the list may be incomplete. */
  truncated: boolean;
  onClose(): void;
}

const TITLE: Record<RestoreMode, string> = {
  all: 'Restore everything',
  files: 'Restore selected files',
  emergency: 'Emergency rollback',
};

/** Says exactly what a restore will change before it changes anything. */
export function RestoreDialog({ sessionId, snapshot, mode, files, truncated, onClose }: Props): React.JSX.Element {
  const { restoreSnapshot } = useRestore(sessionId);
  const restoring = useRestoring();
  const terminalId = useApp((s) => s.terminalId);
  const terminalBusy = useApp((s) => s.terminalBusy);
  useShortcut('escape', onClose);
  const changing = mode === 'emergency' ? files.filter((f) => isEmergencyManifest(f.path)) : files;
  const toolchain = toolchainName(snapshot.toolchain);
  const blockedByTerminal = mode === 'emergency' && terminalId !== null && terminalBusy;
  const confirm = async (): Promise<void> => {
    await restoreSnapshot(snapshot.id, mode, mode === 'files' ? files.map((f) => f.path) : []);
    onClose();
  };

  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div className="modal restore-dialog" role="dialog" aria-label="Confirm restore" onClick={(e) => e.stopPropagation()}>
        <header>
          <h2>
            {TITLE[mode]} from snapshot #{snapshot.id}
          </h2>
          <button type="button" className="ghost" onClick={onClose} aria-label="Close (Esc)">
            ✕
          </button>
        </header>
        <p className="muted">“{snapshot.label}”</p>
        <p className="safety-note">
          ▣ A safety snapshot of the project as it is now is taken first: <strong>Undo restore</strong> puts everything back.
        </p>
        <h3>{mode === 'emergency' ? 'Manifests and toolchain pins' : 'Files'}</h3>
        {changing.length === 0 ? (
          <p className="muted small">{mode === 'emergency' ? 'No manifest differs from the snapshot: no file changes.' : 'No file differs from the snapshot.'}</p>
        ) : (
          <ul className="restore-changes">
            {changing.map((f) => (
              <li key={f.path}>
                <code>{f.path}</code> <span className="muted">will be {RESTORE_EFFECT[f.status]}</span>
              </li>
            ))}
          </ul>
        )}
        {truncated && <p className="warn-text small">The comparison was cut at its size limit: the restore covers every file, including ones not listed.</p>}
        {mode === 'all' && <p className="muted small">Ignored files (such as target/) and files the snapshot left out are not touched.</p>}
        {mode === 'files' && <p className="muted small">Every other file stays as it is.</p>}
        {mode === 'emergency' && (
          <>
            <h3>Toolchain and build</h3>
            <ol className="small emergency-steps">
              <li>
                The rustup commands that bring back the snapshot's toolchain (<span title={toolchain.full}>{toolchain.short}</span>), if it differs from now.
              </li>
              <li>
                <code>cargo clean &amp;&amp; cargo build --release</code>
              </li>
            </ol>
            <p className="muted small">
              {terminalId
                ? 'Both are typed into the terminal below, where you see them run.'
                : 'No terminal is open: the commands are shown after the restore for you to run.'}
            </p>
            {blockedByTerminal && <p className="warn-text small">A command is running in the terminal: wait for it to finish first.</p>}
          </>
        )}
        <div className="row">
          <span className="spacer" />
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className={mode === 'emergency' ? 'danger' : 'primary'} disabled={restoring || blockedByTerminal} onClick={() => void confirm()} autoFocus>
            {restoring ? 'Restoring…' : mode === 'files' ? `Restore ${files.length} file${files.length === 1 ? '' : 's'}` : mode === 'all' ? 'Restore everything' : 'Run emergency rollback'}
          </button>
        </div>
      </div>
    </div>
  );
}
