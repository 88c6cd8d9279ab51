// Rollback snapshots for a project folder that is not a git work tree: a
// content-addressed store in the data directory.
//
//   <storeDir>/objects/ab/cdef…      file content, named by its sha256; written
//                                    temp+rename, never rewritten once present
//   <storeDir>/manifests/<id>.json   one per snapshot (temp+rename)
//   <storeDir>/restore-journal.json  only while a restore is under way
//
// Content shared by snapshots (or by files) is stored once. What is captured
// follows cas/tree.ts: the root .gitignore's simple patterns, target/,
// node_modules/ and .git/ always skipped, symlinks recorded as their target
// (never followed), the exec bit recorded, files over the size limit listed in
// `leftOut`. Empty directories are not recorded (as in git).
//
// Operations on one store instance run one at a time; the store is not
// locked against other processes.
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, realpath, rename, rm, rmdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { explainWriteError, writeFailure } from '../platform/fs/writeFailure';
import { mapPool } from '../platform/async/pool';
import { compareStrings } from '../scanner/walk';
import { isText, toFileChanges, type FileChanges } from './fileChanges';
import { errorCode, randomTag, sha256, writeFileDurable, writeNewFileSynced } from './cas/durable';
import { manifestSchema, SNAPSHOT_ID, type ManifestFile, type SnapshotManifest } from './cas/manifest';
import {
  commitJournal,
  deleteJournal,
  planRestore,
  prepareWrites,
  readJournal,
  removeStaging,
  rollBackJournal,
  writeJournal,
  type RestoreResult,
} from './cas/restore';
import {
  DEFAULT_MAX_FILE_BYTES,
  hashFileNoFollow,
  isWithin,
  listTree,
  normalizeCallerPath,
  readFileNoFollow,
  type LeftOut,
  type TreeEntry,
} from './cas/tree';

export { DEFAULT_MAX_FILE_BYTES, PathOutsideRootError } from './cas/tree';
export type { EntryMode, LeftOut } from './cas/tree';
export type { ManifestFile, SnapshotManifest } from './cas/manifest';
export { SimulatedCrashError, type RestoreResult } from './cas/restore';

export interface SnapshotInfo {
  /** `20261124T031500Z-<8 hex>`: sorts by the second it was made. */
  id: string;
  label: string;
  root: string;
  /** ISO time with milliseconds: the order of snapshots made within one second. */
  createdAt: string;
  /** Files and symlinks captured. */
  fileCount: number;
  /** Content bytes captured (files' sizes). */
  bytes: number;
  /** Content bytes that were not already in the store when the snapshot was made. */
  newBytes: number;
  leftOut: LeftOut[];
}

export interface CreateOptions {
  label: string;
  /** Files larger than this are left out (listed in `leftOut`). Default 50 MiB. */
  maxFileBytes?: number;
}

export type DiffStatus = 'added' | 'modified' | 'deleted' | 'mode';

export interface SnapshotDiff {
  /** From the snapshot to the other side, sorted by path. */
  files: { path: string; status: DiffStatus }[];
  /** Unified diff of the text changes (binary ones named, exec-bit ones as git's mode lines). */
  patch: string;
}

export interface RestoreOptions {
  /** Files or directories (relative to the root, or absolute inside it) to restore; default all. */
  paths?: string[];
  /** TEST ONLY: stop as a crash would after this many renames, leaving the journal for recoverInterruptedRestore. */
  testOnly?: { crashAfterRenames?: number };
}

export interface RecoveryResult {
  /** none: no interrupted restore; rolledBack: it had not reached its commit point, the folder was untouched; completed: finished. */
  action: 'none' | 'rolledBack' | 'completed';
  snapshotId?: string;
  restored: string[];
  removed: string[];
}

export interface PruneOptions {
  keepNewest: number;
  keep: Set<string>;
}

export interface PruneResult {
  removedSnapshots: string[];
  removedObjects: number;
  freedBytes: number;
}

const TEMP_SUFFIX = '.tmp';

