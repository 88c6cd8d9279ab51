// The working tree as a git tree, like captureWorkTree in ../workTree.ts, but
// with a size limit: files over maxFileBytes are never hashed into the object
// store and are absent from the tree (they are reported instead). The user's
// index is only read (copied), never written.
import { randomBytes } from 'node:crypto';
import { copyFile, lstat, readdir, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { isProcessAlive } from '../../processAlive';
import { gitBuffer, type Repo } from './exec';
import { absPath, splitNul } from './paths';

export const DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024;

export interface CapturedTree {
  tree: string;
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

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Captures tracked and untracked-not-ignored files of the whole work tree. */
export async function captureTree(repo: Repo, maxFileBytes: number): Promise<CapturedTree> {
  return withTempIndex(repo, async (env) => {
    const listed = splitNul(
      await gitBuffer(repo.root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--full-name'], {
        env,
        maxBuffer: 1024 * 1024 * 1024,
      }),
    );
    const seen = new Set<string>();
    const sizes = await mapLimit(listed, 32, async (path) => {
      const key = path.toString('latin1');
      if (seen.has(key)) return null; // an unmerged path is listed once per stage
      seen.add(key);
      const stat = await lstat(absPath(repo.root, path)).catch(() => null);
      return stat?.isFile() && stat.size > maxFileBytes ? { path: Buffer.from(path), size: stat.size } : null;
    });
    const tooLarge: { path: Buffer; size: number }[] = sizes.flatMap((entry) => (entry ? [entry] : []));

    // `:(exclude,literal)` keeps git from ever reading the large files; NUL-separated pathspecs keep odd names intact.
    const pathspecs = [Buffer.from(':/'), ...tooLarge.map(({ path }) => Buffer.concat([Buffer.from(':(exclude,literal,top)'), path]))];
    await gitBuffer(repo.root, ['add', '-A', '--pathspec-from-file=-', '--pathspec-file-nul'], {
      env,
      input: Buffer.concat(pathspecs.flatMap((spec) => [spec, Buffer.from([0])])),
    });
    if (tooLarge.length > 0) {
      // A large file that is tracked still has its old blob in the index copy: drop it so the tree omits it.
      await gitBuffer(repo.root, ['update-index', '-z', '--force-remove', '--stdin'], {
        env,
        input: Buffer.concat(tooLarge.flatMap(({ path }) => [path, Buffer.from([0])])),
      });
    }
    const tree = (await gitBuffer(repo.root, ['write-tree'], { env })).toString('utf8').trim();
    return { tree, tooLarge };
  });
}
