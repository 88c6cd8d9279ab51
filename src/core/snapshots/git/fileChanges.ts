// What differs between a snapshot and the working tree (or another snapshot),
// per file, and how many files: the Snapshots page's diff and timeline.
import type { FileChangeStatus } from '../../../shared/model';
import { toFileChanges, type ChangedEntry, type FileChanges } from '../fileChanges';
import { captureTree, DEFAULT_MAX_FILE_BYTES } from './capture';
import { listIn, readIn } from './create';
import { openRepo, type Repo } from './exec';
import type { SnapshotInfo } from './meta';
import { displayPath, keyOf } from './paths';
import { diffTreesRaw, objectSizes, readBlobs, type RawChange } from './tree';

const ZERO_OID = /^0+$/;

function leftOutKeys(snapshot: SnapshotInfo): string[] {
  return snapshot.leftOut.map((entry) => keyOf(entry.pathBytes ?? Buffer.from(entry.path, 'utf8')));
}

/** The working tree as a tree (with the store's size limit) and the paths it left out. */
async function currentTree(repo: Repo, maxFileBytes = DEFAULT_MAX_FILE_BYTES): Promise<{ tree: string; leftOut: string[] }> {
  const captured = await captureTree(repo, maxFileBytes);
  return { tree: captured.tree, leftOut: captured.tooLarge.map(({ path }) => keyOf(path)) };
}

/** Changes from `from` to `to`, leaving out paths either side did not capture (too large). */
async function changesBetween(repo: Repo, from: SnapshotInfo, to: { tree: string; leftOut: string[] }, renames: boolean): Promise<RawChange[]> {
  const ignore = new Set([...leftOutKeys(from), ...to.leftOut]);
  return (await diffTreesRaw(repo.root, from.tree, to.tree, renames)).filter(
    (change) => !ignore.has(keyOf(change.path)) && !(change.oldPath && ignore.has(keyOf(change.oldPath))),
  );
}

/** The other side of a diff: the working tree (null) or another snapshot. */
async function otherSide(repo: Repo, against: string | null, maxFileBytes: number): Promise<{ tree: string; leftOut: string[] }> {
  if (against === null) return currentTree(repo, maxFileBytes);
  const other = await readIn(repo, against);
  return { tree: other.tree, leftOut: leftOutKeys(other) };
}

export interface RawDiff {
  repo: Repo;
  fromTree: string;
  toTree: string;
  changes: RawChange[];
}

/** Changes from snapshot `id` to the working tree (against null) or to snapshot `against`. */
export async function rawChanges(
  root: string,
  id: string,
  against: string | null,
  { renames, maxFileBytes = DEFAULT_MAX_FILE_BYTES }: { renames: boolean; maxFileBytes?: number },
): Promise<RawDiff> {
  const repo = await openRepo(root);
  const from = await readIn(repo, id);
  const to = await otherSide(repo, against, maxFileBytes);
  return { repo, fromTree: from.tree, toTree: to.tree, changes: await changesBetween(repo, from, to, renames) };
}

function statusOf(change: RawChange): FileChangeStatus {
  if (change.status === 'A') return 'added';
  if (change.status === 'D') return 'deleted';
  return change.oldOid === change.newOid && change.oldMode !== change.newMode ? 'mode' : 'modified';
}

/** Per-file diffs from snapshot `id` to the working tree (against null) or to snapshot `against`. */
export async function snapshotFileChanges(root: string, id: string, against: string | null): Promise<FileChanges> {
  const { repo, changes } = await rawChanges(root, id, against, { renames: false });
  const blobOid = (oid: string, mode: string): string | null => (ZERO_OID.test(oid) || mode === '160000' ? null : oid);
  const sizes = await objectSizes(
    repo.root,
    changes.flatMap((c) => [blobOid(c.oldOid, c.oldMode), blobOid(c.newOid, c.newMode)].filter((oid): oid is string => oid !== null)),
  );
  const contents = new Map<string, Buffer>();
  const read = (oid: string | null): Buffer => (oid ? (contents.get(oid) ?? Buffer.alloc(0)) : Buffer.alloc(0));
  const entries = changes.map((change): ChangedEntry & { oids: string[] } => {
    const oids = [blobOid(change.oldOid, change.oldMode), blobOid(change.newOid, change.newMode)];
    return {
      path: displayPath(change.path),
      status: statusOf(change),
      size: Math.max(...oids.map((oid) => (oid ? (sizes.get(oid) ?? 0) : 0))),
      oids: oids.filter((oid): oid is string => oid !== null),
      load: async () => ({ before: read(oids[0] ?? null), after: read(oids[1] ?? null) }),
    };
  });
  return toFileChanges(entries, async (admitted) => {
    const wanted = new Set((admitted as typeof entries).flatMap((entry) => entry.oids));
    await readBlobs(
      repo.root,
      [...wanted].map((oid) => ({ oid, size: sizes.get(oid) ?? 0 })),
      async (oid, content) => void contents.set(oid, Buffer.from(content)),
    );
  });
}

/** For each snapshot id, how many files differ from the working tree (captured once); null when unknown. */
export async function changedFileCounts(root: string, ids: string[]): Promise<(number | null)[]> {
  if (ids.length === 0) return [];
  const repo = await openRepo(root);
  const current = await currentTree(repo);
  const byId = new Map((await listIn(repo)).map((snapshot) => [snapshot.id, snapshot]));
  const counts: (number | null)[] = [];
  for (const id of ids) {
    const snapshot = byId.get(id);
    counts.push(snapshot ? (await changesBetween(repo, snapshot, current, false)).length : null);
  }
  return counts;
}
