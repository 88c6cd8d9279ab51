import { useState } from 'react';
import type { RequestResults, SnapshotSummary } from '../../../../shared/contract';
import { formatBytes } from '../../../../shared/format';
import type { RestoreRecord, SessionView } from '../../../../shared/model';
import { useApp } from '../../app/store';
import type { Comparison } from '../../app/store/snapshotsSlice';
import { useRestore, useRestoreInFlight, useRestoring, type SnapshotTimeline as Timeline } from './queries';
import { changedText, KIND_TITLE, localTime, MODE_TEXT, originText, RESTORE_STATUS_TEXT, toolchainName, undoneRestore } from './snapshotText';

type Entry = { at: string; snapshot: SnapshotSummary } | { at: string; restore: RestoreRecord };

/** Snapshots and restores, newest first; a restore sorts above the safety snapshot it took. */
function timeline(snapshots: SnapshotSummary[], restores: RestoreRecord[]): Entry[] {
  const entries: Entry[] = [...snapshots.map((s) => ({ at: s.createdAt, snapshot: s })), ...restores.map((r) => ({ at: r.startedAt, restore: r }))];
  return entries.sort((a, b) => b.at.localeCompare(a.at) || ('restore' in a ? -1 : 0) - ('restore' in b ? -1 : 0));
}

interface Props {
  view: SessionView;
  timeline: Timeline;
  comparison: Comparison | null;
  prune: (snapshotIds: number[]) => Promise<RequestResults['snapshots.prune']>;
}

