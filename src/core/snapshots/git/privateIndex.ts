// Stepwise's own index of a work tree, kept between snapshots in
// <gitDir>/stepwise/. It starts as a copy of the user's index; `git status`
// on it (see capture.ts) saves refreshed stat data and git's untracked cache
// in it, so a later capture reads only the folders whose times changed
// instead of every folder. Its entries are always exactly the user's:
// nothing is ever staged in it (a capture stages into a throwaway copy). Its
// name carries a fingerprint of the user's index it was copied from, so once
// that index changes (commit, checkout, stash, add, a refresh by git status)
// the next capture starts a new one from it, keeping the old one's untracked
// cache when that is exact (carryUntrackedCache.ts); the old one is swept.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, utimes, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { isProcessAlive } from '../../platform/processes/processAlive';
import { carryUntrackedCache } from './carryUntrackedCache';
import { gitBuffer, type Repo } from './exec';

export interface PrivateIndex {
  file: string;
  /** Whether git may keep its untracked cache in it (this file system updates a folder's times when entries come and go). */
  untrackedCache: boolean;
  /** Made by this call (no git status has run on it yet). */
  created: boolean;
}

const DIR = 'stepwise';
const INDEX = /^index-([0-9a-f]{16})\.(uc|plain)(\.lock)?$/;
const OWN_TEMP = /^(?:tmp|probe)-(\d+)-[0-9a-f]{8}$/;
/** An index for an older user index may still be read by a capture that started before the change. */
const SUPERSEDED_MS = 10_000;
/** Git holds an index lock for a command's length; one this old was left by a killed git. */
const STALE_LOCK_MS = 10 * 60_000;

/** The private index for the user's index as it is now, made from it if there is none yet. */
export async function privateIndex(repo: Repo): Promise<PrivateIndex> {
  const dir = join(repo.gitDir, DIR);
  try {
    return await privateIndexIn(repo, dir);
  } catch (error) {
    // Node's message names the file but not why Stepwise writes there: a read-only or blocked folder is the user's to fix.
    const path = (error as NodeJS.ErrnoException).path;
    if (path === undefined || !path.startsWith(dir)) throw error;
    throw new Error(`Snapshots keep their own index of this work tree in ${dir}, and could not write there: ${(error as Error).message}`, { cause: error });
  }
}

async function privateIndexIn(repo: Repo, dir: string): Promise<PrivateIndex> {
  await mkdir(dir, { recursive: true });
  const names = await readdir(dir);
  const user = await openIndex(join(repo.gitDir, 'index'));
  try {
    const fingerprint = user ? await fingerprintOf(user) : '0'.repeat(16);
    const existing = names.find((name) => !name.endsWith('.lock') && INDEX.exec(name)?.[1] === fingerprint);
    if (existing) {
      await sweep(dir, names, fingerprint);
      return { file: join(dir, existing), untrackedCache: existing.endsWith('.uc'), created: false };
    }
    const untrackedCache = await folderTimesFollowEntries(dir);
    const file = join(dir, `index-${fingerprint}.${untrackedCache ? 'uc' : 'plain'}`);
    if (user) {
      const previous = untrackedCache ? await newestWithCache(dir, names) : null;
      await copyOpenIndex(user, dir, file, previous, repo.hashBytes);
    }
    // No user index (a fresh repository): an empty one, in the repository's hash format.
    else await gitBuffer(repo.root, ['read-tree', '--empty'], { env: { GIT_INDEX_FILE: file } });
    await sweep(dir, names, fingerprint); // after the copy: it may have carried the cache of one of these
    return { file, untrackedCache, created: true };
  } finally {
    await user?.close();
  }
}

/** Removes the private indexes (after git could not read one, say); the next capture starts afresh. */
export async function dropPrivateIndexes(repo: Repo): Promise<void> {
  const dir = join(repo.gitDir, DIR);
  const names = await readdir(dir).catch(() => []);
  for (const name of names) if (INDEX.test(name)) await rm(join(dir, name), { force: true });
}

