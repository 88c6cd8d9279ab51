// Snapshot metadata lives in the snapshot commit's message: the label on the
// first line, then trailer lines that listSnapshots parses back.
import { escapePath, pathInfo, unescapePath, type PathInfo } from './paths';

export const SNAPSHOT_REF_PREFIX = 'refs/stepwise/snapshots/';

export interface LeftOut extends PathInfo {
  reason: 'too-large';
  /** Size when the snapshot was taken. */
  size?: number;
}

export interface SnapshotInfo {
  /** e.g. 20261124T031500Z-1a2b3c4d: UTC time of creation, then 8 random hex digits. Sorts by time. */
  id: string;
  ref: string;
  commit: string;
  tree: string;
  label: string;
  /** ISO 8601 (UTC). */
  createdAt: string;
  /** Files (regular files and symlinks) in the snapshot. */
  fileCount: number;
  /** Total size of those files. */
  bytes: number;
  /** Files in the working tree that the snapshot does not contain. */
  leftOut: LeftOut[];
}

export interface SnapshotMeta {
  id: string;
  label: string;
  createdAt: string;
  fileCount: number;
  bytes: number;
  leftOut: { path: Buffer; size: number }[];
}

const T = {
  id: 'Stepwise-Snapshot-Id',
  createdAt: 'Stepwise-Created-At',
  fileCount: 'Stepwise-File-Count',
  bytes: 'Stepwise-Bytes',
  leftOut: 'Stepwise-Left-Out',
} as const;

/** One line, no control characters: the label is the commit's subject. */
export function cleanLabel(label: string): string {
  return label.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim() || 'snapshot';
}

export function formatMessage(meta: SnapshotMeta): string {
  const lines = [
    cleanLabel(meta.label),
    '',
    `${T.id}: ${meta.id}`,
    `${T.createdAt}: ${meta.createdAt}`,
    `${T.fileCount}: ${meta.fileCount}`,
    `${T.bytes}: ${meta.bytes}`,
    // "too-large <size> <escaped path>": %XX for spaces, '%' and bytes outside printable ASCII.
    ...meta.leftOut.map(({ path, size }) => `${T.leftOut}: too-large ${size} ${escapePath(path)}`),
  ];
  return lines.join('\n') + '\n';
}

/** Parses a message written by formatMessage; fields it lacks are undefined (e.g. refs made by pinWorkTree). */
export function parseMessage(message: string): Partial<SnapshotMeta> & { label: string; leftOut: { path: Buffer; size: number }[] } {
  const lines = message.split('\n');
  const result: Partial<SnapshotMeta> & { label: string; leftOut: { path: Buffer; size: number }[] } = {
    label: lines[0] ?? '',
    leftOut: [],
  };
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(': ');
    if (colon < 0) continue;
    const key = line.slice(0, colon);
    const value = line.slice(colon + 2);
    if (key === T.id) result.id = value.trim();
    else if (key === T.createdAt) result.createdAt = value.trim();
    else if (key === T.fileCount) result.fileCount = Number(value);
    else if (key === T.bytes) result.bytes = Number(value);
    else if (key === T.leftOut) {
      const match = /^too-large (\d+) (.*)$/.exec(value);
      if (match) result.leftOut.push({ size: Number(match[1]), path: unescapePath(match[2]!) });
    }
  }
  return result;
}

export function leftOutInfo(leftOut: { path: Buffer; size: number }[]): LeftOut[] {
  return leftOut.map(({ path, size }) => ({ ...pathInfo(path), reason: 'too-large', size }));
}

/** A new id: UTC time to the second, then 8 random hex digits. */
export function newSnapshotId(now: Date, random: string): string {
  return `${now.toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '')}-${random}`;
}
