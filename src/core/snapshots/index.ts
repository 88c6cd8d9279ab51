// One way to take, compare, restore and remove rollback snapshots of a
// project, whatever it is: a commit pinned under refs/stepwise/snapshots/ in
// a git work tree, else a copy in the content-addressed store in the data
// directory. Callers name a snapshot by its store and the store's id.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { CasSnapshotStore } from './casStore';
import { isEmergencyManifest, type FileChanges } from './fileChanges';
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
import { isWithin as isWithinText } from './cas/tree';
import { rawChanges } from './git/fileChanges';
import { IndexWarmer } from './indexWarmer';

export type SnapshotStoreKind = 'git' | 'folder';

export interface TakenSnapshot {
  store: SnapshotStoreKind;
  /** The store's id: a ref name's last part (git) or a manifest id (folder). */
  id: string;
  label: string;
  createdAt: string;
  fileCount: number;
  bytes: number;
  /** Paths not captured (too large), for the summary. */
  leftOut: string[];
}

/** A snapshot as its store knows it. */
export interface StoreRef {
  store: SnapshotStoreKind;
  storeId: string;
}

/** What a restore puts back: everything, the named files (or folders), or the build manifests. */
export type RestoreSelection = { mode: 'all' } | { mode: 'files'; files: string[] } | { mode: 'emergency' };

export interface StoreRestoreResult {
  restored: string[];
  removed: string[];
}

/** How an interrupted restore ended at recovery: none was pending, or it was finished or rolled back. */
export type RecoveryOutcome = 'none' | 'finished' | 'rolled-back';

