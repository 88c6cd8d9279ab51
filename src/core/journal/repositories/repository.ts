// What every journal repository shares: the database it reads and writes.
import type { JournalDatabase } from '../database';

/** A journal row asked for by id that is not there. */
export class NotFoundError extends Error {
  readonly code = 'not-found';
}

/** One group of the journal's tables; `watchJournal` wraps the methods of every instance. */
export abstract class Repository {
  constructor(protected readonly db: JournalDatabase) {}

  /** The row of `table` with this id, as a record; a NotFoundError naming the `noun` when there is none. */
  protected byId<Row, T>(table: string, noun: string, id: number, toRecord: (row: Row) => T, columns = '*'): T {
    const row = this.db.get<Row>(`SELECT ${columns} FROM ${table} WHERE id = ?`, id);
    if (!row) throw new NotFoundError(`no ${noun} ${id} in the journal`);
    return toRecord(row);
  }

  /** A session's rows of `table`, oldest first, as records. */
  protected ofSession<Row, T>(table: string, sessionId: number, toRecord: (row: Row) => T): T[] {
    return this.db.all<Row>(`SELECT * FROM ${table} WHERE session_id = ? ORDER BY id`, sessionId).map(toRecord);
  }
}

export const now = (): string => new Date().toISOString();
