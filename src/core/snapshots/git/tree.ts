// Reading trees, tree diffs and blobs with -z output parsed as bytes.
import { git, gitBuffer } from './exec';
import { keyOf, splitNul } from './paths';

export interface TreeEntry {
  /** Octal mode as git prints it: 100644, 100755, 120000 (symlink), 160000 (submodule). */
  mode: string;
  type: 'blob' | 'commit' | 'tree';
  oid: string;
  /** Blob size in bytes; 0 for submodules. */
  size: number;
  path: Buffer;
}

/** Every file (recursively) of a tree or commit, keyed by path (see keyOf). */
export async function listTree(root: string, treeish: string): Promise<Map<string, TreeEntry>> {
  const out = await gitBuffer(root, ['ls-tree', '-r', '-z', '-l', '--full-tree', treeish], { maxBuffer: 1024 * 1024 * 1024 });
  const entries = new Map<string, TreeEntry>();
  for (const record of splitNul(out)) {
    const tab = record.indexOf(0x09);
    if (tab < 0) continue;
    const [mode, type, oid, size] = record.subarray(0, tab).toString('utf8').trim().split(/\s+/);
    if (!mode || !type || !oid) continue;
    const path = Buffer.from(record.subarray(tab + 1));
    entries.set(keyOf(path), { mode, type: type as TreeEntry['type'], oid, size: Number(size) || 0, path });
  }
  return entries;
}

export interface RawChange {
  oldMode: string;
  newMode: string;
  oldOid: string;
  newOid: string;
  /** A, D, M, T, R (with -M), ... */
  status: string;
  path: Buffer;
  /** Source path of a rename. */
  oldPath?: Buffer;
}

/** Unified diff between two trees (or commits), limited to the folder `root`. */
export function diffTrees(root: string, from: string, to: string): Promise<string> {
  return git(root, ['diff', '--no-color', '--no-ext-diff', from, to, '--', '.']);
}

/** `git diff-tree -r --raw -z` between two trees or commits. */
export async function diffTreesRaw(root: string, from: string, to: string, renames: boolean): Promise<RawChange[]> {
  const out = await gitBuffer(
    root,
    ['diff-tree', '-r', '-z', '--raw', '--full-index', renames ? '-M' : '--no-renames', from, to],
    { maxBuffer: 1024 * 1024 * 1024 },
  );
  const parts = splitNul(out);
  const changes: RawChange[] = [];
  for (let i = 0; i < parts.length; i++) {
    const head = parts[i]!.toString('utf8');
    if (!head.startsWith(':')) continue;
    const [oldMode, newMode, oldOid, newOid, status] = head.slice(1).split(' ');
    if (!oldMode || !newMode || !oldOid || !newOid || !status) continue;
    if (status.startsWith('R') || status.startsWith('C')) {
      const src = parts[++i];
      const dst = parts[++i];
      if (!src || !dst) break;
      changes.push({ oldMode, newMode, oldOid, newOid, status: status[0]!, path: Buffer.from(dst), oldPath: Buffer.from(src) });
    } else {
      const path = parts[++i];
      if (!path) break;
      changes.push({ oldMode, newMode, oldOid, newOid, status: status[0]!, path: Buffer.from(path) });
    }
  }
  return changes;
}

const BATCH_BYTES = 128 * 1024 * 1024;

/**
 * Contents of blobs, read with `git cat-file --batch` in batches of at most
 * ~128 MiB, each handed to `use` before the next batch is read.
 */
export async function readBlobs(
  root: string,
  blobs: { oid: string; size: number }[],
  use: (oid: string, content: Buffer) => Promise<void>,
): Promise<void> {
  let i = 0;
  while (i < blobs.length) {
    const batch: string[] = [];
    let bytes = 0;
    while (i < blobs.length && (batch.length === 0 || bytes + blobs[i]!.size < BATCH_BYTES)) {
      batch.push(blobs[i]!.oid);
      bytes += blobs[i]!.size + 128;
      i++;
    }
    const out = await gitBuffer(root, ['cat-file', '--batch'], { input: batch.join('\n') + '\n', maxBuffer: bytes + 1024 * 1024 });
    let at = 0;
    for (const oid of batch) {
      const eol = out.indexOf(0x0a, at);
      if (eol < 0) throw new Error(`git cat-file ended early while reading ${oid}`);
      const header = out.subarray(at, eol).toString('utf8').split(' ');
      if (header[1] === 'missing' || header.length < 3) throw new Error(`Snapshot object ${oid} is missing from the repository`);
      const size = Number(header[2]);
      const content = out.subarray(eol + 1, eol + 1 + size);
      at = eol + 1 + size + 1;
      await use(oid, content);
    }
  }
}

/** Sizes of objects by id (`git cat-file --batch-check`); missing ones are absent. */
export async function objectSizes(root: string, oids: string[]): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  if (oids.length === 0) return sizes;
  const out = await gitBuffer(root, ['cat-file', '--batch-check'], { input: oids.join('\n') + '\n', maxBuffer: 256 * 1024 * 1024 });
  for (const line of out.toString('utf8').split('\n')) {
    const [oid, type, size] = line.split(' ');
    if (oid && type && type !== 'missing' && size) sizes.set(oid, Number(size));
  }
  return sizes;
}