async function openIndex(file: string): Promise<FileHandle | null> {
  try {
    return await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Which user index this is: its file identity and times (git replaces the
 * index by renaming a new file over it) and its trailing checksum (absent,
 * zeros, with index.skipHash: the times still tell).
 */
async function fingerprintOf(index: FileHandle): Promise<string> {
  const { dev, ino, size, mtimeNs, ctimeNs } = await index.stat({ bigint: true });
  const tail = Buffer.alloc(Number(size < 32n ? size : 32n));
  await index.read(tail, 0, tail.length, Number(size) - tail.length);
  return createHash('sha1').update(`${dev}:${ino}:${size}:${mtimeNs}:${ctimeNs}:`).update(tail).digest('hex').slice(0, 16);
}

/** The private index with an untracked cache written last (for an older user index), if any. */
async function newestWithCache(dir: string, names: string[]): Promise<string | null> {
  let newest: { file: string; changed: number } | null = null;
  for (const name of names) {
    if (!name.endsWith('.uc')) continue;
    const file = join(dir, name);
    const changed = await stat(file).then((s) => s.ctimeMs, () => -1);
    if (changed >= 0 && (!newest || changed > newest.changed)) newest = { file, changed };
  }
  return newest?.file ?? null;
}

/**
 * Copies the open index (the very file fingerprinted) to `file`: a temp file
 * renamed into place, times kept. With the untracked cache of `previous`
 * when that is exact (carryUntrackedCache), and then the older of the two
 * times: git trusts no cached folder or entry seen after it.
 */
async function copyOpenIndex(index: FileHandle, dir: string, file: string, previous: string | null, hashBytes: number): Promise<void> {
  const { size, atime, mtime } = await index.stat();
  let data: Buffer = Buffer.alloc(size);
  for (let at = 0; at < size; ) {
    const { bytesRead } = await index.read(data, at, size - at, at);
    if (bytesRead === 0) throw new Error(`${file}: the user's index shrank while it was copied`);
    at += bytesRead;
  }
  let time = mtime;
  if (previous) {
    // Its time before its content: should git replace it in between, the time is older than the content, never newer.
    const before = await stat(previous).catch(() => null);
    const carried = before && carryUntrackedCache(data, await readFile(previous).catch(() => Buffer.alloc(0)), hashBytes);
    if (carried) {
      data = carried;
      if (before.mtime < time) time = before.mtime;
    }
  }
  const temp = join(dir, `tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await writeFile(temp, data);
    await keepIndexTimes(temp, atime, time);
    await rename(temp, file);
  } finally {
    await rm(temp, { force: true });
  }
}

/**
 * Gives an index copy the original's times. Git trusts an entry's cached
 * stat data only when the file is older than the index ("racy git"): a copy
 * stamped later than the original would hide an edit made in the index's
 * last moment. A millisecond earlier than the original is never later,
 * whatever the rounding of times through floating point; earlier only makes
 * git check a few more files' contents.
 */
export async function keepIndexTimes(file: string, atime: Date, mtime: Date): Promise<void> {
  await utimes(file, atime, new Date(mtime.getTime() - 1));
}

/**
 * Whether creating and removing an entry changes its folder's modification
 * time here, as git's untracked cache needs (`git update-index
 * --test-untracked-cache` checks the same, slowly). Probed in the git
 * directory, next to the work tree on nearly every setup. The folder's time
 * is set far back first, so a coarse clock cannot hide the change.
 */
async function folderTimesFollowEntries(dir: string): Promise<boolean> {
  const probe = join(dir, `probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  const past = new Date(1_000_000_000_000);
  try {
    await mkdir(probe);
    await utimes(probe, past, past);
    await writeFile(join(probe, 'entry'), '');
    const created = (await stat(probe)).mtimeMs !== past.getTime();
    await utimes(probe, past, past);
    await rm(join(probe, 'entry'));
    const removed = (await stat(probe)).mtimeMs !== past.getTime();
    return created && removed;
  } catch {
    return false;
  } finally {
    await rm(probe, { recursive: true, force: true });
  }
}

/** Removes private indexes of older user indexes, locks a killed git left, and temp files of dead processes. */
async function sweep(dir: string, names: string[], fingerprint: string): Promise<void> {
  const now = Date.now();
  for (const name of names) {
    const own = OWN_TEMP.exec(name);
    if (own) {
      if (!isProcessAlive(Number(own[1]))) await rm(join(dir, name), { recursive: true, force: true });
      continue;
    }
    const index = INDEX.exec(name);
    if (!index || (index[1] === fingerprint && !index[3])) continue;
    // A lock's age is its last write; an index's, its last rename into place (its mtime is the user index's).
    const age = await stat(join(dir, name)).then((s) => now - (index[3] ? s.mtimeMs : s.ctimeMs), () => 0);
    if (age > (index[3] ? STALE_LOCK_MS : SUPERSEDED_MS)) await rm(join(dir, name), { force: true });
  }
}
