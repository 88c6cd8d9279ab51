import { useState } from 'react';
import type { RestoreMode } from '../../../../shared/model';
import { useApp } from '../../app/store';
import { ChangedFileList } from './ChangedFileList';
import { DiffView } from '../../ui/DiffView';
import { RestoreDialog } from './RestoreDialog';
import type { Comparison } from '../../app/store/snapshotsSlice';
import { useSnapshotDiff, type SnapshotTimeline } from './queries';

/**
 * One snapshot against the current tree or another snapshot: files, diff,
 * and the ways to restore. Keyed by the comparison, so ticks start empty.
 */
interface Props {
  sessionId: number;
  timeline: SnapshotTimeline;
  comparison: Comparison | null;
}

export function SnapshotCompare({ sessionId, timeline, comparison }: Props): React.JSX.Element {
  const { snapshots } = timeline;
  const compare = useApp((s) => s.compare);
  const diffLayout = useApp((s) => s.diffLayout);
  const setDiffLayout = useApp((s) => s.setDiffLayout);
  const compared = useSnapshotDiff(sessionId, comparison);
  const diff = compared.isError ? null : (compared.data ?? null);
  const diffLoading = compared.isFetching;
  const diffError = compared.error?.message ?? null;
  const loadDiff = (): void => void compared.refetch();
  const [ticked, setSelected] = useState<Set<string>>(new Set());
  const [confirming, setConfirming] = useState<RestoreMode | null>(null);
  const files = diff?.files ?? [];
  // After a refresh (or a restore), files no longer in the list are no longer ticked.
  const selected = new Set(files.filter((f) => ticked.has(f.path)).map((f) => f.path));
  if (!comparison) return <p className="empty">Pick a snapshot in the timeline to see what changed since.</p>;

  const from = snapshots.find((s) => s.id === comparison.from);
  const againstTree = comparison.against === null;
  const label = (id: number): string => `#${id} ${snapshots.find((s) => s.id === id)?.label ?? ''}`;

  return (
    <div className="compare-pane" aria-label="Compare">
      <div className="row compare-bar">
        <label className="row">
          Compare
          <select aria-label="Snapshot" value={comparison.from} onChange={(e) => compare({ from: Number(e.target.value), against: comparison.against })}>
            {snapshots.map((s) => (
              <option key={s.id} value={s.id}>
                {label(s.id)}
              </option>
            ))}
          </select>
        </label>
        <label className="row">
          with
          <select
            aria-label="Compare with"
            value={comparison.against ?? 'tree'}
            onChange={(e) => compare({ from: comparison.from, against: e.target.value === 'tree' ? null : Number(e.target.value) })}
          >
            <option value="tree">the current tree</option>
            {snapshots
              .filter((s) => s.id !== comparison.from)
              .map((s) => (
                <option key={s.id} value={s.id}>
                  {label(s.id)}
                </option>
              ))}
          </select>
        </label>
        <span className="spacer" />
        <div className="segmented" role="group" aria-label="Diff layout">
          {(['unified', 'split'] as const).map((layout) => (
            <button key={layout} type="button" aria-pressed={diffLayout === layout} onClick={() => setDiffLayout(layout)}>
              {layout === 'unified' ? 'Unified' : 'Split'}
            </button>
          ))}
        </div>
        <button type="button" onClick={() => (timeline.refresh(), loadDiff())} disabled={diffLoading} title="Compare again (the files may have changed)">
          {diffLoading ? 'Comparing…' : 'Refresh'}
        </button>
      </div>
      <p className="muted small compare-caption">
        {againstTree
          ? `From snapshot #${comparison.from} to the files on disk now: restoring reverses these changes.`
          : `From snapshot #${comparison.from} to snapshot #${comparison.against}.`}
      </p>
      {diffError && (
        <p className="error" role="alert">
          Could not compare: {diffError}{' '}
          <button type="button" onClick={loadDiff}>
            Try again
          </button>
        </p>
      )}
      {diffLoading && !diff && <p className="muted loading">Comparing…</p>}
      {diff && files.length === 0 && (
        <p className="empty">{againstTree ? 'No difference: the project is exactly as this snapshot has it.' : 'No difference between these two snapshots.'}</p>
      )}
      {diff && files.length > 0 && <ChangedFileList files={files} truncated={diff.truncated} selected={againstTree ? selected : null} onSelect={setSelected} />}
      {againstTree && from && diff && (
        <div className="row restore-actions">
          <button type="button" className="primary" disabled={selected.size === 0} onClick={() => setConfirming('files')}>
            Restore {selected.size === 0 ? 'selected files' : `${selected.size} selected file${selected.size === 1 ? '' : 's'}`}…
          </button>
          <button type="button" disabled={files.length === 0} onClick={() => setConfirming('all')}>
            Restore everything…
          </button>
          <button type="button" className="danger" onClick={() => setConfirming('emergency')} title="Manifests and toolchain back, then a clean release build">
            Emergency rollback…
          </button>
        </div>
      )}
      {diff && files.length > 0 && <DiffView layout={diffLayout} files={files.map((f) => ({ ...f, file: f.path }))} />}
      {confirming && from && (
        <RestoreDialog
          sessionId={sessionId}
          snapshot={from}
          mode={confirming}
          files={confirming === 'files' ? files.filter((f) => selected.has(f.path)) : files}
          truncated={diff?.truncated ?? false}
          onClose={() => setConfirming(null)}
        />
      )}
    </div>
  );
}
