// What the store writes: one manifest per snapshot, and the restore journal.
import { z } from 'zod';

const HASH = z.string().regex(/^[0-9a-f]{64}$/);
export const SNAPSHOT_ID = /^\d{8}T\d{6}Z-[0-9a-f]{8}$/;

export const manifestFileSchema = z.object({
  path: z.string().min(1),
  mode: z.enum(['file', 'exec', 'symlink']),
  hash: HASH.optional(),
  target: z.string().optional(),
  size: z.number().int().nonnegative(),
});

export const leftOutSchema = z.object({ path: z.string(), reason: z.string() });

export const manifestSchema = z.object({
  id: z.string().regex(SNAPSHOT_ID),
  root: z.string(),
  label: z.string(),
  /** ISO time with milliseconds; orders snapshots made within the same second. */
  createdAt: z.string(),
  files: z.array(manifestFileSchema),
  leftOut: z.array(leftOutSchema),
  /** Content bytes this snapshot added to the store when it was made (informational). */
  newBytes: z.number().int().nonnegative().optional(),
});

export type ManifestFile = z.infer<typeof manifestFileSchema>;
export type SnapshotManifest = z.infer<typeof manifestSchema>;

export const journalOpSchema = z.discriminatedUnion('op', [
  /** Unlink a file or symlink (absent: done). */
  z.object({ op: z.literal('remove'), path: z.string() }),
  /** Remove a directory a restored file replaces (absent: done). */
  z.object({ op: z.literal('rmdir'), path: z.string() }),
  /** Create a restored file's directory (recursive: idempotent). */
  z.object({ op: z.literal('mkdir'), path: z.string() }),
  /** Move a prepared temp onto its target (temp absent: already renamed). */
  z.object({ op: z.literal('rename'), temp: z.string(), path: z.string() }),
  /** Tidy a directory a removal emptied (absent or not empty: left as is). */
  z.object({ op: z.literal('rmdirIfEmpty'), path: z.string() }),
]);

export type JournalOp = z.infer<typeof journalOpSchema>;

export const journalSchema = z.object({
  version: z.literal(1),
  /** preparing: temps being written, the tree untouched; committing: past the commit point. */
  state: z.enum(['preparing', 'committing']),
  root: z.string(),
  snapshotId: z.string(),
  startedAt: z.string(),
  /** The staging folder of the temps, relative to the root; absent when every temp sits beside its file. */
  staging: z.string().optional(),
  restored: z.array(z.string()),
  removed: z.array(z.string()),
  ops: z.array(journalOpSchema),
});

export type RestoreJournal = z.infer<typeof journalSchema>;
