import { useEffect, useState } from 'react';
import type { SessionView } from '../../../../shared/model';
import { useApp } from '../../app/store';
import { RestoreResultPanel } from './RestoreResultPanel';
import { SnapshotCompare } from './SnapshotCompare';
import { SnapshotTimeline } from './SnapshotTimeline';

/** Review the session's snapshots, compare them, restore all or part of one, prune. */
export function SnapshotsPage({ view }: { view: SessionView }): React.JSX.Element {
  const { snapshots, restores, snapshotsFor, snapshotsLoading, snapshotsError, loadSnapshots, comparison } = useApp();
  const sessionId = view.session.id;
  useEffect(() => {
    void loadSnapshots();
  }, [sessionId, loadSnapshots]);
  const loaded = snapshotsFor === sessionId && !(snapshotsLoading && snapshots.length === 0 && restores.length === 0);

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
        <TakeSnapshot />
      </header>
      {snapshotsError && (
        <p className="error" role="alert">
          {snapshotsError}{' '}
          <button type="button" onClick={() => void loadSnapshots()}>
            Try again
          </button>
        </p>
      )}
      <RestoreResultPanel />
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
          <SnapshotTimeline view={view} />
          <SnapshotCompare key={comparison ? `${comparison.from}:${comparison.against ?? 'tree'}` : 'none'} />
        </div>
      )}
    </section>
  );
}

function TakeSnapshot(): React.JSX.Element {
  const takeSnapshot = useApp((s) => s.takeSnapshot);
  const [label, setLabel] = useState('');
  const [taking, setTaking] = useState(false);
  return (
    <form
      className="row take-snapshot"
      onSubmit={(e) => {
        e.preventDefault();
        setTaking(true);
        void takeSnapshot(label.trim()).then((ok) => {
          setTaking(false);
          if (ok) setLabel('');
        });
      }}
    >
      <input aria-label="Snapshot label" placeholder="Label, e.g. before bumping wasmtime" value={label} maxLength={200} onChange={(e) => setLabel(e.target.value)} />
      <button type="submit" className="primary" disabled={!label.trim() || taking}>
        {taking ? 'Taking…' : 'Take snapshot'}
      </button>
    </form>
  );
}
