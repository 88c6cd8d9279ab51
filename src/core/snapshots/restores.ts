// Restoring a snapshot, journaled so that no restore is ever lost:
// 1. a safety snapshot of the tree as it is (what "Undo restore" brings back);
// 2. a `running` restore row, before any file changes;
// 3. the store's all-or-nothing restore (temp files, renames, its own journal);
// 4. the row marked done or failed.
// A crash between 2 and 4 leaves a running row: at the next start
// recoverRestores finishes or rolls back the store's restore and the row
// says which (finished-at-start / rolled-back-at-start).
// The app's Snapshots page and `stepwise snapshots restore` both come here.
import type { RestoreResult } from '../../shared/contract';
import type { RestoreMode, RestoreRecord, SnapshotRecord } from '../../shared/model';
import { EngineFault } from '../engine/errors';
import { StepTransitions } from '../steps/stepTransitions';
import type { RestoreSelection, SnapshotStore } from './store';
import { toolchainCommands } from './toolchain';
import { projectRoot, takeSnapshot, type SnapshotDeps } from './snapshotBefore';
import { sessionSnapshot } from './snapshotViews';

export interface RestoreRequest {
  sessionId: number;
  snapshotId: number;
  mode: RestoreMode;
  files: string[];
}

/** The seed's emergency rollback ends by rebuilding from scratch under the restored toolchain. */
export const EMERGENCY_REBUILD = 'cargo clean && cargo build --release';

/** What to type after an emergency restore: the toolchain commands, then the clean rebuild; null after any other restore. */
export function emergencyCommand(restore: RestoreRecord): string | null {
  return restore.mode === 'emergency' ? [...restore.toolchainCommands, EMERGENCY_REBUILD].join(' && ') : null;
}

/** The store of a restore's two sides, which must be the same. */
function storeOf({ stores }: SnapshotDeps, target: SnapshotRecord, safety: SnapshotRecord): SnapshotStore {
  if (target.store !== safety.store) throw new Error('The safety snapshot is in another store than the snapshot restored');
  return stores.of(target.store);
}

function selectionOf(mode: RestoreMode, files: string[]): RestoreSelection {
  return mode === 'files' ? { mode, files } : { mode };
}

export async function restoreSnapshot(deps: SnapshotDeps, request: RestoreRequest): Promise<RestoreResult> {
  const { journal, bus, stores } = deps;
  const { sessionId, snapshotId, mode } = request;
  const files = mode === 'files' ? [...new Set(request.files)] : [];
  if (mode === 'files' && files.length === 0) throw new EngineFault('invalid-params', 'A restore of selected files needs at least one file');
  const target = sessionSnapshot(deps, sessionId, snapshotId);
  return stores.exclusive(async () => {
    const root = projectRoot(journal, sessionId);
    let safety: SnapshotRecord;
    try {
      safety = await takeSnapshot(deps, sessionId, { label: `Before restoring snapshot #${target.id} (${mode})`, kind: 'safety' });
    } catch (error) {
      throw new EngineFault('io', `Nothing was restored: the safety snapshot could not be taken (${(error as Error).message})`);
    }
    const commands = toolchainCommands(target.toolchain, safety.toolchain);
    let restore = journal.restores.start({ sessionId, snapshotId, safetySnapshotId: safety.id, mode, files, toolchainCommands: commands });
    try {
      await storeOf(deps, target, safety).restore(root, target.storeId, safety.storeId, selectionOf(mode, files));
      restore = journal.restores.end(restore.id, 'done');
    } catch (error) {
      restore = await settleFailedRestore(deps, restore, root, target, error as Error);
      bus.emit('snapshot.restored', restore);
      if (restore.status === 'done') {
        reopenUndoneEdits(deps, target, restore);
        return { restore, safety };
      }
      throw new EngineFault('io', `Snapshot #${target.id} was not restored: ${(error as Error).message}`);
    }
    bus.emit('snapshot.restored', restore);
    reopenUndoneEdits(deps, target, restore);
    return { restore, safety };
  });
}

/**
 * A passed edit step whose change the restore put back (an edit applied
 * after the snapshot was taken, to a file the restore covered) is passed no
 * more: it goes back to pending, saying which restore undid it. An edit in
 * the snapshot's own millisecond counts as after it: the engine snapshots
 * before it edits.
 */
