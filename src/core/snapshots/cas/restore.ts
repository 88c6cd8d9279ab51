// Restoring a snapshot without ever leaving the folder half restored.
//
// 1. Plan: compare the snapshot with the folder; files already equal are left
//    alone; files and symlinks the snapshot lacks are removed (within the
//    selected paths; never anything the snapshot left out or that is ignored).
// 2. Journal (state `preparing`), written and fsynced in the store directory.
// 3. Prepare: every restored file or symlink is written to a temp file in one
//    staging folder at the root (`.stepwise-restore-<tag>/`, with a note that
//    says what it is), fsynced: a crash leaves one folder, not a temp in every
//    directory. A file whose nearest existing directory is on another file
//    system gets its temp there instead, so that every rename stays atomic.
// 4. Commit point: the journal is rewritten, fsynced, with state `committing`.
// 5. Commit: removals, then directories a file replaces, then new
//    directories, then the renames, then empty directories tidied.
// 6. Directories fsynced, the staging folder and the journal deleted.
//
// Recovery (the choice documented): before the commit point the folder is
// untouched, so an interrupted restore is rolled BACK (its temps deleted);
// after it, it is rolled FORWARD by replaying every operation, each one
// idempotent: a removal of something absent is done, a rename whose temp is
// gone was already made (temps are fsynced before the commit point, so a
// missing temp cannot be a lost write), a recursive mkdir of an existing
// directory is a no-op.
import { lstat, mkdir, readdir, readFile, rename, rm, rmdir, symlink, unlink } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { mapPool } from '../../platform/async/pool';
import { compareStrings } from '../../scanner/walk';
import { errorCode, randomTag, syncDirectory, writeFileDurable, writeNewFileSynced } from './durable';
import { journalSchema, type JournalOp, type ManifestFile, type RestoreJournal, type SnapshotManifest } from './manifest';
import { checkRelativePath, hashFileNoFollow, isWithin, listTree, type TreeEntry } from './tree';

export const JOURNAL_NAME = 'restore-journal.json';

/** Thrown by the test-only crash hook; the journal and temps are left exactly as a crash would leave them. */
export class SimulatedCrashError extends Error {
  constructor(renames: number) {
    super(`test-only: simulated crash after ${renames} rename(s)`);
    this.name = 'SimulatedCrashError';
  }
}

export interface RestoreResult {
  /** Paths written (files and symlinks whose content, kind or exec bit differed), sorted. */
  restored: string[];
  /** Paths removed (not in the snapshot), sorted. */
  removed: string[];
}

interface PlanInput {
  root: string;
  manifest: SnapshotManifest;
  /** Normalized selections ('' for all); undefined: a full restore. */
  selection: string[] | undefined;
}

interface PreparedWrite {
  file: ManifestFile;
  temp: string;
}

interface Plan {
  journal: RestoreJournal;
  writes: PreparedWrite[];
}

/** Said by the staging folder to whoever finds it after a crash. */
const STAGING_NOTE = `Stepwise is restoring a snapshot into this folder, and keeps the restored files here until they are all written.
If you see this folder after Stepwise stopped, the restore was cut short: Stepwise finishes it or undoes it the next time
it starts (or run \`stepwise snapshots list --project <this folder>\`). Do not edit these files.
`;
const STAGING_NOTE_NAME = 'README.txt';

