// Restoring a snapshot into the working tree, crash-safe.
//
// 1. Plan: diff a fresh safety snapshot of the current tree (the "before"
//    state) against the snapshot to restore. Changed or deleted files are
//    written back, files added since are removed, and conflicts (a file where
//    a directory must go, a directory that would not become empty, a symlink
//    in the way) are refused before anything is touched.
// 2. Prepare: the journal (<git dir>/stepwise-restore.json, state
//    "preparing", every planned operation) is written and fsynced; then every
//    file is written to a temp file in one staging folder inside the git
//    directory (<git dir>/stepwise/restore-<token>/, so that a crash leaves
//    nothing in the work tree), fsynced, and given its mode; symlinks are
//    created as symlinks. A file whose folder is on another file system than
//    the git directory (or a git directory outside the work tree) gets its
//    temp next to it instead, so that every rename stays atomic. The working
//    tree itself is not changed yet.
// 3. Commit: the journal's state becomes "committing" (fsynced), then the
//    operations run in order: removals, removal of directories left empty,
//    creation of missing directories, renames of temp files over their
//    destinations. Then the staging folder and the journal are deleted.
//
// Recovery (recoverInterruptedRestore) reads the journal at the next start:
// - "preparing": the working tree was not touched; the temp files are deleted
//   (rolled back: the tree is in its before state).
// - "committing": every temp file is complete, so the operations are re-run;
//   each is idempotent (a rename whose temp file is gone already happened, a
//   removal of a missing path is skipped), so the restore completes (after state).
// Either way the safety snapshot recorded in the journal stays, so the user
// can go back to the before state with restoreSnapshot(safetySnapshotId).
//
// Not restored: empty directories (git does not track them; directories that
// removals leave empty are removed), submodule contents, ignored files (never
// touched), files over the size limit (never captured, never removed). Content
// is restored as stored in git: clean/smudge and eol filters are not applied.
import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { lstat, mkdir, open, readdir, readFile, rename, rm, rmdir, symlink, unlink } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { refuseIfOperationInProgress, type Repo } from './exec';
import { RESTORE_JOURNAL, refuseIfRestoreInterrupted } from './create';
import type { SnapshotInfo } from './meta';
import { absPath, ancestorsOf, displayPath, fromKey, isWithin, keyOf, parentOf, pathInfo, toPathBytes, type PathInfo } from './paths';
import { mapPool } from '../../platform/async/pool';
import { diffTreesRaw, objectSizes, readBlobs, type TreeEntry } from './tree';

type Op =
  | { op: 'remove'; path: Buffer }
  | { op: 'rmdir'; path: Buffer }
  | { op: 'mkdir'; path: Buffer }
  | { op: 'rename'; from: Buffer; to: Buffer };

interface Journal {
  version: 1;
  root: string;
  snapshotId: string;
  safetySnapshotId: string;
  state: 'preparing' | 'committing';
  startedAt: string;
  /** The staging folder of the temp files, relative to the root (base64); absent when every temp sits beside its file. */
  staging?: string;
  ops: Op[];
}

/** Thrown by the test-only crash hooks: the restore stops as if the process had died. */
export class SimulatedCrash extends Error {
  constructor(where: string) {
    super(`simulated crash (test hook) ${where}`);
    this.name = 'SimulatedCrash';
  }
}

export interface RestoreOptions {
  /** Restore only these paths (files, or directories meaning everything below them). Default: everything. */
  paths?: (string | Buffer)[];
  /**
   * TESTS ONLY. Stops the restore as a crash would (throwing SimulatedCrash,
   * leaving the journal and temp files in place): after this many temp files
   * were written (prepare phase), or after this many operations of the commit phase.
   */
  testOnlyCrash?: { afterTempFiles?: number; afterCommitOps?: number };
}

export interface RestoreResult {
  /** Files written back (changed or deleted since the snapshot). */
  restored: string[];
  /** Files removed (added since the snapshot). */
  removed: string[];
  /** Exact bytes of restored/removed names that are not UTF-8, in the same order as above where present. */
  restoredInfo: PathInfo[];
  removedInfo: PathInfo[];
  /** Files the snapshot left out (too large): kept as they are. */
  keptLeftOut: string[];
  /** The snapshot of the tree as it was just before this restore (to undo it). */
  safetySnapshotId: string;
}

const encodeOp = (op: Op): Record<string, string> =>
  op.op === 'rename' ? { op: 'rename', from: op.from.toString('base64'), to: op.to.toString('base64') } : { op: op.op, path: op.path.toString('base64') };