function reopenUndoneEdits({ journal, bus }: SnapshotDeps, target: SnapshotRecord, restore: RestoreRecord): void {
  const covered = restore.mode === 'files' ? new Set(restore.files) : null;
  const undone = new Set(
    journal.edits
      .forSession(restore.sessionId)
      .filter((e) => e.appliedAt >= target.createdAt && (covered === null || covered.has(e.file)))
      .map((e) => e.stepId),
  );
  const steps = new StepTransitions({ journal, bus });
  for (const stepId of undone) {
    if (steps.current(restore.sessionId, stepId)?.status !== 'passed') continue;
    steps.transition(restore.sessionId, stepId, 'pending', null, `its change was undone by restoring snapshot #${target.id}`);
  }
}

/**
 * A store restore that threw may have stopped past its commit point: its
 * recovery finishes it (the row is done) or rolls it back (failed). If even
 * that fails, the row stays running for the next start to settle.
 */
async function settleFailedRestore(
  { journal, stores }: SnapshotDeps,
  restore: RestoreRecord,
  root: string,
  target: SnapshotRecord,
  error: Error,
): Promise<RestoreRecord> {
  let outcome;
  try {
    outcome = await stores.of(target.store).recover(root);
  } catch (recoveryError) {
    throw new EngineFault(
      'io',
      `Restoring snapshot #${target.id} stopped part-way (${error.message}) and could not be finished (${(recoveryError as Error).message}). ` +
        `Stepwise finishes or rolls it back at its next start; the tree before the restore is snapshot #${restore.safetySnapshotId}.`,
    );
  }
  return outcome === 'finished' ? journal.restores.end(restore.id, 'done') : journal.restores.end(restore.id, 'failed', error.message);
}

/** Brings back what a restore replaced: its safety snapshot, restored the same way (all, the same files, or the manifests). */
export async function undoRestore(deps: SnapshotDeps, sessionId: number, restoreId: number): Promise<RestoreResult> {
  const restore = deps.journal.restores.get(restoreId);
  if (restore.sessionId !== sessionId) throw new EngineFault('not-found', `restore ${restoreId} belongs to another session`);
  if (restore.status !== 'done' && restore.status !== 'finished-at-start') {
    throw new EngineFault('invalid-params', `Restore #${restoreId} did not change the tree (it ${describeStatus(restore)}); there is nothing to undo`);
  }
  if (restore.safetySnapshotId === null) throw new EngineFault('not-found', `Restore #${restoreId} has no safety snapshot`);
  return restoreSnapshot(deps, { sessionId, snapshotId: restore.safetySnapshotId, mode: restore.mode, files: restore.files });
}

function describeStatus(restore: RestoreRecord): string {
  if (restore.status === 'running') return 'is still running';
  if (restore.status === 'rolled-back-at-start') return 'was cut short and rolled back';
  return 'failed';
}

/**
 * Settles every restore a crash left `running`: the store's own recovery
 * finishes or rolls it back; when the store has nothing pending (the crash
 * came before its journal existed, or after it was removed), the tree says
 * which: equal to the snapshot within the selection means finished.
 */
export async function recoverRestores(deps: SnapshotDeps): Promise<RestoreRecord[]> {
  const { journal } = deps;
  const settled: RestoreRecord[] = [];
  for (const restore of journal.restores.running()) {
    try {
      const root = projectRoot(journal, restore.sessionId);
      const target = journal.snapshots.get(restore.snapshotId);
      let outcome = await deps.stores.of(target.store).recover(root);
      if (outcome === 'none') {
        const safety = restore.safetySnapshotId === null ? target : journal.snapshots.get(restore.safetySnapshotId);
        const selection = selectionOf(restore.mode, restore.files);
        outcome = (await storeOf(deps, target, safety).treeMatches(root, target.storeId, safety.storeId, selection)) ? 'finished' : 'rolled-back';
      }
      settled.push(journal.restores.end(restore.id, outcome === 'finished' ? 'finished-at-start' : 'rolled-back-at-start'));
    } catch (error) {
      settled.push(journal.restores.end(restore.id, 'failed', `Could not be settled at start: ${(error as Error).message}`));
    }
  }
  for (const restore of settled) deps.bus.emit('snapshot.restored', restore);
  return settled;
}
