// The files that differ between a snapshot and the tree (or another
// snapshot), as the UI shows them: one unified diff per text file, within
// limits, so a snapshot of a huge change cannot flood the client.
import type { FileChange, FileChangeStatus } from '../../shared/model';
import { lineCounts, unifiedDiff } from '../edits/planEdit';

/** Files whose diff is computed; later ones are listed with an empty diff. */
export const MAX_DIFFED_FILES = 2000;
/** A file larger than this (on either side) is listed without its diff. */
export const MAX_DIFFED_FILE_BYTES = 1024 * 1024;
/** Content loaded for diffs, in all. */
export const MAX_LOADED_BYTES = 64 * 1024 * 1024;
/** Diff text returned, in all. */
export const MAX_DIFF_TEXT = 8 * 1024 * 1024;

export interface ChangedEntry {
  path: string;
  status: FileChangeStatus;
  /** The larger side's size in bytes. */
  size: number;
  /** Both sides' content (empty for the side that does not exist). */
  load(): Promise<{ before: Buffer; after: Buffer }>;
}

export interface FileChanges {
  files: FileChange[];
  truncated: boolean;
}

/**
 * Diffs `entries` in order. `prefetch` is told first which entries will be
 * loaded, so a store can read their content in one batch.
 */
export async function toFileChanges(
  entries: ChangedEntry[],
  prefetch: (admitted: ChangedEntry[]) => Promise<void> = async () => undefined,
): Promise<FileChanges> {
  let loaded = 0;
  let truncated = false;
  const admitted = new Set<ChangedEntry>();
  for (const entry of entries) {
    if (entry.status === 'mode') continue;
    if (admitted.size < MAX_DIFFED_FILES && entry.size <= MAX_DIFFED_FILE_BYTES && loaded + entry.size <= MAX_LOADED_BYTES) {
      admitted.add(entry);
      loaded += entry.size;
    } else truncated = true;
  }
  await prefetch([...admitted]);
  let text = 0;
  const files: FileChange[] = [];
  for (const entry of entries) {
    const change: FileChange = { path: entry.path, status: entry.status, diff: '', additions: 0, deletions: 0, binary: false };
    files.push(change);
    if (!admitted.has(entry)) continue;
    const { before, after } = await entry.load();
    if (!isText(before) || !isText(after)) {
      change.binary = true;
      continue;
    }
    if (text >= MAX_DIFF_TEXT) {
      truncated = true;
      continue;
    }
    const edit = { file: entry.path, before: before.toString('utf8'), after: after.toString('utf8') };
    change.diff = unifiedDiff(edit);
    Object.assign(change, lineCounts(edit));
    text += change.diff.length;
  }
  return { files, truncated };
}

/** Text: valid UTF-8 with no NUL byte. */
export function isText(content: Buffer): boolean {
  if (content.includes(0)) return false;
  return Buffer.from(content.toString('utf8'), 'utf8').equals(content);
}

/** The files an emergency rollback restores: the build's manifests and toolchain pins. */
export function isEmergencyManifest(path: string): boolean {
  const parts = path.split('/');
  const name = parts[parts.length - 1]!;
  const parent = parts[parts.length - 2];
  return (
    name === 'Cargo.toml' ||
    name === 'Cargo.lock' ||
    name === 'rust-toolchain' ||
    name === 'rust-toolchain.toml' ||
    name === 'Makefile' ||
    name.startsWith('Dockerfile') ||
    (parent === '.cargo' && name.startsWith('config'))
  );
}
