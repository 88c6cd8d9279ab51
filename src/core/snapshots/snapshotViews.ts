// Reading snapshots for the Snapshots page and the CLI: the timeline with
// each one's distance from the current tree, and per-file diffs.
import type { SnapshotSummary } from '../../shared/contract';
import type { RestoreRecord, SnapshotRecord } from '../../shared/model';
import { EngineFault } from '../engine/errors';
import type { FileChanges } from './fileChanges';
import { protectedReasons } from './pruning';
import { projectRoot, type SnapshotDeps } from './snapshotBefore';

export async function listSnapshots(
  { journal, stores }: SnapshotDeps,
  sessionId: number,
): Promise<{ snapshots: SnapshotSummary[]; restores: RestoreRecord[] }> {
  const root = projectRoot(journal, sessionId);
  const records = journal.snapshots.forSession(sessionId);
  const reasons = protectedReasons(journal, sessionId);
  const changed = new Map<number, number | null>();
  for (const store of ['git', 'folder'] as const) {
    const ofStore = records.filter((r) => r.store === store);
    if (ofStore.length === 0) continue;
    // A store that cannot answer (a repository moved away, say) leaves the counts unknown, not the list.
    const counts = await stores.of(store).changedCounts(root, ofStore.map((r) => r.storeId)).catch(() => ofStore.map(() => null));
    ofStore.forEach((r, i) => changed.set(r.id, counts[i] ?? null));
  }
  return {
    snapshots: records.map((r) => ({ ...r, changedFiles: changed.get(r.id) ?? null, protectedReason: reasons.get(r.id) ?? null })),
    restores: journal.restores.forSession(sessionId),
  };
}

/** A snapshot of the session, or a clear error. */
export function sessionSnapshot({ journal }: Pick<SnapshotDeps, 'journal'>, sessionId: number, snapshotId: number): SnapshotRecord {
  const snapshot = journal.snapshots.get(snapshotId);
  if (snapshot.sessionId !== sessionId) throw new EngineFault('not-found', `snapshot ${snapshotId} belongs to another session`);
  return snapshot;
}

export async function diffSnapshot(deps: SnapshotDeps, sessionId: number, snapshotId: number, against: number | null): Promise<FileChanges> {
  const from = sessionSnapshot(deps, sessionId, snapshotId);
  const to = against === null ? null : sessionSnapshot(deps, sessionId, against);
  try {
    if (to && to.store !== from.store) throw new Error('Cannot compare snapshots kept in different stores (git and folder)');
    return await deps.stores.of(from.store).fileChanges(projectRoot(deps.journal, sessionId), from.storeId, to?.storeId ?? null);
  } catch (error) {
    throw new EngineFault('io', `Could not compare snapshot ${snapshotId}: ${(error as Error).message}`);
  }
}
