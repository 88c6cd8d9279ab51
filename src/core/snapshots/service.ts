// A session's rollback snapshots: taken, listed, compared, restored (and
// undone), pruned, and the restores a crash cut short settled. Every journal
// row and event about snapshots comes from here; the stores behind it keep
// the copies. The engine holds one; `stepwise snapshots` opens the same.
import type { RestoreResult, SnapshotSummary } from '../../shared/contract';
import type { RestoreRecord, SnapshotRecord } from '../../shared/model';
import { EngineFault } from '../engine/errors';
import type { FileChanges } from './fileChanges';
import { pruneSnapshots, type PruneOutcome } from './pruning';
import { recoverRestores, restoreSnapshot, undoRestore, type RestoreRequest } from './restores';
import { snapshotBefore, takeSnapshot, type SnapshotDeps, type TakeOptions } from './snapshotBefore';
import { diffSnapshot, listSnapshots } from './snapshotViews';

export class SnapshotService {
  constructor(private readonly deps: SnapshotDeps) {}

  get stores(): SnapshotDeps['stores'] {
    return this.deps.stores;
  }

  list(sessionId: number): Promise<{ snapshots: SnapshotSummary[]; restores: RestoreRecord[] }> {
    return listSnapshots(this.deps, sessionId);
  }

  /** A snapshot, its journal row and its event; the store's own error when it cannot be taken. */
  take(sessionId: number, options: TakeOptions): Promise<SnapshotRecord> {
    return takeSnapshot(this.deps, sessionId, options);
  }

  /** A snapshot the user asked for (the Snapshots page). */
  async create(sessionId: number, label: string): Promise<SnapshotRecord> {
    this.deps.journal.sessions.get(sessionId);
    try {
      return await this.take(sessionId, { label, kind: 'manual' });
    } catch (error) {
      throw new EngineFault('io', `The snapshot could not be taken: ${(error as Error).message}`);
    }
  }

  /** The snapshot before a risky change: without it, the change is refused. */
  before(sessionId: number, stepId: string | null, label: string, issueId: number | null = null): Promise<SnapshotRecord> {
    return snapshotBefore(this.deps, sessionId, stepId, label, issueId);
  }

  diff(sessionId: number, snapshotId: number, against: number | null): Promise<FileChanges> {
    return diffSnapshot(this.deps, sessionId, snapshotId, against);
  }

  restore(request: RestoreRequest): Promise<RestoreResult> {
    return restoreSnapshot(this.deps, request);
  }

  undo(sessionId: number, restoreId: number): Promise<RestoreResult> {
    return undoRestore(this.deps, sessionId, restoreId);
  }

  prune(sessionId: number, snapshotIds: number[]): Promise<PruneOutcome> {
    return pruneSnapshots(this.deps, sessionId, snapshotIds);
  }

  /** Settles the restores a crash left running (at the start of whoever owns the data directory). */
  recover(): Promise<RestoreRecord[]> {
    return recoverRestores(this.deps);
  }

  /** Prepares a git project's snapshot index in the background, so the next snapshot is quick. */
  warm(root: string): void {
    this.deps.stores.warmer.warm(root);
  }

  /** Resolves once no index warm is running. */
  settled(): Promise<void> {
    return this.deps.stores.warmer.settled();
  }

  /** Ends the index warms (their git processes). */
  close(): Promise<void> {
    return this.deps.stores.warmer.close();
  }
}
