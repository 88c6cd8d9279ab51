// Why a write failed when the reason is the disk, not a bug: it is full, over
// quota, read-only, or failing. One reading of SQLite's codes (the journal),
// Node's errno codes (files) and git's messages (snapshots), so the journal's
// banner, an export and a snapshot say the same words.
import { dirname } from 'node:path';
import type { JournalProblem } from '../../../shared/contract';
import { codeOf } from '../../journal/openErrors';

export type WriteFailureKind = JournalProblem['kind'];

export interface WriteFailure {
  kind: WriteFailureKind;
  /** SQLite's or the system's code: SQLITE_FULL, ENOSPC, SQLITE_IOERR_WRITE, EROFS... */
  code: string;
}

/** Git says why in its message ("fatal: …: No space left on device"), with no code. */
const MESSAGES: [RegExp, WriteFailure][] = [
  [/No space left on device/i, { kind: 'full', code: 'ENOSPC' }],
  [/Disk quota exceeded/i, { kind: 'quota', code: 'EDQUOT' }],
  [/Read-only file system/i, { kind: 'readonly', code: 'EROFS' }],
  [/Input\/output error/i, { kind: 'io', code: 'EIO' }],
];

/** The disk's reason for `error`, or null when the write failed for another reason (a bug, a missing folder...). */
export function writeFailure(error: unknown): WriteFailure | null {
  const code = codeOf(error);
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return { kind: 'full', code };
  if (code === 'EDQUOT') return { kind: 'quota', code };
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS') return { kind: 'readonly', code };
  // SQLITE_IOERR_NOMEM is memory, not the disk.
  if ((code.startsWith('SQLITE_IOERR') && code !== 'SQLITE_IOERR_NOMEM') || code === 'EIO') return { kind: 'io', code };
  if (code) return null;
  const message = error instanceof Error ? error.message : '';
  return MESSAGES.find(([pattern]) => pattern.test(message))?.[1] ?? null;
}

/** What is wrong with the disk holding `folder`: "the disk holding /data is full". */
export function describeWriteFailure({ kind }: WriteFailure, folder: string): string {
  switch (kind) {
    case 'full':
      return `the disk holding ${folder} is full`;
    case 'quota':
      return `your disk quota on the disk holding ${folder} is used up`;
    case 'readonly':
      return `${folder} cannot be written (read-only)`;
    case 'io':
      return `the disk holding ${folder} reports I/O errors`;
  }
}

/** What the user can do about it. */
export function remedyFor({ kind }: WriteFailure): string {
  switch (kind) {
    case 'full':
    case 'quota':
      return 'Free some space there';
    case 'readonly':
      return 'Make it writable again (a disk remounted read-only needs to be remounted read-write)';
    case 'io':
      return 'Check the disk (the system log says more)';
  }
}

/**
 * A failed write of `path` as an error that says so and why: "Could not write
 * /x/guide.md: the disk holding /x is full (ENOSPC). Free some space there and
 * try again." Other failures keep their own message.
 */
export function explainWriteError(path: string, error: unknown): Error {
  const failure = writeFailure(error);
  const message = error instanceof Error ? error.message : String(error);
  if (!failure) return new Error(`Could not write ${path}: ${message}`, { cause: error });
  return new Error(`Could not write ${path}: ${describeWriteFailure(failure, dirname(path))} (${failure.code}). ${remedyFor(failure)} and try again.`, {
    cause: error,
  });
}
