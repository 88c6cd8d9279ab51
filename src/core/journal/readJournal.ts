// The journal as a reader opens it (`stepwise export`, `stepwise sessions
// list`): in place when it can, else from a private copy. A journal that the
// user cannot write (a read-only mount, a backup, another user's files) is
// still theirs to read; SQLite cannot read a WAL journal in place without
// creating its -shm file beside it, which such a folder refuses.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Journal } from './journal';
import { codeOf, isReadOnlyFailure, JournalOpenError } from './openErrors';

export interface ReadableJournal {
  journal: Journal;
  /** Said to the user when the journal was read from a copy; null when read in place. */
  note: string | null;
  close(): void;
}

export function openJournalForReading(file: string): ReadableJournal {
  try {
    const journal = Journal.open(file);
    return { journal, note: null, close: () => journal.close() };
  } catch (error) {
    if (!isReadOnlyFailure(error)) throw error;
    return openCopy(file, codeOf(error));
  }
}

/** The journal as the data directory's lock holder opens it: in place, read-write. */
export function openJournalToWrite(file: string): ReadableJournal {
  const journal = Journal.open(file);
  return { journal, note: null, close: () => journal.close() };
}

function openCopy(file: string, code: string): ReadableJournal {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-journal-copy-'));
  try {
    const copy = join(dir, 'journal.sqlite');
    copyFileSync(file, copy);
    // Committed rows not yet checkpointed live in the WAL: copied too, they are read as SQLite would read them in place.
    if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`);
    const journal = Journal.open(copy);
    return {
      journal,
      note: `${file} cannot be written here (${code}): reading a private copy of it.`,
      close: () => {
        journal.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    if (error instanceof JournalOpenError) throw error;
    throw new JournalOpenError(file, codeOf(error), `Journal ${file} cannot be read: ${(error as Error).message}. Check you may read it, or set STEPWISE_HOME to another folder.`);
  }
}