async function lstatOrNull(path: string) {
  try {
    return await lstat(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return null;
    throw error;
  }
}

async function sameAsSnapshot(root: string, file: ManifestFile, current: TreeEntry | undefined): Promise<boolean> {
  if (!current || current.mode !== file.mode || current.size !== file.size) return false;
  if (file.mode === 'symlink') return current.target === file.target;
  try {
    return (await hashFileNoFollow(join(root, file.path))) === file.hash;
  } catch {
    return false;
  }
}

/** Every non-directory under `dir` (relative to root), and its directories, without following links. */
async function scanRaw(root: string, dir: string): Promise<{ files: string[]; dirs: string[] }> {
  const files: string[] = [];
  const dirs: string[] = [dir];
  for (const entry of await readdir(join(root, dir), { withFileTypes: true, encoding: 'buffer' })) {
    const name = entry.name.toString('utf8');
    const path = `${dir}/${name}`;
    if (!Buffer.from(name, 'utf8').equals(entry.name)) {
      files.push(`${path} (name not UTF-8)`); // never matches a planned removal: blocks the restore
    } else if (entry.isDirectory()) {
      const inner = await scanRaw(root, path);
      files.push(...inner.files);
      dirs.push(...inner.dirs);
    } else {
      files.push(path);
    }
  }
  return { files, dirs };
}

const depth = (path: string) => path.split('/').length;

export async function planRestore({ root, manifest, selection }: PlanInput): Promise<Plan> {
  for (const file of manifest.files) checkRelativePath(file.path);
  const inSelection = (path: string) => !selection || selection.some((s) => isWithin(path, s));
  const current = await listTree(root);
  const currentByPath = new Map(current.entries.map((entry) => [entry.path, entry]));
  const snapshotPaths = new Set(manifest.files.map((file) => file.path));
  const protectedPaths = [...manifest.leftOut, ...current.leftOut].map((item) => item.path);

  if (selection) {
    for (const s of selection) {
      if (!manifest.files.some((f) => isWithin(f.path, s)) && !current.entries.some((e) => isWithin(e.path, s))) {
        throw new Error(`Nothing to restore at ${JSON.stringify(s)}: it is in neither snapshot ${manifest.id} nor the project`);
      }
    }
  }

  const selected = manifest.files.filter((file) => inSelection(file.path));
  const differs = await mapPool(selected, 8, async (file) => !(await sameAsSnapshot(root, file, currentByPath.get(file.path))));
  const targets = selected.filter((_, i) => differs[i]);
  const removals = current.entries
    .filter((entry) => inSelection(entry.path) && !snapshotPaths.has(entry.path))
    .filter((entry) => !protectedPaths.some((p) => isWithin(entry.path, p)))
    .map((entry) => entry.path);
  const removalSet = new Set(removals);

  const rmdirs = new Set<string>();
  const mkdirs = new Set<string>();
  const writes: PreparedWrite[] = [];
  const staging = `.stepwise-restore-${randomTag()}`;
  const rootDevice = (await lstat(root)).dev;
  for (const file of targets) {
    const here = await lstatOrNull(join(root, file.path));
    if (here?.isDirectory()) {
      // A directory where the snapshot has a file: everything in it must be a planned removal.
      const inside = await scanRaw(root, file.path);
      const blocking = inside.files.filter((path) => !removalSet.has(path));
      if (blocking.length > 0) {
        throw new Error(
          `Cannot restore ${file.path}: it is now a directory holding files the restore would not remove (${blocking.slice(0, 3).join(', ')}); move them first or restore that directory too`,
        );
      }
      for (const dir of inside.dirs) rmdirs.add(dir);
    }
    // The directories above it: real directories, missing (to be made), or a file or symlink being removed.
    const parts = file.path.split('/');
    let tempDir = '';
    let tempDevice = rootDevice;
    let missing = false;
    for (let i = 1; i < parts.length; i++) {
      const ancestor = parts.slice(0, i).join('/');
      const stats = await lstatOrNull(join(root, ancestor));
      if (!stats) {
        missing = true;
        break;
      }
      if (stats.isDirectory() && !stats.isSymbolicLink()) {
        tempDir = ancestor;
        tempDevice = stats.dev;
        continue;
      }
      if (!removalSet.has(ancestor)) {
        throw new Error(`Cannot restore ${file.path}: ${ancestor} is now a ${stats.isSymbolicLink() ? 'symlink' : 'file'}; restore it too (or move it) first`);
      }
      missing = true;
      break;
    }
    if (missing) mkdirs.add(posix.dirname(file.path));
    if (tempDevice === rootDevice) {
      writes.push({ file, temp: `${staging}/${writes.length}.tmp` });
    } else {
      // Across a mount point a rename is a copy: the temp goes on the target's own file system.
      const tempName = `.stepwise-restore-${randomTag()}.tmp`;
      writes.push({ file, temp: tempDir ? `${tempDir}/${tempName}` : tempName });
    }
  }

  const tidy = new Set<string>();
  for (const path of removals) for (let dir = posix.dirname(path); dir !== '.'; dir = posix.dirname(dir)) tidy.add(dir);
  const byDepthDesc = (a: string, b: string) => depth(b) - depth(a) || compareStrings(a, b);
  const ops: JournalOp[] = [
    ...removals.map((path): JournalOp => ({ op: 'remove', path })),
    ...[...rmdirs].sort(byDepthDesc).map((path): JournalOp => ({ op: 'rmdir', path })),
    ...[...mkdirs].sort(compareStrings).map((path): JournalOp => ({ op: 'mkdir', path })),
    ...writes.map(({ file, temp }): JournalOp => ({ op: 'rename', temp, path: file.path })),
    ...[...tidy].sort(byDepthDesc).map((path): JournalOp => ({ op: 'rmdirIfEmpty', path })),
  ];
  const journal: RestoreJournal = {
    version: 1,
    state: 'preparing',
    root,
    snapshotId: manifest.id,
    startedAt: new Date().toISOString(),
    ...(writes.some(({ temp }) => temp.startsWith(`${staging}/`)) ? { staging } : {}),
    restored: targets.map((file) => file.path),
    removed: removals,
    ops,
  };
  return { journal, writes };
}

/** Writes every temp (content verified against its hash by `readObject`), fsynced, and flushes their directories. */
export async function prepareWrites(
  root: string,
  journal: RestoreJournal,
  writes: PreparedWrite[],
  readObject: (hash: string) => Promise<Buffer>,
): Promise<void> {
  if (journal.staging) {
    await mkdir(join(root, journal.staging));
    await syncDirectory(root); // the folder holding the temps outlives a power cut as they do
    await writeNewFileSynced(join(root, journal.staging, STAGING_NOTE_NAME), Buffer.from(STAGING_NOTE), 0o444);
  }
  await mapPool(writes, 16, async ({ file, temp }) => {
    const absolute = join(root, temp);
    if (file.mode === 'symlink') {
      await symlink(file.target ?? '', absolute);
    } else {
      if (!file.hash) throw new Error(`Snapshot entry ${file.path} has no content hash`);
      await writeNewFileSynced(absolute, await readObject(file.hash), file.mode === 'exec' ? 0o755 : 0o644);
    }
  });
  for (const dir of new Set(writes.map(({ temp }) => dirname(join(root, temp))))) await syncDirectory(dir);
}

export async function writeJournal(storeDir: string, journal: RestoreJournal): Promise<void> {
  await writeFileDurable(join(storeDir, JOURNAL_NAME), `${JSON.stringify(journal, null, 2)}\n`);
}

export async function readJournal(storeDir: string): Promise<RestoreJournal | null> {
  let text: string;
  try {
    text = await readFile(join(storeDir, JOURNAL_NAME), 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw error;
  }
  const journal = journalSchema.parse(JSON.parse(text));
  for (const op of journal.ops) {
    checkRelativePath(op.path);
    if (op.op === 'rename') checkRelativePath(op.temp);
  }
  // Recovery removes the staging folder whole: only ever one of ours.
  if (journal.staging !== undefined && !/^\.stepwise-restore-[0-9a-f]+$/.test(journal.staging)) {
    throw new Error(`Restore journal in ${storeDir} names an unexpected staging folder: ${JSON.stringify(journal.staging)}`);
  }
  return journal;
}

export async function deleteJournal(storeDir: string): Promise<void> {
  await rm(join(storeDir, JOURNAL_NAME), { force: true });
  await syncDirectory(storeDir);
}

const ignoring = (...codes: string[]) => (error: unknown) => {
  if (!codes.includes(errorCode(error) ?? '')) throw error;
};

/** Runs the journal's operations in order, each idempotent; `crashAfterRenames` is the test-only hook. */
export async function commitJournal(journal: RestoreJournal, crashAfterRenames?: number): Promise<void> {
  const root = journal.root;
  let renames = 0;
  const touched = new Set<string>();
  for (const op of journal.ops) {
    const absolute = join(root, op.path);
    switch (op.op) {
      case 'remove':
        await unlink(absolute).catch(ignoring('ENOENT'));
        touched.add(dirname(absolute));
        break;
      case 'rmdir':
        await rmdir(absolute).catch(ignoring('ENOENT'));
        break;
      case 'mkdir':
        await mkdir(absolute, { recursive: true });
        break;
      case 'rename': {
        const temp = join(root, op.temp);
        if (await lstatOrNull(temp)) {
          await rename(temp, absolute);
          touched.add(dirname(absolute));
        }
        renames++;
        if (crashAfterRenames !== undefined && renames >= crashAfterRenames) throw new SimulatedCrashError(renames);
        break;
      }
      case 'rmdirIfEmpty':
        await rmdir(absolute).catch(ignoring('ENOENT', 'ENOTEMPTY', 'EEXIST', 'ENOTDIR'));
        break;
    }
  }
  for (const dir of touched) await syncDirectory(dir);
}

/** Deletes the temps of a restore that never reached its commit point. */
export async function rollBackJournal(journal: RestoreJournal): Promise<void> {
  for (const op of journal.ops) if (op.op === 'rename') await rm(join(journal.root, op.temp), { force: true });
  await removeStaging(journal);
}

/** The restore is over (done or undone): its staging folder goes, note and all. */
export async function removeStaging(journal: RestoreJournal): Promise<void> {
  if (journal.staging) await rm(join(journal.root, journal.staging), { recursive: true, force: true });
}
