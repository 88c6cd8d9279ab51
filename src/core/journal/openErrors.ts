// What went wrong opening the journal, in words that name the file and say
// what to do: SQLite's own messages ("file is not a database", "unable to
// open database file") name neither.
import { statSync } from 'node:fs';
import { dirname } from 'node:path';

export class JournalOpenError extends Error {
  constructor(
    readonly file: string,
    /** SQLite's or the file system's code, e.g. SQLITE_NOTADB, EACCES. */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'JournalOpenError';
  }
}

/** The failures a reader gets round by reading a private copy: the journal or its folder cannot be written. */
export function isReadOnlyFailure(error: unknown): boolean {
  const code = codeOf(error);
  return code.startsWith('SQLITE_READONLY') || code === 'EACCES' || code === 'EPERM' || code === 'EROFS';
}

export function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** `error`, thrown while opening `file`, as a JournalOpenError (anything already explained passes through). */
export function explainOpenError(file: string, error: unknown): Error {
  if (!(error instanceof Error) || error instanceof JournalOpenError || error.name === 'JournalSchemaError') return error as Error;
  const code = codeOf(error);
  const elsewhere = 'or set STEPWISE_HOME to another folder';
  const say = (what: string, remedy: string): JournalOpenError =>
    new JournalOpenError(file, code, `Journal ${file} ${what} (${code || error.message}). ${remedy}`);
  if (code === 'SQLITE_NOTADB') {
    return say('is not a SQLite database: another program\'s file, or one damaged beyond reading', `Move it aside (mv "${file}" "${file}.broken") and Stepwise starts a new journal, ${elsewhere}.`);
  }
  if (code.startsWith('SQLITE_CORRUPT')) {
    return say('is damaged', `Keep a copy, then try \`sqlite3 "${file}" .recover > recovered.sql\`; or move it aside and Stepwise starts a new journal, ${elsewhere}.`);
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return say(
      'cannot be written by you',
      `Make it and its folder ${dirname(file)} writable, ${elsewhere}. \`stepwise export\` and \`stepwise sessions list\` can still read it.`,
    );
  }
  if (code === 'SQLITE_CANTOPEN') {
    if (isFolder(file)) return say('is a folder, not a file', `Move it aside, ${elsewhere}.`);
    return say('cannot be opened', `Check that ${dirname(file)} is a folder you may read and write, ${elsewhere}.`);
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return say('cannot be written: the disk is full', 'Free some space and start Stepwise again.');
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return say('is locked by another program', 'Close the program that holds it (another Stepwise, a SQLite browser) and try again.');
  }
  if (code.startsWith('SQLITE_IOERR')) return say('could not be read or written (an I/O error)', `Check the disk holding ${dirname(file)}, ${elsewhere}.`);
  return error;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
