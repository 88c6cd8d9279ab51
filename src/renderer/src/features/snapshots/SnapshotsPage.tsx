import { useEffect, useState } from 'react';
import type { SnapshotSummary } from '../../../../shared/contract';
import type { SessionView } from '../../../../shared/model';
import { useApp } from '../../app/store';
import type { Comparison } from '../../app/store/snapshotsSlice';
import { RestoreResultPanel } from './RestoreResultPanel';
import { SnapshotCompare } from './SnapshotCompare';
import { SnapshotTimeline } from './SnapshotTimeline';
import { usePruneSnapshots, useSnapshotTimeline, useTakeSnapshot } from './queries';

/** Review the session's snapshots, compare them, restore all or part of one, prune. */
export function SnapshotsPage({ view }: { view: SessionView }): React.JSX.Element {
  const timeline = useSnapshotTimeline(view);
  const { snapshots, restores, loaded } = timeline;
  const take = useTakeSnapshot(view.session.id);
  const prune = usePruneSnapshots(view.session.id);
  const snapshotsError = take.error?.message ?? prune.error?.message ?? timeline.error;
  const tryAgain = (): void => {
    take.reset();
    prune.reset();
    timeline.refresh();
  };
  const comparison = useComparison(snapshots);

  return (
    <section className="snapshots-page" aria-label="Snapshots">
      <header className="page-head row">
        <h2>Snapshots</h2>
        {loaded && (
          <span className="muted small">
            {snapshots.length} snapshot{snapshots.length === 1 ? '' : 's'} · {restores.length} restore{restores.length === 1 ? '' : 's'}
          </span>
        )}
        <span className="spacer" />
        <TakeSnapshot take={take.mutateAsync} />
      </header>
      {snapshotsError && (
        <p className="error" role="alert">
          {snapshotsError}{' '}
          <button type="button" onClick={tryAgain}>
            Try again
          </button>
        </p>
      )}
      <RestoreResultPanel sessionId={view.session.id} />
      {!loaded ? (
        <p className="muted loading">Loading snapshots…</p>
      ) : snapshots.length === 0 && restores.length === 0 ? (
        <div className="empty snapshots-empty">
          <p>No snapshots yet.</p>
          <p>
            Stepwise takes one automatically before every edit step, every high-risk step, every one-click fix and every restore, so
            each of them can be undone. Take one yourself at any time with a label, above.
          </p>
          <p className="small">
            In a git work tree a snapshot is a commit pinned under <code>refs/stepwise/snapshots/</code> (your index, branches and
            stash are left alone); elsewhere, a copy in Stepwise's data directory. Either way it records the Rust toolchain too.
          </p>
        </div>
      ) : (
        <div className="snapshots-body">
          <SnapshotTimeline view={view} timeline={timeline} comparison={comparison} prune={prune.mutateAsync} />
          <SnapshotCompare
            key={comparison ? `${comparison.from}:${comparison.against ?? 'tree'}` : 'none'}
            sessionId={view.session.id}
            timeline={timeline}
            comparison={comparison}
          />
        </div>
      )}
    </section>
  );
}

function TakeSnapshot({ take }: { take: (label: string) => Promise<unknown> }): React.JSX.Element {
  const [label, setLabel] = useState('');
  const [taking, setTaking] = useState(false);
  return (
    <form
      className="row take-snapshot"
      onSubmit={(e) => {
        e.preventDefault();
        setTaking(true);
        void take(label.trim()).then(
          () => (setTaking(false), setLabel('')),
          () => setTaking(false),
        );
      }}
    >
      <input aria-label="Snapshot label" placeholder="Label, e.g. before bumping wasmtime" value={label} maxLength={200} onChange={(e) => setLabel(e.target.value)} />
      <button type="submit" className="primary" disabled={!label.trim() || taking}>
        {taking ? 'Taking…' : 'Take snapshot'}
      </button>
    </form>
  );
}

/**
 * The comparison shown: the one picked, while its snapshot is still there;
 * else the newest snapshot against the current tree, kept once chosen.
 */
function useComparison(snapshots: SnapshotSummary[]): Comparison | null {
  const picked = useApp((s) => s.comparison);
  const compare = useApp((s) => s.compare);
  const valid = picked && snapshots.some((s) => s.id === picked.from) ? picked : null;
  const newest = snapshots[0]?.id ?? null;
  const shown = valid ?? (newest !== null ? { from: newest, against: null } : null);
  // Remember the default once chosen: a snapshot taken later does not move the comparison.
  const stale = picked !== valid || (valid === null && newest !== null);
  useEffect(() => {
    if (stale) compare(newest !== null && !valid ? { from: newest, against: null } : valid);
  }, [stale, newest, valid, compare]);
  return shown;
}
