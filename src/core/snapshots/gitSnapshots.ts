// Snapshots of a git work tree (DESIGN.md, "Snapshots"). A snapshot is a
// commit pinned under refs/stepwise/snapshots/<id>, made from a copy of the
// user's index (`git add -A` into it, `git write-tree`, `git commit-tree`
// with parent HEAD): tracked and untracked-not-ignored files, never the
// user's index, HEAD, branches or stash. Files over maxFileBytes (default
// 50 MiB) are left out and listed; ignored files (target/) are never
// captured and never touched by a restore. Metadata lives in the commit
// message (label, then Stepwise-* trailers). Each call works on the whole
// work tree containing `root`.
//
// Restores are crash-safe through a journal: see git/restore.ts.
import { captureTree, DEFAULT_MAX_FILE_BYTES } from './git/capture';
import { createIn, listIn, readIn, refuseIfRestoreInterrupted, type CreateOptions } from './git/create';
import { git, gitBuffer, NoGitWorkTree, openRepo, refuseIfOperationInProgress, type Repo } from './git/exec';
import type { SnapshotInfo } from './git/meta';
import { rawChanges } from './git/fileChanges';
import { pathInfo, splitNul, type PathInfo } from './git/paths';
import { recoverIn, restoreIn, type RecoveryResult, type RestoreOptions, type RestoreResult } from './git/restore';
import { diffTrees } from './git/tree';

export type { SnapshotInfo, LeftOut } from './git/meta';
export type { RestoreOptions, RestoreResult, RecoveryResult } from './git/restore';
export type { CreateOptions } from './git/create';
export { SimulatedCrash } from './git/restore';
export { DEFAULT_MAX_FILE_BYTES } from './git/capture';
export { changedFileCounts, snapshotFileChanges } from './git/fileChanges';
export { diffTrees } from './git/tree';

/** Snapshots the whole work tree containing `root`. Refuses during a merge, rebase, cherry-pick or revert. */
export async function createSnapshot(root: string | Repo, options: CreateOptions): Promise<SnapshotInfo> {
  return createIn(typeof root === 'string' ? await openRepo(root) : root, options);
}

/** The git work tree containing `dir`, or null when there is none (or no git); rejects when git cannot open its repository. */
export async function findRepo(dir: string): Promise<Repo | null> {
  return openRepo(dir).catch((error: unknown) => {
    if (error instanceof NoGitWorkTree) return null;
    throw error;
  });
}

/**
 * The work tree containing `root` as a git tree, captured as a snapshot is
 * (its private index, its size limit; after any warm of that index) but
 * without a commit or ref: the tree a run starts on, so that the change
 * that fixed an issue can be shown. Null outside a git work tree, or
 * without git; rejects when git cannot open the repository (findRepo).
 * Aborting `signal` ends its git, and it rejects.
 */
export async function captureWorkTree(root: string, signal?: AbortSignal): Promise<string | null> {
  const repo = await findRepo(root);
  return repo && (await captureTree(repo, DEFAULT_MAX_FILE_BYTES, signal)).tree;
}

/** All snapshots of the repository, oldest first. */
export async function listSnapshots(root: string): Promise<SnapshotInfo[]> {
  return listIn(await openRepo(root));
}

export interface SnapshotFileChange extends PathInfo {
  status: 'added' | 'modified' | 'deleted' | 'renamed' | 'mode';
  oldPath?: string;
}

export interface SnapshotDiff {
  files: SnapshotFileChange[];
  /** Unified diff (git diff) from the snapshot to `against`. */
  patch: string;
}

/**
 * What changed from snapshot `id` to the current working tree, or to another snapshot.
 * The working tree is captured with the same size limit; files the snapshot left out are not compared.
 */
export async function diffSnapshot(
  root: string,
  id: string,
  against: 'worktree' | { snapshot: string },
  options: { maxFileBytes?: number } = {},
): Promise<SnapshotDiff> {
  const other = against === 'worktree' ? null : against.snapshot;
  const { repo, fromTree, toTree, changes } = await rawChanges(root, id, other, { renames: true, maxFileBytes: options.maxFileBytes });
  const files = changes.map((change): SnapshotFileChange => {
    const base = pathInfo(change.path);
    switch (change.status) {
      case 'A':
        return { ...base, status: 'added' };
      case 'D':
        return { ...base, status: 'deleted' };
      case 'R':
      case 'C':
        return { ...base, status: 'renamed', oldPath: change.oldPath?.toString('utf8') };
      default:
        return { ...base, status: change.oldOid === change.newOid && change.oldMode !== change.newMode ? 'mode' : 'modified' };
    }
  });
  const patch = await diffTrees(repo.root, fromTree, toTree);
  return { files, patch };
}

/**
 * Makes the working tree (or only `paths`) equal to snapshot `id`. Takes a
 * safety snapshot first (its id is in the result). Never leaves a
 * half-restored tree: see git/restore.ts.
 */
export async function restoreSnapshot(
  root: string,
  id: string,
  options: RestoreOptions & { /** A snapshot just taken of the tree, to use as the safety snapshot. */ safetyId?: string } = {},
): Promise<RestoreResult> {
  const repo = await openRepo(root);
  const target = await readIn(repo, id);
  await refuseIfOperationInProgress(repo, 'restore a snapshot');
  await refuseIfRestoreInterrupted(repo, 'restore a snapshot');
  const { safetyId } = options;
  const safety = (): Promise<SnapshotInfo> =>
    safetyId ? readIn(repo, safetyId) : createIn(repo, { label: `Before restoring snapshot ${target.id}` });
  return restoreIn(repo, target, safety, options);
}

/** Every file path (bytes) in snapshot `id`: names only, no sizes to look up. */
export async function snapshotPaths(root: string, id: string): Promise<Buffer[]> {
  const repo = await openRepo(root);
  const snapshot = await readIn(repo, id);
  const out = await gitBuffer(repo.root, ['ls-tree', '-r', '-z', '--full-tree', '--name-only', snapshot.tree], { maxBuffer: 1024 * 1024 * 1024 });
  return splitNul(out).map((path) => Buffer.from(path));
}

/**
 * Finishes (or, if it had not started changing files, rolls back) a restore
 * cut short by a crash. Call at start-up; a no-op when there is nothing to recover.
 */
export async function recoverInterruptedRestore(root: string): Promise<RecoveryResult> {
  return recoverIn(await openRepo(root));
}

/** Deletes snapshot `id` (its ref; git gc reclaims the objects later). */
export async function deleteSnapshot(root: string, id: string): Promise<void> {
  const repo = await openRepo(root);
  const snapshot = await readIn(repo, id);
  await git(repo.root, ['update-ref', '-d', snapshot.ref, snapshot.commit]);
}

