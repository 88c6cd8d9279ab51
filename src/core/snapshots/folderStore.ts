// The snapshot store of a project outside any git work tree: copies in a
// content-addressed store in the data directory, one per project
// (casStore.ts and cas/ hold the mechanics).
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { CasSnapshotStore } from './casStore';
import { isWithin } from './cas/tree';
import type { FileChanges } from './fileChanges';
import { isEmergencyManifest } from './fileChanges';
import { leftOutPaths, type RecoveryOutcome, type RestoreSelection, type SnapshotStore, type StoreRestoreResult, type TakenSnapshot } from './store';

export class FolderSnapshotStore implements SnapshotStore {
  readonly kind = 'folder';
  private readonly stores = new Map<string, CasSnapshotStore>();

  constructor(private readonly dataDir: string) {}

  /** The project's content-addressed store (one instance per project: it queues its operations). */
  cas(root: string): CasSnapshotStore {
    const key = createHash('sha256').update(root).digest('hex').slice(0, 16);
    let store = this.stores.get(key);
    if (!store) {
      store = new CasSnapshotStore(join(this.dataDir, 'snapshots', key));
      this.stores.set(key, store);
    }
    return store;
  }

  async take(root: string, label: string): Promise<TakenSnapshot> {
    const s = await this.cas(root).create(root, { label });
    return { store: 'folder', id: s.id, label: s.label, createdAt: s.createdAt, fileCount: s.fileCount, bytes: s.bytes, leftOut: leftOutPaths(s.leftOut) };
  }

  fileChanges(root: string, fromId: string, againstId: string | null): Promise<FileChanges> {
    return this.cas(root).fileChanges(root, fromId, againstId);
  }

  changedCounts(root: string, storeIds: string[]): Promise<(number | null)[]> {
    return this.cas(root).changedCounts(root, storeIds);
  }

  async restore(root: string, targetId: string, safetyId: string, selection: RestoreSelection): Promise<StoreRestoreResult> {
    const paths = await this.selectionPaths(root, [targetId, safetyId], selection);
    if (paths?.length === 0) return { restored: [], removed: [] };
    return this.cas(root).restore(root, targetId, { paths: paths ?? undefined });
  }

  async treeMatches(root: string, targetId: string, safetyId: string, selection: RestoreSelection): Promise<boolean> {
    const paths = await this.selectionPaths(root, [targetId, safetyId], selection);
    const changed = await this.cas(root).changedPaths(root, targetId);
    return !changed.some((path) => paths === null || paths.some((p) => isWithin(path, p)));
  }

  async recover(root: string): Promise<RecoveryOutcome> {
    const result = await this.cas(root).recoverInterruptedRestore(root);
    return result.action === 'none' ? 'none' : result.action === 'completed' ? 'finished' : 'rolled-back';
  }

  async remove(root: string, storeIds: string[]): Promise<void> {
    if (storeIds.length > 0) await this.cas(root).remove(storeIds);
  }

  /** The paths a selection covers (null: everything): the files named, or the build manifests of either side. */
  private async selectionPaths(root: string, sides: string[], selection: RestoreSelection): Promise<string[] | null> {
    if (selection.mode === 'all') return null;
    if (selection.mode === 'files') return selection.files;
    const found = new Set<string>();
    const store = this.cas(root);
    for (const side of sides) for (const file of (await store.read(side)).files) if (isEmergencyManifest(file.path)) found.add(file.path);
    return [...found].sort();
  }
}
