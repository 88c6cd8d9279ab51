// The project scanner: every toolchain and dependency pin in a project, with
// its exact place (so an edit can replace just the value), where the files
// disagree, and what toolchain the machine has.
//
//   walk.ts        which files (git ls-files, or a walk honouring .gitignore),
//                  and which of them mention wasm32-wasi (git grep)
//   extractors/    what each kind of file pins (Cargo.toml, Makefile, ...)
//   conflicts.ts   pins that disagree
//   toolchain.ts   rustup / rustc / cargo on this machine
import { constants } from 'node:fs';
import { lstat, open, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Pin, ScanReport } from '../../shared/scan';
import { findConflicts } from './conflicts';
import { extractorFor, extractPins, WASI_TARGET } from './extractors';
import { Source } from './source';
import { probeToolchain } from './toolchain';
import { mapPool } from '../platform/async/pool';
import { compareStrings, gitFilesContaining, isRegularFile, listCandidates, readFailure } from './walk';

export { listProjectFiles } from './walk';
export { probeToolchain } from './toolchain';

export interface ScanOptions {
  /** Ask rustup, rustc and cargo what is installed (default true). */
  toolchain?: boolean;
}

/** Files bigger than this are not read: no pin lives in a 2 MiB file. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
/** A NUL byte this early means a binary file (git decides the same way). */
const BINARY_SNIFF_BYTES = 8 * 1024;
const READ_CONCURRENCY = 32;
/** Where supported, open() refuses a path that became a symlink after the lstat, and never waits on a FIFO. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
const WASI_BYTES = Buffer.from(WASI_TARGET);

export async function scanProject(root: string, options: ScanOptions = {}): Promise<ScanReport> {
  const started = performance.now();
  const absoluteRoot = resolve(root);
  const rootStat = await stat(absoluteRoot).catch(() => null);
  if (!rootStat) throw new Error(`No such folder: ${absoluteRoot}`);
  if (!rootStat.isDirectory()) throw new Error(`Not a folder: ${absoluteRoot}`);

  // The toolchain probe runs while the files are read.
  const toolchain = options.toolchain === false ? Promise.resolve(null) : probeToolchain({ cwd: absoluteRoot });

  // In a git work tree, git finds the files that mention wasm32-wasi while it
  // lists them; only those and the files of a known kind are then read here.
  // Elsewhere every file is read (and checked for the mention) in this process.
  const [listing, mentioning] = await Promise.all([listCandidates(absoluteRoot), gitFilesContaining(absoluteRoot, WASI_TARGET)]);
  const mentions = listing.fromGit ? mentioning : null;
  let filesScanned = 0;
  const unreadable = [...listing.unreadable];
  const perFile = await mapPool(listing.candidates, READ_CONCURRENCY, async ({ path, regular }): Promise<Pin[]> => {
    const file = join(absoluteRoot, path);
    const extractor = extractorFor(path);
    if (!extractor && mentions && !mentions.has(path)) {
      // Nothing to read: count it if it is a regular file (git's index says so for tracked files).
      if (regular || (await isRegularFile(file))) filesScanned++;
      return [];
    }
    const content = await readCandidate(file);
    if (content === null) return [];
    if (typeof content === 'object' && 'unreadable' in content) {
      unreadable.push(`${path}: ${content.unreadable}`);
      return [];
    }
    filesScanned++;
    if (content === 'skipped') return [];
    // Most files are neither a known kind nor mention wasm32-wasi: never decode those.
    if (!extractor && content.indexOf(WASI_BYTES) === -1) return [];
    return extractPins(new Source(path, content.toString('utf8')), extractor);
  });

  const pins = perFile.flat().sort(comparePins);
  return {
    root: absoluteRoot,
    filesScanned,
    pins,
    conflicts: findConflicts(pins),
    unreadable: unreadable.sort(compareStrings),
    toolchain: await toolchain,
    durationMs: Math.round(performance.now() - started),
  };
}

/**
 * A file's bytes; `skipped` for a regular file that is too big or binary (it
 * still counts as scanned); `unreadable` with why for one that cannot be
 * opened; null for anything that is not a regular file: a symlink (never
 * followed), a directory such as a submodule, a file gone since it was listed.
 */
async function readCandidate(file: string): Promise<Buffer | 'skipped' | { unreadable: string } | null> {
  let size: number;
  try {
    const info = await lstat(file);
    if (!info.isFile()) return null;
    size = info.size;
  } catch {
    return null;
  }
  if (size > MAX_FILE_BYTES) return 'skipped';
  let handle;
  try {
    handle = await open(file, OPEN_FLAGS);
  } catch (error) {
    // Replaced by a symlink (O_NOFOLLOW) or gone since the lstat: not a file to read. Anything else is said.
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ELOOP' || code === 'ENOENT' ? null : { unreadable: readFailure(error) };
  }
  try {
    // Read what lstat saw (a file growing meanwhile is cut there, still within the limit).
    const buffer = Buffer.allocUnsafe(size);
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await handle.read(buffer, filled, size - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    const bytes = buffer.subarray(0, filled);
    return bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0) ? 'skipped' : bytes;
  } catch {
    return 'skipped';
  } finally {
    await handle.close();
  }
}

function comparePins(a: Pin, b: Pin): number {
  return compareStrings(a.file, b.file) || a.line - b.line || a.column - b.column || compareStrings(a.kind, b.kind);
}
