// What every journal repository shares: the database it reads and writes.
import type { JournalDatabase } from '../database';

/** A journal row asked for by id that is not there. */
export class NotFoundError extends Error {
  readonly code = 'not-found';
}

/** One group of the journal's tables; `watchJournal` wraps the methods of every instance. */
export abstract class Repository {
  constructor(protected readonly db: JournalDatabase) {}
}

export const now = (): string => new Date().toISOString();
