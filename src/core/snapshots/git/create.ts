// Creating, reading and listing snapshot commits.
import { randomBytes } from 'node:crypto';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { explainWriteError, writeFailure } from '../../platform/fs/writeFailure';
import { captureTree, DEFAULT_MAX_FILE_BYTES } from './capture';
import { git, gitBuffer, refuseIfOperationInProgress, SNAPSHOT_IDENTITY, type Repo } from './exec';
import { formatMessage, leftOutInfo, newSnapshotId, parseMessage, SNAPSHOT_REF_PREFIX, type SnapshotInfo } from './meta';
import { objectStore, removeTempObjects } from './tempObjects';
import { listTree } from './tree';

export const RESTORE_JOURNAL = 'stepwise-restore.json';

/** Throws when a restore was cut short and recoverInterruptedRestore has not run yet. */
export async function refuseIfRestoreInterrupted(repo: Repo, action: string): Promise<void> {
  const present = await access(join(repo.gitDir, RESTORE_JOURNAL)).then(
    () => true,
    () => false,
  );
  if (present) {
    throw new Error(
      `Cannot ${action}: a snapshot restore in ${repo.root} was interrupted (${join(repo.gitDir, RESTORE_JOURNAL)} exists). ` +
        'Run recoverInterruptedRestore first (Stepwise does this at start-up), then try again.',
    );
  }
}

export interface CreateOptions {
  label: string;
  /** Files larger than this are left out (default 50 MiB). */
  maxFileBytes?: number;
}

/**
 * A snapshot commit of the work tree, pinned by a ref. One that fails for the
 * disk (full, read-only) says so, naming the object store, and removes the
 * temp files its git left there (git dies without removing them).
 */
export async function createIn(repo: Repo, options: CreateOptions): Promise<SnapshotInfo> {
  const started = Date.now();
  try {
    return await createNow(repo, options);
  } catch (error) {
    if (!writeFailure(error)) throw error;
    const objects = await objectStore(repo);
    await removeTempObjects(objects, started);
    throw explainWriteError(objects, error);
  }
}

async function createNow(repo: Repo, options: CreateOptions): Promise<SnapshotInfo> {
  await refuseIfOperationInProgress(repo, 'take a snapshot');
  await refuseIfRestoreInterrupted(repo, 'take a snapshot');
  const [{ tree, tooLarge, fileCount, bytes }, head] = await Promise.all([
    captureTree(repo, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES),
    git(repo.root, ['rev-parse', '--verify', '-q', 'HEAD^{commit}']).then((out) => out.trim(), () => ''),
  ]);

  for (let attempt = 0; ; attempt++) {
    const now = new Date();
    const createdAt = now.toISOString();
    const id = newSnapshotId(now, randomBytes(4).toString('hex'));
    const message = formatMessage({ id, label: options.label, createdAt, fileCount, bytes, leftOut: tooLarge });
    const date = `${Math.floor(now.getTime() / 1000)} +0000`;
    const commit = (
      await git(repo.root, ['commit-tree', tree, ...(head ? ['-p', head] : []), '-F', '-'], {
        env: { ...SNAPSHOT_IDENTITY, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
        input: message,
      })
    ).trim();
    const ref = SNAPSHOT_REF_PREFIX + id;
    try {
      // Empty old value: the ref must not exist yet, so two snapshots can never share an id.
      await git(repo.root, ['update-ref', '-m', `stepwise: snapshot ${id}`, ref, commit, '']);
    } catch (error) {
      if (attempt < 5) continue;
      throw error;
    }
    const parsed = parseMessage(message);
    return { id, ref, commit, tree, label: parsed.label, createdAt, fileCount, bytes, leftOut: leftOutInfo(tooLarge) };
  }
}

/** Every snapshot, oldest first. Refs made by other means (pinWorkTree) are listed too, with computed counts. */
export async function listIn(repo: Repo, pattern = SNAPSHOT_REF_PREFIX): Promise<SnapshotInfo[]> {
  const out = await gitBuffer(
    repo.root,
    [
      'for-each-ref',
      '--format=%(refname)%00%(objectname)%00%(tree)%00%(committerdate:iso-strict)%00%(contents)%00',
      pattern,
    ],
    { maxBuffer: 256 * 1024 * 1024 },
  );
  const fields = out.toString('utf8').split('\0');
  const snapshots: SnapshotInfo[] = [];
  for (let i = 0; i + 4 < fields.length; i += 5) {
    const ref = fields[i]!.replace(/^\n/, '');
    const [commit, tree, committed, contents] = [fields[i + 1]!, fields[i + 2]!, fields[i + 3]!, fields[i + 4]!];
    if (!ref.startsWith(SNAPSHOT_REF_PREFIX)) continue;
    const meta = parseMessage(contents);
    let { fileCount, bytes } = meta;
    if (fileCount === undefined || bytes === undefined || !Number.isFinite(fileCount) || !Number.isFinite(bytes)) {
      const files = [...(await listTree(repo.root, tree)).values()].filter((entry) => entry.type === 'blob');
      fileCount = files.length;
      bytes = files.reduce((sum, entry) => sum + entry.size, 0);
    }
    snapshots.push({
      id: ref.slice(SNAPSHOT_REF_PREFIX.length),
      ref,
      commit,
      tree,
      label: meta.label,
      createdAt: meta.createdAt ?? new Date(committed).toISOString(),
      fileCount,
      bytes,
      leftOut: leftOutInfo(meta.leftOut),
    });
  }
  return snapshots.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

/** One snapshot by id (or full ref name); throws a clear error when there is none. */
export async function readIn(repo: Repo, id: string): Promise<SnapshotInfo> {
  const ref = id.startsWith(SNAPSHOT_REF_PREFIX) ? id : SNAPSHOT_REF_PREFIX + id;
  if (!/^[A-Za-z0-9._-]+$/.test(ref.slice(SNAPSHOT_REF_PREFIX.length))) throw new Error(`Not a snapshot id: ${JSON.stringify(id)}`);
  const snapshot = (await listIn(repo, ref)).find((candidate) => candidate.ref === ref);
  if (!snapshot) throw new Error(`No snapshot ${id} in ${repo.root} (listSnapshots shows the ones there are).`);
  return snapshot;
}