export class SnapshotService {
  /** Prepares a git project's snapshot index in the background (when it is opened, after a command). */
  readonly warmer = new IndexWarmer();
  private readonly folderStores = new Map<string, CasSnapshotStore>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly dataDir: string) {}

  /** The folder store for a project that is not a git work tree (one instance per project: it queues its operations). */
  folderStore(root: string): CasSnapshotStore {
    const key = createHash('sha256').update(root).digest('hex').slice(0, 16);
    let store = this.folderStores.get(key);
    if (!store) {
      store = new CasSnapshotStore(join(this.dataDir, 'snapshots', key));
      this.folderStores.set(key, store);
    }
    return store;
  }

  /** Runs restores and prunes one at a time, whatever the project: each must see the tree the last one left. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  async take(root: string, label: string): Promise<TakenSnapshot> {
    const repo = await findRepo(root);
    if (repo) {
      const s = await createSnapshot(repo, { label });
      return { store: 'git', id: s.id, label: s.label, createdAt: s.createdAt, fileCount: s.fileCount, bytes: s.bytes, leftOut: s.leftOut.map(paths) };
    }
    const s = await this.folderStore(root).create(root, { label });
    return { store: 'folder', id: s.id, label: s.label, createdAt: s.createdAt, fileCount: s.fileCount, bytes: s.bytes, leftOut: s.leftOut.map(paths) };
  }

  /** Per-file diffs from a snapshot to the current tree (against null) or to another snapshot of the same store. */
  fileChanges(root: string, from: StoreRef, against: StoreRef | null): Promise<FileChanges> {
    if (against && against.store !== from.store) throw new Error('Cannot compare snapshots kept in different stores (git and folder)');
    return from.store === 'git'
      ? snapshotFileChanges(root, from.storeId, against?.storeId ?? null)
      : this.folderStore(root).fileChanges(root, from.storeId, against?.storeId ?? null);
  }

  /** For each snapshot, the number of files that differ from the current tree (null: not in its store). */
  changedCounts(root: string, store: SnapshotStoreKind, storeIds: string[]): Promise<(number | null)[]> {
    return store === 'git' ? changedFileCounts(root, storeIds) : this.folderStore(root).changedCounts(root, storeIds);
  }

  /**
   * Makes the tree (or the selection) equal to `target`, all or nothing.
   * `safety` is a snapshot of the tree just taken: the git store plans the
   * restore against it; an emergency restore covers the manifests in either.
   */
  async restore(root: string, target: StoreRef, safety: StoreRef, selection: RestoreSelection): Promise<StoreRestoreResult> {
    if (target.store !== safety.store) throw new Error('The safety snapshot is in another store than the snapshot restored');
    if (target.store === 'git') {
      const paths = await this.gitSelection(root, [target, safety], selection);
      if (paths?.length === 0) return { restored: [], removed: [] };
      const result = await restoreSnapshot(root, target.storeId, { safetyId: safety.storeId, paths: paths ?? undefined });
      return { restored: result.restored, removed: result.removed };
    }
    const store = this.folderStore(root);
    let paths: string[] | undefined;
    if (selection.mode === 'files') paths = selection.files;
    if (selection.mode === 'emergency') paths = await this.folderManifestPaths(store, [target, safety]);
    if (paths?.length === 0) return { restored: [], removed: [] };
    return store.restore(root, target.storeId, { paths });
  }

  /**
   * Whether the tree equals `target` within the selection: how a restore cut
   * short before its store journal existed (or after it was removed) ended.
   */
  async treeMatches(root: string, target: StoreRef, safety: StoreRef, selection: RestoreSelection): Promise<boolean> {
    if (target.store === 'git') {
      const paths = await this.gitSelection(root, [target, safety], selection);
      const { changes } = await rawChanges(root, target.storeId, null, { renames: false });
      return !changes.some(
        (c) => c.oldMode !== '160000' && c.newMode !== '160000' && (paths === null || paths.some((p) => isWithin(c.path, p))),
      );
    }
    const store = this.folderStore(root);
    let paths: string[] | null = null;
    if (selection.mode === 'files') paths = selection.files;
    if (selection.mode === 'emergency') paths = await this.folderManifestPaths(store, [target, safety]);
    const changed = await store.changedPaths(root, target.storeId);
    return !changed.some((path) => paths === null || paths.some((p) => isWithinText(path, p)));
  }

  /** Finishes or rolls back a restore of the project cut short by a crash; a no-op when none is pending. */
  async recover(root: string, store: SnapshotStoreKind): Promise<RecoveryOutcome> {
    if (store === 'git') {
      const result = await recoverInterruptedRestore(root);
      if (!result.recovered) return 'none';
      return result.outcome === 'completed' ? 'finished' : 'rolled-back';
    }
    const result = await this.folderStore(root).recoverInterruptedRestore(root);
    return result.action === 'none' ? 'none' : result.action === 'completed' ? 'finished' : 'rolled-back';
  }

  /** Removes snapshots from their store (a git ref; a folder manifest and the content no other snapshot shares). */
  async remove(root: string, refs: StoreRef[]): Promise<void> {
    const git = refs.filter((r) => r.store === 'git');
    // A ref already gone (deleted by hand) is not an error: the journal row goes all the same.
    const present = git.length > 0 ? new Set((await listSnapshots(root)).map((s) => s.id)) : new Set<string>();
    for (const ref of git) if (present.has(ref.storeId)) await deleteSnapshot(root, ref.storeId);
    const folder = refs.filter((r) => r.store === 'folder').map((r) => r.storeId);
    if (folder.length > 0) await this.folderStore(root).remove(folder);
  }

  /** The git paths a selection covers (null: everything); unknown `files` are refused before anything changes. */
  private async gitSelection(root: string, sides: StoreRef[], selection: RestoreSelection): Promise<Buffer[] | null> {
    if (selection.mode === 'all') return null;
    const known = new Map<string, Buffer>();
    for (const side of sides) for (const path of await snapshotPaths(root, side.storeId)) known.set(keyOf(path), path);
    if (selection.mode === 'emergency') return [...known.values()].filter((path) => isEmergencyManifest(displayPath(path)));
    const wanted = selection.files.map(toPathBytes);
    for (const [i, path] of wanted.entries()) {
      if (![...known.values()].some((candidate) => isWithin(candidate, path))) {
        throw new Error(`Nothing to restore at ${JSON.stringify(selection.files[i])}: it is in neither the snapshot nor the project`);
      }
    }
    return wanted;
  }

  private async folderManifestPaths(store: CasSnapshotStore, sides: StoreRef[]): Promise<string[]> {
    const found = new Set<string>();
    for (const side of sides) for (const file of (await store.read(side.storeId)).files) if (isEmergencyManifest(file.path)) found.add(file.path);
    return [...found].sort();
  }
}

const paths = (l: { path: string }): string => l.path;
