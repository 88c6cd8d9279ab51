// The snapshot stores of every project: a git work tree's own (gitStore.ts),
// else a copy in the content-addressed store in the data directory
// (folderStore.ts), both behind one interface (store.ts). What a snapshot
// means to a session (journal rows, restores, pruning) is service.ts's.
import { FolderSnapshotStore } from './folderStore';
import { GitSnapshotStore } from './gitStore';
import { IndexWarmer } from './indexWarmer';
import type { SnapshotStore, SnapshotStoreKind, TakenSnapshot } from './store';

export type { RecoveryOutcome, RestoreSelection, SnapshotStore, SnapshotStoreKind, StoreRef, StoreRestoreResult, TakenSnapshot } from './store';

export class SnapshotStores {
  readonly git = new GitSnapshotStore();
  readonly folder: FolderSnapshotStore;
  /** Prepares a git project's snapshot index in the background (when it is opened, after a command). */
  readonly warmer = new IndexWarmer();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.folder = new FolderSnapshotStore(dataDir);
  }

  of(kind: SnapshotStoreKind): SnapshotStore {
    return kind === 'git' ? this.git : this.folder;
  }

  /** Runs restores and prunes one at a time, whatever the project: each must see the tree the last one left. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** A snapshot of the project, in its git work tree's store if it is in one, else in the folder store. */
  async take(root: string, label: string): Promise<TakenSnapshot> {
    return (await this.git.takeIfHeld(root, label)) ?? this.folder.take(root, label);
  }
}
