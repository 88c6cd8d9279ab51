// One way to take a rollback snapshot of a project, whatever it is: a commit
// pinned under refs/stepwise/snapshots/ in a git work tree, else a copy in
// the content-addressed store in the data directory.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { CasSnapshotStore } from './casStore';
import { git } from './git/exec';
import { createSnapshot } from './gitSnapshots';

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

export class SnapshotService {
  constructor(private readonly dataDir: string) {}

  /** The folder store for a project that is not a git work tree. */
  folderStore(root: string): CasSnapshotStore {
    const key = createHash('sha256').update(root).digest('hex').slice(0, 16);
    return new CasSnapshotStore(join(this.dataDir, 'snapshots', key));
  }

  async take(root: string, label: string): Promise<TakenSnapshot> {
    if (await isGitWorkTree(root)) {
      const s = await createSnapshot(root, { label });
      return { store: 'git', id: s.id, label: s.label, createdAt: s.createdAt, fileCount: s.fileCount, bytes: s.bytes, leftOut: s.leftOut.map(paths) };
    }
    const s = await this.folderStore(root).create(root, { label });
    return { store: 'folder', id: s.id, label: s.label, createdAt: s.createdAt, fileCount: s.fileCount, bytes: s.bytes, leftOut: s.leftOut.map(paths) };
  }
}

const paths = (l: { path: string }): string => l.path;

async function isGitWorkTree(root: string): Promise<boolean> {
  try {
    return (await git(root, ['rev-parse', '--is-inside-work-tree'])).trim() === 'true';
  } catch {
    return false;
  }
}
