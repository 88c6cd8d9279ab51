// The project folder as snapshots see it: regular files (with their exec
// bit) and symlinks (their target, never followed), after the same ignore
// rules the scanner uses for a folder that is not a git work tree (the root
// .gitignore's simple patterns, plus target/, node_modules/ and .git/ always).
//
// The scanner's own walk (scanner/walk.ts) lists regular files only and reads
// names as strings, so this walk reuses its ignore rules and skip list
// (IgnoreRules, SKIPPED_DIRECTORIES, compareStrings) but reads names
// as bytes: a name that is not valid UTF-8 cannot be recorded in a manifest
// (JSON text) without loss, so it is left out with a reason, never dropped
// silently and never misread as another file.
import { createHash } from 'node:crypto';
import { constants, lstat, open, readdir, readFile, readlink } from 'node:fs/promises';
import { isAbsolute, join, posix, relative, sep } from 'node:path';
import { IgnoreRules } from '../../scanner/gitignore';
import { mapPool } from '../../platform/async/pool';
import { compareStrings, SKIPPED_DIRECTORIES } from '../../scanner/walk';
import { errorCode } from './durable';

export type EntryMode = 'file' | 'exec' | 'symlink';

export interface TreeEntry {
  /** Relative to the root, `/`-separated. */
  path: string;
  mode: EntryMode;
  /** Bytes of content; for a symlink, of its target. */
  size: number;
  /** A symlink's target, as written (never resolved). */
  target?: string;
}

export interface LeftOut {
  path: string;
  reason: string;
}

export interface TreeListing {
  /** Sorted by path. */
  entries: TreeEntry[];
  /** Things seen but not listable (odd names, sockets, unreadable directories), sorted by path. */
  leftOut: LeftOut[];
}

export const DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024;

/** Thrown for a path that would land outside the project folder. */
export class PathOutsideRootError extends Error {
  constructor(readonly path: string) {
    super(`Refusing a path outside the project folder: ${JSON.stringify(path)}`);
    this.name = 'PathOutsideRootError';
  }
}

/** Checks a stored relative path (from a manifest or journal): `/`-separated, no `.`, `..` or empty parts. */
export function checkRelativePath(path: string): string {
  if (!path || path.includes('\0') || path.startsWith('/')) throw new PathOutsideRootError(path);
  for (const part of path.split('/')) if (!part || part === '.' || part === '..') throw new PathOutsideRootError(path);
  return path;
}

/**
 * A path a caller names (relative to the root, or absolute inside it) as the
 * canonical relative form; '' for the whole root. Throws PathOutsideRootError
 * for anything outside.
 */
export function normalizeCallerPath(root: string, path: string): string {
  if (path.includes('\0')) throw new PathOutsideRootError(path);
  let rel = path;
  if (isAbsolute(path)) {
    rel = relative(root, path);
    if (isAbsolute(rel)) throw new PathOutsideRootError(path); // another drive on Windows
    rel = rel.split(sep).join('/');
  }
  const normal = posix.normalize(rel).replace(/\/+$/, '');
  if (normal === '.' || normal === '') return '';
  if (normal === '..' || normal.startsWith('../') || normal.startsWith('/')) throw new PathOutsideRootError(path);
  return normal;
}

/** `path` is `prefix` or inside it ('' covers everything). */
export function isWithin(path: string, prefix: string): boolean {
  return prefix === '' || path === prefix || path.startsWith(`${prefix}/`);
}

function decodeName(raw: Buffer): string | null {
  const name = raw.toString('utf8');
  return Buffer.from(name, 'utf8').equals(raw) ? name : null;
}

async function readIgnoreRules(root: string): Promise<IgnoreRules> {
  const file = join(root, '.gitignore');
  try {
    // Not through a symlink: nothing outside the project is read.
    if (!(await lstat(file)).isFile()) return IgnoreRules.none;
    return IgnoreRules.parse(await readFile(file, 'utf8'));
  } catch {
    return IgnoreRules.none;
  }
}

/** Lists the project's files and symlinks under the ignore rules; `root` should be a real (resolved) path. */
export async function listTree(root: string): Promise<TreeListing> {
  const rules = await readIgnoreRules(root);
  const entries: TreeEntry[] = [];
  const leftOut: LeftOut[] = [];
  const visit = async (dir: string): Promise<void> => {
    let names: Buffer[];
    try {
      names = await readdir(dir ? join(root, dir) : root, { encoding: 'buffer' });
    } catch (error) {
      if (!dir) throw error;
      leftOut.push({ path: dir, reason: `directory could not be read (${errorCode(error) ?? (error as Error).message})` });
      return;
    }
    await mapPool(names, 16, async (raw) => {
      const name = decodeName(raw);
      if (name === null) {
        const shown = dir ? `${dir}/${raw.toString('utf8')}` : raw.toString('utf8');
        leftOut.push({
          path: shown,
          reason: `name is not valid UTF-8 (bytes ${raw.toString('hex')}): snapshots record names as text, so this entry is not captured, restored or removed`,
        });
        return;
      }
      const path = dir ? `${dir}/${name}` : name;
      let stats;
      try {
        stats = await lstat(join(root, path));
      } catch (error) {
        if (errorCode(error) === 'ENOENT') return; // removed while walking
        leftOut.push({ path, reason: `could not be examined (${errorCode(error) ?? (error as Error).message})` });
        return;
      }
      if (stats.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(name) && !rules.ignores(path, true)) await visit(path);
        return;
      }
      if (name === '.git' || rules.ignores(path, false)) return; // a submodule's `.git` file, or ignored
      if (stats.isSymbolicLink()) {
        let targetBytes: Buffer;
        try {
          targetBytes = await readlink(join(root, path), { encoding: 'buffer' });
        } catch (error) {
          if (errorCode(error) === 'ENOENT') return; // removed while walking
          leftOut.push({ path, reason: `symlink could not be read (${errorCode(error) ?? (error as Error).message})` });
          return;
        }
        const target = decodeName(targetBytes);
        if (target === null) leftOut.push({ path, reason: `symlink target is not valid UTF-8 (bytes ${targetBytes.toString('hex')})` });
        else entries.push({ path, mode: 'symlink', size: targetBytes.length, target });
      } else if (stats.isFile()) {
        entries.push({ path, mode: stats.mode & 0o100 ? 'exec' : 'file', size: stats.size });
      } else {
        leftOut.push({ path, reason: 'not a regular file, directory or symlink' });
      }
    });
  };
  await visit('');
  entries.sort((a, b) => compareStrings(a.path, b.path));
  leftOut.sort((a, b) => compareStrings(a.path, b.path));
  return { entries, leftOut };
}

/** Opens without following a symlink (one swapped in since the walk is refused, not read through). */
async function openNoFollow(file: string) {
  return open(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
}

/** A regular file's content, never through a symlink. */
export async function readFileNoFollow(file: string): Promise<Buffer> {
  const handle = await openNoFollow(file);
  try {
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** sha256 of a regular file, read in chunks (any size), never through a symlink. */
export async function hashFileNoFollow(file: string): Promise<string> {
  const handle = await openNoFollow(file);
  try {
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(1024 * 1024);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
    return hash.digest('hex');
  } finally {
    await handle.close();
  }
}