function decodeOp(raw: Record<string, string>): Op {
  const b = (value: string | undefined): Buffer => Buffer.from(value ?? '', 'base64');
  if (raw.op === 'rename') return { op: 'rename', from: b(raw.from), to: b(raw.to) };
  if (raw.op === 'remove' || raw.op === 'rmdir' || raw.op === 'mkdir') return { op: raw.op, path: b(raw.path) };
  throw new Error(`Unknown operation in restore journal: ${JSON.stringify(raw)}`);
}

async function fsyncPath(path: string | Buffer): Promise<void> {
  // Directories cannot be opened for fsync on every platform (Windows): best effort there.
  const handle = await open(path, 'r').catch(() => null);
  if (!handle) return;
  try {
    await handle.sync().catch(() => undefined);
  } finally {
    await handle.close();
  }
}

async function writeJournal(repo: Repo, journal: Journal, exclusive: boolean): Promise<void> {
  const file = join(repo.gitDir, RESTORE_JOURNAL);
  const text = JSON.stringify({ ...journal, ops: journal.ops.map(encodeOp) }, null, 1);
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(tmp, 'wx');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  if (exclusive) {
    // The journal is also the lock: a second concurrent restore fails here.
    try {
      await open(file, 'wx').then((h) => h.close());
    } catch (error) {
      await rm(tmp, { force: true });
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') await refuseIfRestoreInterrupted(repo, 'restore a snapshot');
      throw error;
    }
  }
  await rename(tmp, file);
  await fsyncPath(repo.gitDir);
}

