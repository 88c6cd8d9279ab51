// When the user's index changes (a commit, an add), the next private index
// starts from it and git would read every folder again to rebuild its
// untracked cache. That cache depends on the index only through which paths
// are tracked: git leaves out of its output the cached untracked names the
// index now has (dir.c, dir_add_name), but would never learn of a path that
// left the index while its file stayed (the folder's time does not change).
// So the previous private index's cache is carried over when no path left.
import { createHash } from 'node:crypto';
import { stageOf, walkIndex, type IndexLayout } from './indexFile';

/** Extensions a user's index may have for the carried cache to be exact: a cached tree and undo data, nothing else. */
const PLAIN_EXTENSIONS = new Set(['TREE', 'REUC']);

/** Every path once (stages merged), in index order, each followed by a NUL, in one buffer; null when unreadable. */
function pathsOf(index: Buffer, hashBytes: number): { paths: Buffer; layout: IndexLayout } | null {
  let paths = Buffer.allocUnsafe(index.length);
  let length = 0;
  let last = -1; // where the last path written starts
  const layout = walkIndex(index, hashBytes, (_mode, _size, flags, source, start, end) => {
    const size = end - start;
    // A later stage of the path just written: the same path again.
    if (stageOf(flags) && last >= 0 && length - 1 - last === size && source.compare(paths, last, length - 1, start, end) === 0) return;
    if (length + size + 1 > paths.length) {
      const grown = Buffer.allocUnsafe((length + size + 1) * 2);
      paths.copy(grown, 0, 0, length);
      paths = grown;
    }
    last = length;
    length += source.copy(paths, length, start, end);
    paths[length++] = 0;
  });
  return layout && { paths: paths.subarray(0, length), layout };
}

/** Whether every path of `older` is in `newer` (NUL-separated, sorted as git sorts: bytewise). */
function keepsAll(older: Buffer, newer: Buffer): boolean {
  if (older.equals(newer)) return true;
  let j = 0;
  for (let i = 0; i < older.length; ) {
    const iEnd = older.indexOf(0, i);
    for (;;) {
      if (j >= newer.length) return false;
      const jEnd = newer.indexOf(0, j);
      const order = newer.compare(older, i, iEnd, j, jEnd);
      if (order === 0) break;
      if (order > 0) return false; // newer passed it: not there
      j = jEnd + 1;
    }
    i = iEnd + 1;
  }
  return true;
}

/**
 * `user` (an index) with the untracked cache of `previous` (a private index
 * git wrote), and a new checksum; null when that would not be exact: the
 * previous one has no cache or an fsmonitor token (its cache trusts the
 * monitor since then), the user's has extensions beyond a cached tree, or a
 * path of the previous one is no longer in the user's.
 */
export function carryUntrackedCache(user: Buffer, previous: Buffer, hashBytes: number): Buffer | null {
  const to = pathsOf(user, hashBytes);
  if (!to || to.layout.extensions.some(({ signature }) => !PLAIN_EXTENSIONS.has(signature))) return null;
  const from = pathsOf(previous, hashBytes);
  const cache = from?.layout.extensions.find(({ signature }) => signature === 'UNTR');
  if (!from || !cache || from.layout.extensions.some(({ signature }) => signature === 'FSMN')) return null;
  if (!keepsAll(from.paths, to.paths)) return null;
  const body = Buffer.concat([user.subarray(0, to.layout.checksumAt), previous.subarray(cache.start, cache.end)]);
  const checksum = createHash(hashBytes === 32 ? 'sha256' : 'sha1').update(body).digest();
  return Buffer.concat([body, checksum]);
}
