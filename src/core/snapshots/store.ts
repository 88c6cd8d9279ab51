// What every kind of snapshot store does, whatever keeps the copies: a git
// work tree (refs under refs/stepwise/snapshots/, gitStore.ts) or any other
// folder (a content-addressed store in the data directory, folderStore.ts).
// Each keeps its own mechanics behind this; callers name a snapshot by its
// store and the store's id (StoreRef).
import type { FileChanges } from './fileChanges';

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

export interface SnapshotStore {
  readonly kind: SnapshotStoreKind;
  take(root: string, label: string): Promise<TakenSnapshot>;
  /** Per-file diffs from a snapshot to the current tree (against null) or to another snapshot of this store. */
  fileChanges(root: string, fromId: string, againstId: string | null): Promise<FileChanges>;
  /** For each snapshot, the number of files that differ from the current tree (null: not in the store). */
  changedCounts(root: string, storeIds: string[]): Promise<(number | null)[]>;
  /**
   * Makes the tree (or the selection) equal to `targetId`, all or nothing.
   * `safetyId` is a snapshot of the tree just taken: the git store plans the
   * restore against it; an emergency restore covers the manifests of either.
   */
  restore(root: string, targetId: string, safetyId: string, selection: RestoreSelection): Promise<StoreRestoreResult>;
  /** Whether the tree equals `targetId` within the selection: how a restore cut short before the store's own journal existed (or after it was removed) ended. */
  treeMatches(root: string, targetId: string, safetyId: string, selection: RestoreSelection): Promise<boolean>;
  /** Finishes or rolls back a restore of the project cut short by a crash; 'none' when none is pending. */
  recover(root: string): Promise<RecoveryOutcome>;
  /** Removes snapshots (a git ref; a folder manifest and the content no other snapshot shares); one already gone is not an error. */
  remove(root: string, storeIds: string[]): Promise<void>;
}

/** The leftOut entries of a store's snapshot, as paths. */
export const leftOutPaths = (leftOut: { path: string }[]): string[] => leftOut.map((l) => l.path);
