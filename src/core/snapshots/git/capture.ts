// The working tree as a git tree, like captureWorkTree in ../workTree.ts, but
// with a size limit: files over maxFileBytes are never hashed into the object
// store and are absent from the tree (they are reported instead). The user's
// index is only read (copied), never written.
import { randomBytes } from 'node:crypto';
import { copyFile, lstat, readdir, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { isProcessAlive } from '../../processAlive';
import { mapPool } from '../../scanner/walk';
import { gitBuffer, type Repo } from './exec';
import { indexStats } from './indexStats';
import { absPath, keyOf, splitNul } from './paths';

export const DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024;

export interface CapturedTree {
  tree: string;
  /** Files (blobs: regular files and symlinks) in the tree, and their total size. */
  fileCount: number;
  bytes: number;
  /** Files present in the working tree but not captured, because they are larger than the limit. */
  tooLarge: { path: Buffer; size: number }[];
}

/**
 * Copies an index keeping its modification time: git trusts an entry's
 * cached stat data only when the file is older than the index ("racy git"),
 * and a copy stamped now would hide an edit made in the index's last second.
 * A missing index (fresh repository) leaves no copy: git starts empty.
 */
export async function copyIndex(from: string, to: string): Promise<void> {
  try {
    const { atime, mtime } = await stat(from);
    await copyFile(from, to);
    await utimes(to, atime, mtime);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

const TEMP_INDEX = /^stepwise-index-(\d+)-[0-9a-f]{8}(\.lock)?$/;

/** Removes the index copies of processes that died while capturing (a SIGKILL skips their cleanup). */
export async function sweepStaleIndexes(repo: Repo): Promise<void> {
  for (const name of await readdir(repo.gitDir)) {
    const match = TEMP_INDEX.exec(name);
    if (match && !isProcessAlive(Number(match[1]))) await rm(join(repo.gitDir, name), { force: true });
  }
}

/** Runs `fn` with a private copy of the user's index (in the git dir, removed afterwards). */
export async function withTempIndex<T>(repo: Repo, fn: (env: NodeJS.ProcessEnv) => Promise<T>): Promise<T> {
  // In the git dir rather than /tmp: same file system, and split-index shared files resolve.
  await sweepStaleIndexes(repo);
  const index = join(repo.gitDir, `stepwise-index-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await copyIndex(join(repo.gitDir, 'index'), index);
    return await fn({ GIT_INDEX_FILE: index });
  } finally {
    await rm(index, { force: true });
    await rm(`${index}.lock`, { force: true });
  }
}

/** Blob count, total size, and the blobs over `maxFileBytes`, of a tree: one `git ls-tree -r -l` (when the index cannot tell). */
async function treeStats(root: string, tree: string, maxFileBytes: number): Promise<{ fileCount: number; bytes: number; large: { path: Buffer; size: number }[] }> {
  const out = await gitBuffer(root, ['ls-tree', '-r', '-l', '-z', '--full-tree', tree], { maxBuffer: 1024 * 1024 * 1024 });
  let fileCount = 0;
  let bytes = 0;
  const large: { path: Buffer; size: number }[] = [];
  for (let start = 0; start < out.length; ) {
    let end = out.indexOf(0, start);
    if (end < 0) end = out.length;
    const tab = out.indexOf(0x09, start);
    if (tab > start && tab < end) {
      // "<mode> blob <oid> <size>\t<path>": the size is right-aligned before the tab.
      const header = out.toString('latin1', start, tab);
      if (header.includes(' blob ')) {
        const size = Number(header.slice(header.lastIndexOf(' ') + 1));
        fileCount++;
        bytes += size;
        if (size > maxFileBytes) large.push({ path: Buffer.from(out.subarray(tab + 1, end)), size });
      }
    }
    start = end + 1;
  }
  return { fileCount, bytes, large };
}

const nul = (paths: Buffer[]): Buffer => Buffer.concat(paths.flatMap((path) => [path, Buffer.from([0])]));

/**
 * Captures tracked and untracked-not-ignored files of the whole work tree, as
 * `git add -A` would into the index copy, but touching only what changed:
 * `git diff-files` and `git ls-files -o` list the modified, deleted and
 * untracked paths (the index copy's stat data vouches for the rest), only
 * those are examined for the size limit, and `git update-index` takes
 * exactly them.
 * Files over the limit are never read; a tracked one that is unchanged but
 * over the limit is dropped from the tree too, so the limit means the same
 * for every file.
 */
export async function captureTree(repo: Repo, maxFileBytes: number): Promise<CapturedTree> {
  return withTempIndex(repo, async (env) => {
    // Two reads of the index copy at once: the tracked files whose content differs from it (diff-files checks
    // their stat data on several threads), and the untracked ones (a walk of the folders).
    const [differing, untracked] = await Promise.all(
      [
        ['diff-files', '--name-only', '-z', '--no-renames', '--ignore-submodules=dirty'],
        ['ls-files', '-z', '--others', '--exclude-standard', '--full-name'],
      ].map(async (args) => splitNul(await gitBuffer(repo.root, args, { env, maxBuffer: 1024 * 1024 * 1024 }))),
    );
    const changed = new Map<string, Buffer>(); // an unmerged path is listed once per stage
    for (const path of [...differing!, ...untracked!]) changed.set(keyOf(path), Buffer.from(path));
    const paths = [...changed.values()].sort(Buffer.compare);
    const tooLarge: { path: Buffer; size: number }[] = [];
    const take: Buffer[] = [];
    const sizes = new Map<string, number>();
    await mapPool(paths, 32, async (path) => {
      const stat = await lstat(absPath(repo.root, path)).catch(() => null);
      if (stat) sizes.set(keyOf(path), stat.size);
      if (stat?.isFile() && stat.size > maxFileBytes) tooLarge.push({ path, size: stat.size });
    });
    const excluded = new Set(tooLarge.map(({ path }) => keyOf(path)));
    for (const path of paths) if (!excluded.has(keyOf(path))) take.push(path);
    // --remove: a path that is gone leaves the index; --replace: a file may become a folder and the reverse.
    if (take.length > 0) await gitBuffer(repo.root, ['update-index', '-z', '--add', '--remove', '--replace', '--stdin'], { env, input: nul(take) });
    const dropFromIndex = async (drop: Buffer[]): Promise<void> => {
      if (drop.length > 0) await gitBuffer(repo.root, ['update-index', '-z', '--force-remove', '--stdin'], { env, input: nul(drop) });
    };
    // A large file that is tracked still has its old blob in the index copy: drop it so the tree omits it.
    await dropFromIndex(tooLarge.map(({ path }) => path));
    let tree = (await gitBuffer(repo.root, ['write-tree'], { env })).toString('utf8').trim();
    let stats = (await indexStats(env.GIT_INDEX_FILE!, tree.length / 2, maxFileBytes, sizes)) ?? (await treeStats(repo.root, tree, maxFileBytes));
    if (stats.large.length > 0) {
      await dropFromIndex(stats.large.map(({ path }) => path));
      tooLarge.push(...stats.large);
      tree = (await gitBuffer(repo.root, ['write-tree'], { env })).toString('utf8').trim();
      stats = { ...stats, fileCount: stats.fileCount - stats.large.length, bytes: stats.bytes - stats.large.reduce((sum, l) => sum + l.size, 0) };
    }
    tooLarge.sort((a, b) => Buffer.compare(a.path, b.path));
    return { tree, tooLarge, fileCount: stats.fileCount, bytes: stats.bytes };
  });
}