export function SnapshotTimeline({ view, timeline: { snapshots, restores }, comparison, prune: pruneSnapshots }: Props): React.JSX.Element {
  const compare = useApp((s) => s.compare);
  const [pruning, setPruning] = useState(false);
  const [chosen, setChosen] = useState<Set<number>>(new Set());
  const [pruned, setPruned] = useState<RequestResults['snapshots.prune'] | null>(null);
  const titles = new Map(view.plan.phases.flatMap((p) => p.steps.map((s) => [s.id, s.title])));
  const latestRestore = restores[0];

  const toggle = (id: number): void => {
    const next = new Set(chosen);
    if (!next.delete(id)) next.add(id);
    setChosen(next);
  };
  const prune = async (): Promise<void> => {
    const result = await pruneSnapshots([...chosen]).catch(() => null);
    if (!result) return;
    setPruned(result);
    setChosen(new Set());
    setPruning(false);
  };

  return (
    <div className="timeline-pane">
      <div className="row timeline-bar">
        <h3>Timeline</h3>
        <span className="spacer" />
        {pruning ? (
          <>
            <button type="button" className="danger" disabled={chosen.size === 0} onClick={() => void prune()}>
              Prune {chosen.size} snapshot{chosen.size === 1 ? '' : 's'}
            </button>
            <button type="button" onClick={() => (setPruning(false), setChosen(new Set()))}>
              Cancel
            </button>
          </>
        ) : (
          <button type="button" onClick={() => (setPruning(true), setPruned(null))} disabled={snapshots.length === 0} title="Choose snapshots to delete">
            Prune…
          </button>
        )}
      </div>
      {pruned && (
        <p className="ok small prune-result" role="status">
          Pruned {pruned.removed.length} snapshot{pruned.removed.length === 1 ? '' : 's'}
          {pruned.kept.length > 0 && `; kept ${pruned.kept.map((k) => `#${k.id} (${k.reason})`).join(', ')}`}.
        </p>
      )}
      <ol className="timeline" aria-label="Snapshot timeline">
        {timeline(snapshots, restores).map((entry) =>
          'snapshot' in entry ? (
            <SnapshotRow
              key={`s${entry.snapshot.id}`}
              snapshot={entry.snapshot}
              stepTitle={entry.snapshot.stepId ? (titles.get(entry.snapshot.stepId) ?? entry.snapshot.stepId) : null}
              selected={comparison?.from === entry.snapshot.id}
              against={comparison?.against === entry.snapshot.id}
              onSelect={() => compare({ from: entry.snapshot.id, against: null })}
              pruning={pruning}
              chosen={chosen.has(entry.snapshot.id)}
              onChoose={() => toggle(entry.snapshot.id)}
            />
          ) : (
            <RestoreRow key={`r${entry.restore.id}`} sessionId={view.session.id} restore={entry.restore} restores={restores} latest={entry.restore.id === latestRestore?.id} />
          ),
        )}
      </ol>
    </div>
  );
}

interface SnapshotRowProps {
  snapshot: SnapshotSummary;
  stepTitle: string | null;
  selected: boolean;
  against: boolean;
  onSelect(): void;
  pruning: boolean;
  chosen: boolean;
  onChoose(): void;
}

function SnapshotRow({ snapshot: s, stepTitle, selected, against, onSelect, pruning, chosen, onChoose }: SnapshotRowProps): React.JSX.Element {
  const toolchain = toolchainName(s.toolchain);
  return (
    <li className={`snap kind-${s.kind}${selected ? ' selected' : ''}${against ? ' against' : ''}`} data-snapshot-id={s.id}>
      <div className="snap-top">
        {pruning && (
          <input
            type="checkbox"
            aria-label={`Prune snapshot #${s.id}`}
            checked={chosen}
            disabled={s.protectedReason !== null}
            title={s.protectedReason ? `Kept: ${s.protectedReason}` : undefined}
            onChange={onChoose}
          />
        )}
        <button type="button" className="snap-head" onClick={onSelect} aria-pressed={selected} title="Compare this snapshot with the current tree">
          <span className="snap-id">#{s.id}</span>
          <span className="snap-label">{s.label}</span>
          <span className={`badge kind-badge kind-${s.kind}`} title={KIND_TITLE[s.kind]}>
            {s.kind}
          </span>
        </button>
      </div>
      <div className="snap-meta muted small">
        <time dateTime={s.createdAt}>{localTime(s.createdAt)}</time> · {originText(s.kind, stepTitle)}
      </div>
      <div className="snap-meta muted small">
        <span title={`${s.fileCount} files${s.leftOut.length ? `; left out (too large): ${s.leftOut.join(', ')}` : ''}`}>
          {formatBytes(s.bytes)}, {s.fileCount} files{s.leftOut.length > 0 && `, ${s.leftOut.length} left out`}
        </span>{' '}
        · <span className={s.changedFiles ? 'changed' : undefined}>{changedText(s.changedFiles)}</span> ·{' '}
        <span className="toolchain" title={toolchain.full}>
          ⚙ {toolchain.short}
        </span>
      </div>
      {s.protectedReason && (
        <div className="kept small" title="Pruning keeps this snapshot">
          ⚑ kept: {s.protectedReason}
        </div>
      )}
    </li>
  );
}

interface RestoreRowProps {
  sessionId: number;
  restore: RestoreRecord;
  restores: RestoreRecord[];
  latest: boolean;
}

function RestoreRow({ sessionId, restore: r, restores, latest }: RestoreRowProps): React.JSX.Element {
  const { undoRestore } = useRestore(sessionId);
  const restoring = useRestoring();
  const inFlight = useRestoreInFlight();
  const undoing = inFlight !== null && 'undo' in inFlight && inFlight.undo === r.id;
  const undone = undoneRestore(r, restores);
  const what = undone ? `Undid restore #${undone.id}` : `Restored #${r.snapshotId}: ${MODE_TEXT[r.mode]}`;
  return (
    <li className={`restore-entry restore-${r.status}`} data-restore-id={r.id}>
      <div className="row">
        <span className="restore-glyph">↺</span>
        <span className="restore-what">{what}</span>
        {/* While it is being undone, that is its one state: "done" beside the undo's progress read as both at once. */}
        <span className={`badge restore-status restore-${undoing ? 'running' : r.status}`}>{undoing ? 'undoing…' : RESTORE_STATUS_TEXT[r.status]}</span>
      </div>
      <div className="snap-meta muted small">
        <time dateTime={r.startedAt}>{localTime(r.startedAt)}</time>
        {r.files.length > 0 && ` · ${r.files.join(', ')}`}
        {r.safetySnapshotId !== null && ` · safety snapshot #${r.safetySnapshotId}`}
      </div>
      {r.error && <div className="error small">{r.error}</div>}
      {!undoing && latest && r.safetySnapshotId !== null && (r.status === 'done' || r.status === 'finished-at-start') && (
        <button type="button" disabled={restoring} onClick={() => void undoRestore(r.id)} title={`Restore safety snapshot #${r.safetySnapshotId}`}>
          Undo restore
        </button>
      )}
    </li>
  );
}
