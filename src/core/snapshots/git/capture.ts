// The working tree as a git tree, what `git add -A` would make of a copy of
// the user's index, but with a size limit: files over maxFileBytes are never
// hashed into the object store and are absent from the tree (they are
// reported instead). Snapshots, their diffs against the work tree, and the
// tree each run starts on (captureWorkTree) all come from here. The user's
// index is only read (copied), never written: git writes only Stepwise's own
// (privateIndex.ts) and throwaway copies of it.
import { randomBytes } from 'node:crypto';
import { copyFile, lstat, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isProcessAlive } from '../../platform/processes/processAlive';
import { mapPool } from '../../platform/async/pool';
import { gitBuffer, type Repo } from './exec';
import { indexStats } from './indexStats';
import { absPath, keyOf } from './paths';
import { dropPrivateIndexes, keepIndexTimes, privateIndex } from './privateIndex';
import { changedPaths, OWN_INDEX_CONFIG } from './privateStatus';
import { asCapture } from './warm';

export const DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024;

export interface CapturedTree {
  tree: string;
  /** Files (blobs: regular files and symlinks) in the tree, and their total size. */
  fileCount: number;
  bytes: number;
  /** Files present in the working tree but not captured, because they are larger than the limit. */
  tooLarge: { path: Buffer; size: number }[];
}

/** Copies an index keeping its times (see keepIndexTimes). */
async function copyIndex(from: string, to: string): Promise<void> {
  const { atime, mtime } = await stat(from);
  await copyFile(from, to);
  await keepIndexTimes(to, atime, mtime);
}

const TEMP_INDEX = /^stepwise-index-(\d+)-[0-9a-f]{8}(\.lock)?$/;

/** Removes the index copies of processes that died while capturing (a SIGKILL skips their cleanup). */
export async function sweepStaleIndexes(repo: Repo): Promise<void> {
  for (const name of await readdir(repo.gitDir)) {
    const match = TEMP_INDEX.exec(name);
    if (match && !isProcessAlive(Number(match[1]))) await rm(join(repo.gitDir, name), { force: true });
  }
}

/** Runs `fn` with the path of a throwaway index (in the git dir, removed afterwards). */
async function withTempIndex<T>(repo: Repo, fn: (index: string) => Promise<T>): Promise<T> {
  // In the git dir rather than /tmp: same file system as the index it is copied from.
  await sweepStaleIndexes(repo);
  const index = join(repo.gitDir, `stepwise-index-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    return await fn(index);
  } finally {
    await rm(index, { force: true });
    await rm(`${index}.lock`, { force: true });
  }
}

/** The throwaway copy does without the untracked cache: less to write. */
const TEMP_CONFIG = [...OWN_INDEX_CONFIG, '-c', 'core.untrackedCache=false'];
/** Format 4 shares each path's prefix with the one before: a third smaller, quicker for git to write and read again. */
const UPDATE_TEMP = [...TEMP_CONFIG, 'update-index', '--index-version', '4', '-z'];

/**
 * Lists what changed against the private index and seeds `index` with a
 * copy of it, after any warm of it under way (warm.ts). Once more from a
 * fresh private index if that fails: git could not read it (cut short by a
 * crash), or a capture for a newer user index swept it meanwhile.
 */
function seedIndex(repo: Repo, index: string, signal: AbortSignal | undefined): Promise<Buffer[]> {
  return asCapture(repo, () => seedIndexNow(repo, index, signal));
}

async function seedIndexNow(repo: Repo, index: string, signal: AbortSignal | undefined): Promise<Buffer[]> {
  for (let attempt = 0; ; attempt++) {
    try {
      const own = await privateIndex(repo);
      // The copy need not wait for git status: status changes no entry, only stat data and its cache.
      const [paths] = await Promise.all([changedPaths(repo, own, signal), copyIndex(own.file, index)]);
      return paths;
    } catch (error) {
      // Cancelled: git was ended, the private index is as sound as git leaves any (written by a rename).
      if (attempt > 0 || signal?.aborted) throw error;
      await dropPrivateIndexes(repo);
    }
  }
}

/** Blob count, total size, and the blobs over `maxFileBytes`, of a tree: one `git ls-tree -r -l` (when the index cannot tell). */
async function treeStats(
  root: string,
  tree: string,
  maxFileBytes: number,
  signal: AbortSignal | undefined,
): Promise<{ fileCount: number; bytes: number; large: { path: Buffer; size: number }[] }> {
  const out = await gitBuffer(root, ['ls-tree', '-r', '-l', '-z', '--full-tree', tree], { maxBuffer: 1024 * 1024 * 1024, signal });
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
 * `git add -A` would into a copy of the user's index, but touching only what
 * changed: `git status` on the private index lists the modified, deleted and
 * untracked paths (its stat data vouches for the rest), only those are
 * examined for the size limit, and `git update-index` takes exactly them into
 * a throwaway copy of the private index.
 * Files over the limit are never read; a tracked one that is unchanged but
 * over the limit is dropped from the tree too, so the limit means the same
 * for every file. Aborting `signal` ends its git; it then rejects.
 */
export async function captureTree(repo: Repo, maxFileBytes: number, signal?: AbortSignal): Promise<CapturedTree> {
  return withTempIndex(repo, async (index) => {
    const env = { GIT_INDEX_FILE: index };
    const paths = (await seedIndex(repo, index, signal)).map((path) => Buffer.from(path)).sort(Buffer.compare);
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
    if (take.length > 0) await gitBuffer(repo.root, [...UPDATE_TEMP, '--add', '--remove', '--replace', '--stdin'], { env, input: nul(take), signal });
    const dropFromIndex = async (drop: Buffer[]): Promise<void> => {
      if (drop.length > 0) await gitBuffer(repo.root, [...UPDATE_TEMP, '--force-remove', '--stdin'], { env, input: nul(drop), signal });
    };
    // A large file that is tracked still has its old blob in the index copy: drop it so the tree omits it.
    await dropFromIndex(tooLarge.map(({ path }) => path));
    const writeTree = async (): Promise<string> => (await gitBuffer(repo.root, [...TEMP_CONFIG, 'write-tree'], { env, signal })).toString('utf8').trim();
    // The entries are final: count them while git writes the tree (write-tree adds only its cache of trees,
    // in a new file renamed over this one).
    let [tree, stats] = await Promise.all([writeTree(), indexStats(index, repo.hashBytes, maxFileBytes, sizes)]);
    stats ??= await treeStats(repo.root, tree, maxFileBytes, signal);
    if (stats.large.length > 0) {
      await dropFromIndex(stats.large.map(({ path }) => path));
      tooLarge.push(...stats.large);
      tree = await writeTree();
      stats = { ...stats, fileCount: stats.fileCount - stats.large.length, bytes: stats.bytes - stats.large.reduce((sum, l) => sum + l.size, 0) };
    }
    tooLarge.sort((a, b) => Buffer.compare(a.path, b.path));
    return { tree, tooLarge, fileCount: stats.fileCount, bytes: stats.bytes };
  });
}