async function readJournal(repo: Repo): Promise<Journal | null> {
  let text: string;
  try {
    text = await readFile(join(repo.gitDir, RESTORE_JOURNAL), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if (text.trim() === '') return null; // the lock was taken but no plan written: nothing happened yet
  const raw = JSON.parse(text) as Omit<Journal, 'ops'> & { ops: Record<string, string>[] };
  return { ...raw, ops: raw.ops.map(decodeOp) };
}

const errno = (error: unknown): string | undefined => (error as NodeJS.ErrnoException).code;

/** Runs one commit-phase operation; each is idempotent so recovery can re-run them all. */
async function runOp(root: string, op: Op): Promise<void> {
  switch (op.op) {
    case 'remove': {
      const stat = await lstat(absPath(root, op.path)).catch(() => null);
      if (stat && !stat.isDirectory()) await unlink(absPath(root, op.path));
      return;
    }
    case 'rmdir':
      try {
        await rmdir(absPath(root, op.path));
      } catch (error) {
        if (!['ENOENT', 'ENOTEMPTY', 'EEXIST', 'ENOTDIR'].includes(errno(error) ?? '')) throw error;
      }
      return;
    case 'mkdir': {
      const stat = await lstat(absPath(root, op.path)).catch(() => null);
      if (stat?.isDirectory()) return;
      if (stat) throw new Error(`Cannot create directory ${displayPath(op.path)}: something else is there`);
      await mkdir(absPath(root, op.path));
      return;
    }
    case 'rename': {
      const stat = await lstat(absPath(root, op.from)).catch(() => null);
      if (!stat) return; // already renamed
      await rename(absPath(root, op.from), absPath(root, op.to));
      return;
    }
  }
}

function depth(path: Buffer): number {
  let n = 0;
  for (const byte of path) if (byte === 0x2f) n++;
  return n;
}

interface Write {
  entry: TreeEntry;
  tmp: Buffer;
}

interface Plan {
  writes: Write[];
  removes: Buffer[];
  ops: Op[];
  keptLeftOut: Buffer[];
  /** Where most temps go, relative to the root; null when the git directory is outside the work tree. */
  staging: Buffer | null;
}

/**
 * The staging folder for a restore's temps: inside the git directory, which
 * git never shows as a change, when that lies in the work tree (a temp's path
 * is relative to the root, as every operation's is) and exists.
 */
async function stagingFolder(repo: Repo, token: string): Promise<{ path: Buffer; dev: number } | null> {
  const inside = relative(repo.root, repo.gitDir);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return null;
  const stat = await lstat(repo.gitDir).catch(() => null);
  if (!stat?.isDirectory()) return null;
  return { path: Buffer.from(`${inside.split(sep).join('/')}/stepwise/restore-${token}`), dev: stat.dev };
}

async function plan(repo: Repo, target: SnapshotInfo, safety: SnapshotInfo, paths: Buffer[] | null): Promise<Plan> {
  const selected = (path: Buffer): boolean => paths === null || paths.some((prefix) => isWithin(path, prefix));
  const leftOut = new Set(target.leftOut.map((entry) => keyOf(entry.pathBytes ?? Buffer.from(entry.path, 'utf8'))));
  const changes = await diffTreesRaw(repo.root, safety.commit, target.commit, false);
  // Only the files that differ are read: their sizes in one batch, not a listing of the whole tree.
  const sizes = await objectSizes(
    repo.root,
    changes.filter((c) => c.newMode !== '000000' && c.newMode !== '160000' && selected(c.path)).map((c) => c.newOid),
  );

  const writeEntries: TreeEntry[] = [];
  const removes: Buffer[] = [];
  const keptLeftOut: Buffer[] = [];
  for (const change of changes) {
    if (!selected(change.path)) continue;
    if (change.newMode !== '000000') {
      if (change.newMode === '160000') continue; // submodule: its contents are not ours to restore
      writeEntries.push({ mode: change.newMode, type: 'blob', oid: change.newOid, size: sizes.get(change.newOid) ?? 0, path: change.path });
    } else if (change.oldMode !== '160000') {
      if (leftOut.has(keyOf(change.path))) keptLeftOut.push(change.path);
      else removes.push(change.path);
    }
  }
  const removeSet = new Set(removes.map(keyOf));

  const rmdirs = new Map<string, Buffer>();
  const mkdirs = new Map<string, Buffer>();
  const token = randomBytes(4).toString('hex');
  const staging = await stagingFolder(repo, token);
  const rootStat = await lstat(repo.root);
  const writes: Write[] = [];

  for (const removed of removes) for (const dir of ancestorsOf(removed)) rmdirs.set(keyOf(dir), dir);

  // Files share folders: each folder is looked at once.
  const folderStats = new Map<string, Promise<Stats | null>>();
  const folderStat = (dir: Buffer): Promise<Stats | null> => {
    let stat = folderStats.get(keyOf(dir));
    if (!stat) {
      stat = lstat(absPath(repo.root, dir)).catch(() => null);
      folderStats.set(keyOf(dir), stat);
    }
    return stat;
  };
  for (const entry of writeEntries) {
    const path = entry.path;
    let tmpDir: Buffer | null = null; // nearest directory that exists now (null: the root)
    let missing = false;
    for (const dir of ancestorsOf(path)) {
      if (!missing) {
        const stat = await folderStat(dir);
        if (stat?.isDirectory()) {
          tmpDir = dir;
          continue;
        }
        if (stat && !removeSet.has(keyOf(dir))) {
          throw new Error(
            `Cannot restore ${displayPath(path)}: ${displayPath(dir)} is a ${stat.isSymbolicLink() ? 'symlink' : 'file'} in the working tree now. ` +
              'Restore that path too (or everything), or move it away first.',
          );
        }
        missing = true;
      }
      mkdirs.set(keyOf(dir), dir);
    }
    const stat = await lstat(absPath(repo.root, path)).catch(() => null);
    if (stat?.isDirectory()) {
      // A directory where the file goes: it must become empty through the planned removals.
      const walk = async (dir: Buffer): Promise<void> => {
        rmdirs.set(keyOf(dir), dir);
        const names = await readdir(absPath(repo.root, dir), { encoding: 'buffer' });
        for (const name of names) {
          const child = Buffer.concat([dir, Buffer.from('/'), name]);
          const childStat = await lstat(absPath(repo.root, child));
          if (childStat.isDirectory()) await walk(child);
          else if (!removeSet.has(keyOf(child))) {
            throw new Error(
              `Cannot restore ${displayPath(path)}: it is a directory in the working tree now and ${displayPath(child)} in it ` +
                '(ignored, too large, or not selected) would be lost. Move it away first.',
            );
          }
        }
      };
      await walk(path);
    }
    // The staging folder when the rename from it is atomic (same file system), else beside the file.
    const dev = tmpDir ? (await folderStat(tmpDir))!.dev : rootStat.dev;
    if (staging && dev === staging.dev) {
      writes.push({ entry, tmp: Buffer.concat([staging.path, Buffer.from(`/${writes.length}.tmp`)]) });
    } else {
      const name = Buffer.from(`.stepwise-restore-${token}-${writes.length}.tmp`);
      writes.push({ entry, tmp: tmpDir ? Buffer.concat([tmpDir, Buffer.from('/'), name]) : name });
    }
  }

  // A folder a restored file goes into stays, even when the removals empty it (a temp no longer sits in it to keep it).
  for (const { entry } of writes) for (const dir of ancestorsOf(entry.path)) rmdirs.delete(keyOf(dir));
  const ops: Op[] = [
    ...removes.map((path): Op => ({ op: 'remove', path })),
    ...[...rmdirs.values()].sort((a, b) => depth(b) - depth(a)).map((path): Op => ({ op: 'rmdir', path })),
    ...[...mkdirs.values()].sort((a, b) => depth(a) - depth(b)).map((path): Op => ({ op: 'mkdir', path })),
    ...writes.map(({ entry, tmp }): Op => ({ op: 'rename', from: tmp, to: entry.path })),
  ];
  const staged = staging !== null && writes.some(({ tmp }) => tmp.subarray(0, staging.path.length).equals(staging.path));
  return { writes, removes, ops, keptLeftOut, staging: staged ? staging!.path : null };
}

/** Permission bits for a restored regular file: keep the current file's bits, with x where r is when executable. */
async function fileMode(root: string, entry: TreeEntry): Promise<number> {
  const executable = entry.mode === '100755';
  const current = await lstat(absPath(root, entry.path)).catch(() => null);
  const umask = process.umask();
  const base = current?.isFile() ? current.mode & 0o777 & ~0o111 : 0o666 & ~umask;
  return executable ? base | ((base & 0o444) >> 2) : base;
}

/** Files written, renamed or flushed at once: each write ends with an fsync, and the disk handles several far faster than one after another. */
const PARALLEL_WRITES = 16;

async function writeTemp(root: string, { entry, tmp }: Write, content: Buffer): Promise<void> {
  const file = absPath(root, tmp);
  if (entry.mode === '120000') {
    await symlink(content, file);
    return;
  }
  const mode = await fileMode(root, entry);
  const handle = await open(file, 'wx', mode);
  try {
    await handle.writeFile(content);
    await handle.chmod(mode); // open() applied the umask
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function prepare(repo: Repo, restorePlan: Plan, crashAfter: number | undefined): Promise<void> {
  const byOid = new Map<string, Write[]>();
  for (const write of restorePlan.writes) {
    const list = byOid.get(write.entry.oid) ?? [];
    list.push(write);
    byOid.set(write.entry.oid, list);
  }
  const blobs = [...byOid.values()].map((list) => ({ oid: list[0]!.entry.oid, size: list[0]!.entry.size }));
  const dirs = new Set<string>();
  const pending = new Set<Promise<void>>();
  let started = 0;
  try {
    await readBlobs(repo.root, blobs, async (oid, content) => {
      for (const write of byOid.get(oid) ?? []) {
        if (crashAfter !== undefined && started >= crashAfter) throw new SimulatedCrash(`after ${started} temp files`);
        started++;
        dirs.add(keyOf(parentOf(write.tmp) ?? Buffer.alloc(0)));
        const task: Promise<void> = writeTemp(repo.root, write, content).finally(() => pending.delete(task));
        pending.add(task);
        if (pending.size >= PARALLEL_WRITES) await Promise.race(pending);
      }
    });
    await Promise.all(pending);
  } catch (error) {
    // Never report (and so never roll back) while a write is still creating its temp file.
    await Promise.allSettled(pending);
    throw error;
  }
  await fsyncFolders(repo, dirs);
}

async function commit(repo: Repo, ops: Op[], crashAfter: number | undefined): Promise<void> {
  let started = 0;
  const run = async (op: Op): Promise<void> => {
    if (crashAfter !== undefined && started >= crashAfter) throw new SimulatedCrash(`after ${started} commit operations`);
    started++;
    await runOp(repo.root, op);
  };
  // The phases stay in order (removals, folders emptied deepest first, folders made shallowest first,
  // renames); removals and renames each touch their own path, so those run many at a time.
  for (let i = 0; i < ops.length; ) {
    let end = i + 1;
    while (end < ops.length && ops[end]!.op === ops[i]!.op) end++;
    const phase = ops.slice(i, end);
    if (phase[0]!.op === 'remove' || phase[0]!.op === 'rename') await mapPool(phase, PARALLEL_WRITES, run);
    else for (const op of phase) await run(op);
    i = end;
  }
  const dirs = new Set(ops.map((op) => keyOf(parentOf(op.op === 'rename' ? op.to : op.path) ?? Buffer.alloc(0))));
  await fsyncFolders(repo, dirs);
}

/** Flushes folders' entries (the renames in them), many at a time. */
async function fsyncFolders(repo: Repo, dirs: Set<string>): Promise<void> {
  await mapPool([...dirs], PARALLEL_WRITES, (dir) => fsyncPath(absPath(repo.root, fromKey(dir))));
}

export async function restoreIn(
  repo: Repo,
  target: SnapshotInfo,
  takeSafetySnapshot: () => Promise<SnapshotInfo>,
  options: RestoreOptions = {},
): Promise<RestoreResult> {
  await refuseIfOperationInProgress(repo, 'restore a snapshot');
  await refuseIfRestoreInterrupted(repo, 'restore a snapshot');
  const safety = await takeSafetySnapshot();
  const paths = options.paths ? options.paths.map(toPathBytes) : null;
  const restorePlan = await plan(repo, target, safety, paths);
  const journal: Journal = {
    version: 1,
    root: repo.root,
    snapshotId: target.id,
    safetySnapshotId: safety.id,
    state: 'preparing',
    startedAt: new Date().toISOString(),
    ...(restorePlan.staging ? { staging: restorePlan.staging.toString('base64') } : {}),
    ops: restorePlan.ops,
  };
  const result: RestoreResult = {
    restored: restorePlan.writes.map(({ entry }) => displayPath(entry.path)),
    removed: restorePlan.removes.map(displayPath),
    restoredInfo: restorePlan.writes.map(({ entry }) => pathInfo(entry.path)),
    removedInfo: restorePlan.removes.map(pathInfo),
    keptLeftOut: restorePlan.keptLeftOut.map(displayPath),
    safetySnapshotId: safety.id,
  };
  if (restorePlan.ops.length === 0) return result;

  await writeJournal(repo, journal, true);
  try {
    if (restorePlan.staging) await mkdir(absPath(repo.root, restorePlan.staging), { recursive: true });
    await prepare(repo, restorePlan, options.testOnlyCrash?.afterTempFiles);
  } catch (error) {
    if (error instanceof SimulatedCrash) throw error;
    await rollBackPrepare(repo, journal); // the tree was not touched: undo the temp files and report
    throw error;
  }
  await writeJournal(repo, { ...journal, state: 'committing' }, false);
  try {
    await commit(repo, restorePlan.ops, options.testOnlyCrash?.afterCommitOps);
  } catch (error) {
    if (error instanceof SimulatedCrash) throw error;
    throw new Error(
      `Restoring snapshot ${target.id} stopped part-way: ${(error as Error).message}. Fix the cause, then run recoverInterruptedRestore ` +
        `to finish it (Stepwise does this at start-up); the state before the restore is snapshot ${safety.id}.`,
    );
  }
  await finish(repo, journal);
  return result;
}

async function rollBackPrepare(repo: Repo, journal: Journal): Promise<void> {
  for (const op of journal.ops) if (op.op === 'rename') await rm(absPath(repo.root, op.from), { force: true });
  await finish(repo, journal);
}

/** The restore is over (done or undone): its staging folder, then its journal, go. */
async function finish(repo: Repo, journal: Journal): Promise<void> {
  if (journal.staging) await rm(absPath(repo.root, Buffer.from(journal.staging, 'base64')), { recursive: true, force: true });
  await rm(join(repo.gitDir, RESTORE_JOURNAL), { force: true });
}

export type RecoveryResult =
  | { recovered: false }
  | { recovered: true; outcome: 'completed' | 'rolled-back'; snapshotId: string; safetySnapshotId: string };

export async function recoverIn(repo: Repo): Promise<RecoveryResult> {
  // A journal being written when the process died: never renamed into place, so never in force.
  for (const name of await readdir(repo.gitDir)) {
    if (name.startsWith(`${RESTORE_JOURNAL}.`) && name.endsWith('.tmp')) await rm(join(repo.gitDir, name), { force: true });
  }
  const journal = await readJournal(repo);
  if (!journal) {
    await rm(join(repo.gitDir, RESTORE_JOURNAL), { force: true });
    return { recovered: false };
  }
  const { snapshotId, safetySnapshotId } = journal;
  if (journal.state === 'preparing') {
    await rollBackPrepare(repo, journal);
    return { recovered: true, outcome: 'rolled-back', snapshotId, safetySnapshotId };
  }
  await commit(repo, journal.ops, undefined);
  await finish(repo, journal);
  return { recovered: true, outcome: 'completed', snapshotId, safetySnapshotId };
}
