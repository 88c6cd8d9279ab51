// The snapshot store of a project inside a git work tree: commits pinned
// under refs/stepwise/snapshots/ (gitSnapshots.ts and git/ hold the mechanics).
import { isEmergencyManifest, type FileChanges } from './fileChanges';
import { rawChanges } from './git/fileChanges';
import { displayPath, isWithin, keyOf, toPathBytes } from './git/paths';
import {
  changedFileCounts,
  createSnapshot,
  deleteSnapshot,
  findRepo,
  listSnapshots,
  recoverInterruptedRestore,
  restoreSnapshot,
  snapshotFileChanges,
  snapshotPaths,
} from './gitSnapshots';
import { leftOutPaths, type RecoveryOutcome, type RestoreSelection, type SnapshotStore, type StoreRestoreResult, type TakenSnapshot } from './store';

export class GitSnapshotStore implements SnapshotStore {
  readonly kind = 'git';

  async take(root: string, label: string): Promise<TakenSnapshot> {
    const taken = await this.takeIfHeld(root, label);
    if (!taken) throw new Error(`${root} is not in a git work tree`);
    return taken;
  }

  /** A snapshot when `root` is in a git work tree (this store's projects), else null; rejects when git cannot open its repository. */
  async takeIfHeld(root: string, label: string): Promise<TakenSnapshot | null> {
    const repo = await findRepo(root);
    if (!repo) return null;
    const s = await createSnapshot(repo, { label });
    return { store: 'git', id: s.id, label: s.label, createdAt: s.createdAt, fileCount: s.fileCount, bytes: s.bytes, leftOut: leftOutPaths(s.leftOut) };
  }

  fileChanges(root: string, fromId: string, againstId: string | null): Promise<FileChanges> {
    return snapshotFileChanges(root, fromId, againstId);
  }

  changedCounts(root: string, storeIds: string[]): Promise<(number | null)[]> {
    return changedFileCounts(root, storeIds);
  }

  async restore(root: string, targetId: string, safetyId: string, selection: RestoreSelection): Promise<StoreRestoreResult> {
    const paths = await this.selectionPaths(root, [targetId, safetyId], selection);
    if (paths?.length === 0) return { restored: [], removed: [] };
    const result = await restoreSnapshot(root, targetId, { safetyId, paths: paths ?? undefined });
    return { restored: result.restored, removed: result.removed };
  }

  async treeMatches(root: string, targetId: string, safetyId: string, selection: RestoreSelection): Promise<boolean> {
    const paths = await this.selectionPaths(root, [targetId, safetyId], selection);
    const { changes } = await rawChanges(root, targetId, null, { renames: false });
    return !changes.some(
      (c) => c.oldMode !== '160000' && c.newMode !== '160000' && (paths === null || paths.some((p) => isWithin(c.path, p))),
    );
  }

  async recover(root: string): Promise<RecoveryOutcome> {
    const result = await recoverInterruptedRestore(root);
    if (!result.recovered) return 'none';
    return result.outcome === 'completed' ? 'finished' : 'rolled-back';
  }

  async remove(root: string, storeIds: string[]): Promise<void> {
    if (storeIds.length === 0) return;
    // A ref already gone (deleted by hand) is not an error: the journal row goes all the same.
    const present = new Set((await listSnapshots(root)).map((s) => s.id));
    for (const id of storeIds) if (present.has(id)) await deleteSnapshot(root, id);
  }

  /** The paths a selection covers (null: everything); unknown `files` are refused before anything changes. */
  private async selectionPaths(root: string, sides: string[], selection: RestoreSelection): Promise<Buffer[] | null> {
    if (selection.mode === 'all') return null;
    const known = new Map<string, Buffer>();
    for (const side of sides) for (const path of await snapshotPaths(root, side)) known.set(keyOf(path), path);
    if (selection.mode === 'emergency') return [...known.values()].filter((path) => isEmergencyManifest(displayPath(path)));
    const wanted = selection.files.map(toPathBytes);
    for (const [i, path] of wanted.entries()) {
      if (![...known.values()].some((candidate) => isWithin(candidate, path))) {
        throw new Error(`Nothing to restore at ${JSON.stringify(selection.files[i])}: it is in neither the snapshot nor the project`);
      }
    }
    return wanted;
  }
}