export class CasSnapshotStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly storeDir: string) {}

  private get objectsDir(): string {
    return join(this.storeDir, 'objects');
  }

  private get manifestsDir(): string {
    return join(this.storeDir, 'manifests');
  }

  private objectPath(hash: string): string {
    return join(this.objectsDir, hash.slice(0, 2), hash.slice(2));
  }

  /** One operation at a time on this store. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  create(root: string, options: CreateOptions): Promise<SnapshotInfo> {
    return this.exclusive(async () => {
      /** Objects this snapshot stored anew: removed again if it fails (a full disk), so a failed snapshot leaves nothing behind. */
      const added: string[] = [];
      try {
        return await this.createNow(root, options, added);
      } catch (error) {
        await Promise.all(added.map((hash) => rm(this.objectPath(hash), { force: true })));
        throw writeFailure(error) ? explainWriteError(this.storeDir, error) : error;
      }
    });
  }

  private async createNow(root: string, { label, maxFileBytes = DEFAULT_MAX_FILE_BYTES }: CreateOptions, added: string[]): Promise<SnapshotInfo> {
    const absoluteRoot = await realpath(root);
    await mkdir(this.manifestsDir, { recursive: true });
    await mkdir(this.objectsDir, { recursive: true });
    const listing = await listTree(absoluteRoot);
    const leftOut: LeftOut[] = [...listing.leftOut];
    const stored = new Map<string, Promise<number>>();
    const store = async (hash: string, content: Buffer): Promise<number> => {
      const bytes = await this.storeObject(hash, content);
      if (bytes > 0) added.push(hash);
      return bytes;
    };
    const captured = await mapPool(listing.entries, 8, async (entry): Promise<ManifestFile | null> => {
      if (entry.mode === 'symlink') return { path: entry.path, mode: 'symlink', target: entry.target ?? '', size: entry.size };
      if (entry.size > maxFileBytes) {
        leftOut.push({ path: entry.path, reason: `larger than the ${maxFileBytes}-byte limit (${entry.size} bytes)` });
        return null;
      }
      let content: Buffer;
      try {
        content = await readFileNoFollow(join(absoluteRoot, entry.path));
      } catch (error) {
        leftOut.push({ path: entry.path, reason: `changed or unreadable during the snapshot (${errorCode(error) ?? (error as Error).message})` });
        return null;
      }
      if (content.length > maxFileBytes) {
        leftOut.push({ path: entry.path, reason: `larger than the ${maxFileBytes}-byte limit (${content.length} bytes)` });
        return null;
      }
      const hash = sha256(content);
      if (!stored.has(hash)) stored.set(hash, store(hash, content));
      await stored.get(hash);
      return { path: entry.path, mode: entry.mode, hash, size: content.length };
    });
    const files = captured.filter((file): file is ManifestFile => file !== null);
    let newBytes = 0;
    for (const bytes of await Promise.all(stored.values())) newBytes += bytes;
    leftOut.sort((a, b) => compareStrings(a.path, b.path));

    // Strictly after every snapshot already here, so "newest" is well defined even within one millisecond.
    const existing = await this.readAllManifests();
    const last = existing.length > 0 ? Date.parse(existing[existing.length - 1]!.createdAt) : 0;
    const created = new Date(Math.max(Date.now(), last + 1));
    const createdAt = created.toISOString();
    const id = `${createdAt.slice(0, 19).replace(/[-:]/g, '')}Z-${randomBytes(4).toString('hex')}`;
    const manifest: SnapshotManifest = { id, root: absoluteRoot, label, createdAt, files, leftOut, newBytes };
    await writeFileDurable(join(this.manifestsDir, `${id}.json`), `${JSON.stringify(manifest, null, 2)}\n`);
    return info(manifest);
  }

  /** Writes an object unless present; the bytes newly stored. */
  private async storeObject(hash: string, content: Buffer): Promise<number> {
    const path = this.objectPath(hash);
    try {
      await stat(path);
      return 0;
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
    }
    await mkdir(join(this.objectsDir, hash.slice(0, 2)), { recursive: true });
    const temp = `${path}.${randomTag()}${TEMP_SUFFIX}`;
    try {
      await writeNewFileSynced(temp, content, 0o444);
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return content.length;
  }

  /** An object's content, checked against its name: a damaged store is reported, never restored from. */
  private async readObject(hash: string): Promise<Buffer> {
    let content: Buffer;
    try {
      content = await readFile(this.objectPath(hash));
    } catch (error) {
      throw new Error(`Snapshot store is missing object ${hash} (${errorCode(error) ?? (error as Error).message})`);
    }
    if (sha256(content) !== hash) throw new Error(`Snapshot store object ${hash} is damaged (its content no longer matches its hash)`);
    return content;
  }

  private async readAllManifests(): Promise<SnapshotManifest[]> {
    let names: string[];
    try {
      names = await readdir(this.manifestsDir);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return [];
      throw error;
    }
    const ids = names.filter((name) => name.endsWith('.json') && SNAPSHOT_ID.test(name.slice(0, -5))).map((name) => name.slice(0, -5));
    const manifests = await mapPool(ids, 16, (id) => this.readManifest(id));
    return manifests.sort(byAge);
  }

  private async readManifest(id: string): Promise<SnapshotManifest> {
    if (!SNAPSHOT_ID.test(id)) throw new Error(`Not a snapshot id: ${JSON.stringify(id)}`);
    let text: string;
    try {
      text = await readFile(join(this.manifestsDir, `${id}.json`), 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') throw new Error(`No snapshot ${id}`);
      throw error;
    }
    const manifest = manifestSchema.parse(JSON.parse(text));
    if (manifest.id !== id) throw new Error(`Snapshot manifest ${id} names another id (${manifest.id})`);
    return manifest;
  }

  /** Every snapshot, oldest first. */
  async list(): Promise<SnapshotInfo[]> {
    return (await this.readAllManifests()).map(info);
  }

  read(id: string): Promise<SnapshotManifest> {
    return this.readManifest(id);
  }

  /** What changed from snapshot `id` to the folder as it is now, or to another snapshot. */
  async diff(root: string, id: string, against: 'worktree' | { snapshot: string }): Promise<SnapshotDiff> {
    const { changes, contentOf } = await this.compare(root, id, against === 'worktree' ? null : against.snapshot);
    const files: SnapshotDiff['files'] = [];
    const patches: string[] = [];
    for (const { path, status, a, b } of changes) {
      files.push({ path, status });
      patches.push(await this.patchFor(path, status, a, b, contentOf));
    }
    return { files, patch: patches.join('') };
  }

  /** Per-file diffs from snapshot `id` to the folder (against null) or to snapshot `against`, within the UI's limits. */
  async fileChanges(root: string, id: string, against: string | null): Promise<FileChanges> {
    const { changes, contentOf } = await this.compare(root, id, against);
    const empty = Buffer.alloc(0);
    return toFileChanges(
      changes.map(({ path, status, a, b }) => ({
        path,
        status,
        size: Math.max(a?.size ?? 0, b?.size ?? 0),
        load: async () => ({ before: a ? await contentOf(a, path) : empty, after: b ? await contentOf(b, path) : empty }),
      })),
    );
  }

  /** The paths that differ between snapshot `id` and the folder as it is now (no content read beyond hashing). */
  async changedPaths(root: string, id: string): Promise<string[]> {
    return (await this.compare(root, id, null)).changes.map((change) => change.path);
  }

  /** For each snapshot id, how many files differ from the folder (listed once); null for an id not in the store. */
  async changedCounts(root: string, ids: string[]): Promise<(number | null)[]> {
    if (ids.length === 0) return [];
    const worktree = await this.worktreeSides(await realpath(root));
    const counts: (number | null)[] = [];
    for (const id of ids) {
      const found = await this.compare(root, id, null, worktree).catch(() => null);
      counts.push(found ? found.changes.length : null);
    }
    return counts;
  }

  private async worktreeSides(absoluteRoot: string): Promise<{ sides: Map<string, Side>; leftOut: string[] }> {
    const listing = await listTree(absoluteRoot);
    return {
      sides: new Map(listing.entries.map((entry) => [entry.path, fromWorktree(entry)])),
      leftOut: listing.leftOut.map((item) => item.path),
    };
  }

  /** The changed paths between a snapshot and the folder (against null) or another snapshot, sorted. */
  private async compare(
    root: string,
    id: string,
    against: string | null,
    worktree?: { sides: Map<string, Side>; leftOut: string[] },
  ): Promise<{ changes: { path: string; status: DiffStatus; a?: Side; b?: Side }[]; contentOf: (side: Side, path: string) => Promise<Buffer> }> {
    const before = await this.readManifest(id);
    const beforeSide = new Map<string, Side>(before.files.map((file) => [file.path, fromManifest(file)]));
    let afterSide: Map<string, Side>;
    let excluded: string[] = before.leftOut.map((item) => item.path);
    let absoluteRoot = '';
    if (against === null) {
      absoluteRoot = await realpath(root);
      const current = worktree ?? (await this.worktreeSides(absoluteRoot));
      afterSide = current.sides;
      excluded = [...excluded, ...current.leftOut];
    } else {
      const after = await this.readManifest(against);
      excluded = [...excluded, ...after.leftOut.map((item) => item.path)];
      afterSide = new Map(after.files.map((file) => [file.path, fromManifest(file)]));
    }
    const isExcluded = (path: string) => excluded.some((p) => isWithin(path, p));
    const hashOf = async (side: Side, path: string): Promise<string | undefined> => {
      if (side.hash || side.mode === 'symlink') return side.hash;
      side.hash = await hashFileNoFollow(join(absoluteRoot, path));
      return side.hash;
    };
    const contentOf = async (side: Side, path: string): Promise<Buffer> => {
      if (side.mode === 'symlink') return Buffer.from(side.target ?? '', 'utf8');
      if (side.fromWorktree) return readFileNoFollow(join(absoluteRoot, path));
      return this.readObject(side.hash!);
    };

    const paths = [...new Set([...beforeSide.keys(), ...afterSide.keys()])].sort(compareStrings);
    const changes: { path: string; status: DiffStatus; a?: Side; b?: Side }[] = [];
    for (const path of paths) {
      const a = beforeSide.get(path);
      const b = afterSide.get(path);
      let status: DiffStatus | null;
      if (!a) status = isExcluded(path) ? null : 'added';
      else if (!b) status = isExcluded(path) ? null : 'deleted';
      else if ((a.mode === 'symlink') !== (b.mode === 'symlink')) status = 'modified';
      else if (a.mode === 'symlink') status = a.target === b.target ? null : 'modified';
      else if (a.size !== b.size || (await hashOf(a, path)) !== (await hashOf(b, path))) status = 'modified';
      else status = a.mode === b.mode ? null : 'mode';
      if (status) changes.push({ path, status, a, b });
    }
    return { changes, contentOf };
  }

  private async patchFor(
    path: string,
    status: DiffStatus,
    a: Side | undefined,
    b: Side | undefined,
    contentOf: (side: Side, path: string) => Promise<Buffer>,
  ): Promise<string> {
    let header = `diff --stepwise a/${path} b/${path}\n`;
    if (status === 'added') header += `new file mode ${gitMode(b!)}\n`;
    else if (status === 'deleted') header += `deleted file mode ${gitMode(a!)}\n`;
    else if (gitMode(a!) !== gitMode(b!)) header += `old mode ${gitMode(a!)}\nnew mode ${gitMode(b!)}\n`;
    if (status === 'mode') return header;
    const before = a ? await contentOf(a, path) : Buffer.alloc(0);
    const after = b ? await contentOf(b, path) : Buffer.alloc(0);
    if (!isText(before) || !isText(after)) return `${header}Binary files ${a ? `a/${path}` : '/dev/null'} and ${b ? `b/${path}` : '/dev/null'} differ\n`;
    return (
      header +
      createTwoFilesPatch(a ? `a/${path}` : '/dev/null', b ? `b/${path}` : '/dev/null', before.toString('utf8'), after.toString('utf8'), undefined, undefined, {
        context: 3,
      })
    );
  }

  /**
   * Puts the folder back as snapshot `id` had it (all of it, or `paths`):
   * content, exec bits and symlinks restored, files added since removed
   * (never ignored ones or ones the snapshot left out). All or nothing: see
   * cas/restore.ts. Refuses while an interrupted restore awaits recovery.
   */
  restore(root: string, id: string, options: RestoreOptions = {}): Promise<RestoreResult> {
    return this.exclusive(() => this.restoreNow(root, id, options));
  }

  private async restoreNow(root: string, id: string, options: RestoreOptions): Promise<RestoreResult> {
    const absoluteRoot = await realpath(root);
    const manifest = await this.readManifest(id);
    const pending = await readJournal(this.storeDir);
    if (pending) throw new Error(`An interrupted restore of snapshot ${pending.snapshotId} is pending: run recoverInterruptedRestore first`);
    const selection = options.paths?.map((path) => normalizeCallerPath(absoluteRoot, path));
    const { journal, writes } = await planRestore({
      root: absoluteRoot,
      manifest,
      selection: selection?.includes('') ? undefined : selection,
    });
    if (journal.ops.length === 0) return { restored: [], removed: [] };
    await mkdir(this.storeDir, { recursive: true });
    await writeJournal(this.storeDir, journal);
    try {
      await prepareWrites(absoluteRoot, journal, writes, (hash) => this.readObject(hash));
    } catch (error) {
      await rollBackJournal(journal);
      await deleteJournal(this.storeDir);
      throw error;
    }
    const committing = { ...journal, state: 'committing' as const };
    await writeJournal(this.storeDir, committing); // the commit point
    await commitJournal(committing, options.testOnly?.crashAfterRenames);
    await removeStaging(committing);
    await deleteJournal(this.storeDir);
    return { restored: journal.restored, removed: journal.removed };
  }

  /**
   * Finishes a restore a crash interrupted, idempotently: rolled back if it
   * had not reached its commit point (the folder was untouched), rolled
   * forward otherwise (a temp already renamed is skipped). Safe to call when
   * nothing is pending, and again after a crash during recovery.
   */
  recoverInterruptedRestore(root: string): Promise<RecoveryResult> {
    return this.exclusive(async () => {
      const journal = await readJournal(this.storeDir);
      if (!journal) return { action: 'none', restored: [], removed: [] };
      const absoluteRoot = await realpath(root);
      if (journal.root !== absoluteRoot) throw new Error(`The interrupted restore was of ${journal.root}, not ${absoluteRoot}`);
      if (journal.state === 'preparing') {
        await rollBackJournal(journal);
        await deleteJournal(this.storeDir);
        return { action: 'rolledBack', snapshotId: journal.snapshotId, restored: [], removed: [] };
      }
      await commitJournal(journal);
      await removeStaging(journal);
      await deleteJournal(this.storeDir);
      return { action: 'completed', snapshotId: journal.snapshotId, restored: journal.restored, removed: journal.removed };
    });
  }

  /**
   * Removes the snapshots not kept (the newest `keepNewest` and the ids in
   * `keep` always are), then every object no remaining manifest references.
   */
  prune({ keepNewest, keep }: PruneOptions): Promise<PruneResult> {
    return this.exclusive(async () => {
      const manifests = await this.manifestsToSweep();
      const newest = new Set(manifests.slice(Math.max(0, manifests.length - Math.max(0, keepNewest))).map((m) => m.id));
      return this.removeAndSweep(manifests, (manifest) => !newest.has(manifest.id) && !keep.has(manifest.id));
    });
  }

  /** Removes the snapshots named (ids not in the store are ignored), then every object no remaining manifest references. */
  remove(ids: string[]): Promise<PruneResult> {
    return this.exclusive(async () => {
      const drop = new Set(ids);
      return this.removeAndSweep(await this.manifestsToSweep(), (manifest) => drop.has(manifest.id));
    });
  }

  private async manifestsToSweep(): Promise<SnapshotManifest[]> {
    if (await readJournal(this.storeDir)) throw new Error('An interrupted restore is pending: run recoverInterruptedRestore before pruning');
    return this.readAllManifests(); // oldest first
  }

  private async removeAndSweep(manifests: SnapshotManifest[], removes: (manifest: SnapshotManifest) => boolean): Promise<PruneResult> {
    const removedSnapshots: string[] = [];
    const live = new Set<string>();
    for (const manifest of manifests) {
      if (!removes(manifest)) {
        for (const file of manifest.files) if (file.hash) live.add(file.hash);
      } else {
        await unlink(join(this.manifestsDir, `${manifest.id}.json`));
        removedSnapshots.push(manifest.id);
      }
    }
    let removedObjects = 0;
    let freedBytes = 0;
    let shards: string[] = [];
    try {
      shards = await readdir(this.objectsDir);
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
    }
    for (const shard of shards) {
      if (!/^[0-9a-f]{2}$/.test(shard)) continue;
      for (const name of await readdir(join(this.objectsDir, shard))) {
        const path = join(this.objectsDir, shard, name);
        // A temp left by a crash while storing an object is swept too (operations here never overlap).
        if (live.has(`${shard}${name}`)) continue;
        const stats = await lstat(path).catch(() => null);
        await rm(path, { force: true });
        if (/^[0-9a-f]{62}$/.test(name)) removedObjects++;
        freedBytes += stats?.size ?? 0;
      }
      await rmdir(join(this.objectsDir, shard)).catch(() => undefined); // only once empty
    }
    return { removedSnapshots, removedObjects, freedBytes };
  }
}

interface Side {
  mode: 'file' | 'exec' | 'symlink';
  size: number;
  hash?: string;
  target?: string;
  fromWorktree: boolean;
}

function fromManifest(file: ManifestFile): Side {
  return { mode: file.mode, size: file.size, hash: file.hash, target: file.target, fromWorktree: false };
}

function fromWorktree(entry: TreeEntry): Side {
  return { mode: entry.mode, size: entry.size, target: entry.target, fromWorktree: true };
}

function gitMode(side: Side): string {
  return side.mode === 'symlink' ? '120000' : side.mode === 'exec' ? '100755' : '100644';
}

function byAge(a: SnapshotManifest, b: SnapshotManifest): number {
  return compareStrings(a.createdAt, b.createdAt) || compareStrings(a.id, b.id);
}

function info(manifest: SnapshotManifest): SnapshotInfo {
  return {
    id: manifest.id,
    label: manifest.label,
    root: manifest.root,
    createdAt: manifest.createdAt,
    fileCount: manifest.files.length,
    bytes: manifest.files.reduce((sum, file) => sum + (file.mode === 'symlink' ? 0 : file.size), 0),
    newBytes: manifest.newBytes ?? 0,
    leftOut: manifest.leftOut,
  };
}
