// Which snapshots pruning keeps, and pruning the others: never the newest
// few, never one taken before an issue's fix, never the safety snapshot of
// the latest restore (that is "Undo restore").
import type { SnapshotRecord } from '../../shared/model';
import type { Journal } from '../journal/journal';
import { EngineFault } from '../engine/errors';
import { projectRoot, type SnapshotDeps } from './snapshotBefore';

/** The newest snapshots of a session are always kept. */
export const KEEP_NEWEST = 3;

/** Why each protected snapshot of a session must stay, by snapshot id. */
export function protectedReasons(journal: Journal, sessionId: number): Map<number, string> {
  const reasons = new Map<number, string>();
  const keep = (id: number | null, reason: string): void => {
    if (id !== null && !reasons.has(id)) reasons.set(id, reason);
  };
  const restores = journal.restores.forSession(sessionId);
  for (const restore of restores.filter((r) => r.status === 'running')) {
    keep(restore.snapshotId, `used by restore #${restore.id}, still running`);
    keep(restore.safetySnapshotId, `safety snapshot of restore #${restore.id}, still running`);
  }
  // The latest restore that changed the tree is the one "Undo restore" undoes.
  const latest = restores.filter((r) => r.status === 'done' || r.status === 'finished-at-start').at(-1);
  if (latest) keep(latest.safetySnapshotId, `safety snapshot of the latest restore (#${latest.id}): it is "Undo restore"`);
  for (const link of journal.snapshots.issueLinks(sessionId)) keep(link.snapshotId, `taken before the fix of issue #${link.issueId} (${link.issueState})`);
  const snapshots = journal.snapshots.forSession(sessionId);
  for (const snapshot of snapshots.slice(-KEEP_NEWEST)) keep(snapshot.id, `one of the ${KEEP_NEWEST} newest snapshots`);
  return reasons;
}

export interface PruneOutcome {
  removed: number[];
  kept: { id: number; reason: string }[];
}

/** Removes the snapshots named that are not protected: from their store (ref, or manifest and unshared content), then the journal. */
export async function pruneSnapshots(deps: SnapshotDeps, sessionId: number, snapshotIds: number[]): Promise<PruneOutcome> {
  const { journal, bus, stores } = deps;
  return stores.exclusive(async () => {
    const root = projectRoot(journal, sessionId);
    const reasons = protectedReasons(journal, sessionId);
    const bySession = new Map(journal.snapshots.forSession(sessionId).map((s) => [s.id, s]));
    const kept: PruneOutcome['kept'] = [];
    const doomed: SnapshotRecord[] = [];
    for (const id of [...new Set(snapshotIds)]) {
      const snapshot = bySession.get(id);
      if (!snapshot) throw new EngineFault('not-found', `no snapshot ${id} in session ${sessionId}`);
      const reason = reasons.get(id);
      if (reason) kept.push({ id, reason });
      else doomed.push(snapshot);
    }
    for (const kind of ['git', 'folder'] as const) {
      await stores.of(kind).remove(root, doomed.filter((s) => s.store === kind).map((s) => s.storeId));
    }
    journal.transaction(() => doomed.forEach((s) => journal.snapshots.delete(s.id)));
    const removed = doomed.map((s) => s.id);
    if (removed.length > 0) bus.emit('snapshots.pruned', { sessionId, snapshotIds: removed });
    return { removed, kept };
  });
}
