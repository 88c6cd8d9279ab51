// What a journal holds committed, as another process reads it, and what a
// later reading may differ in: for the kill tests, which read the journal
// while an engine writes it, kill the engine, and check that nothing
// committed was lost or changed where it was final. Runs' output is compared
// by hash (finished runs' output, hashed once and cached while polling).
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';

/** A table's rows by key (its rowid; run_output's (run_id, seq), since each save replaces the row). */
export type Rows = Map<string, Map<string, Record<string, unknown>>>;

/**
 * Columns a later write may change. Every other column of a row stays as it
 * was first committed, and a finished run (and its output) does not change at all.
 */
const MUTABLE: Record<string, readonly string[]> = {
  projects: ['last_opened_at'],
  sessions: ['plan_json', 'plan_title', 'params_json', 'trusted'],
  step_states: ['status', 'last_run_id', 'updated_at'],
  runs: ['ended_at', 'exit_code', 'duration_ms', 'status', 'tree', 'output_bytes', 'output_kept_bytes'],
  run_output: ['chunk'],
  issues: [
    'run_id', 'severity', 'message', 'file', 'line', 'col', 'rendered', 'occurrences', 'state', 'updated_at',
    'note', 'wontfix_reason', 'fixed_by_run_id', 'fix_diff',
  ],
};

/** Mutable columns that only grow (ISO times compare as text). */
const GROWING: Record<string, readonly string[]> = {
  projects: ['last_opened_at'],
  step_states: ['updated_at'],
  runs: ['output_bytes'],
  issues: ['occurrences', 'updated_at'],
};

/** Reads every row of every table; `outputHashes` keeps finished runs' output hashes between readings (pass a new map to hash afresh). */
export function readRows(db: Database.Database, outputHashes = new Map<string, string>()): Rows {
  const rows: Rows = new Map();
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[];
  // One read transaction: every table as of the same commit.
  db.transaction(() => {
    for (const table of tables) {
      const byKey = new Map<string, Record<string, unknown>>();
      if (table === 'run_output') {
        const read = db.prepare(
          `SELECT o.run_id, o.seq, r.status <> 'running' AS final FROM run_output o JOIN runs r ON r.id = o.run_id`,
        ).all() as { run_id: number; seq: number; final: number }[];
        const chunk = db.prepare('SELECT chunk FROM run_output WHERE run_id = ? AND seq = ?').pluck();
        for (const { run_id, seq, final } of read) {
          const key = `${run_id}/${seq}`;
          // A running run's output is rewritten as it grows: only a finished one's is hashed.
          let hash = final ? outputHashes.get(key) : 'running';
          if (hash === undefined) {
            hash = createHash('sha1').update(chunk.get(run_id, seq) as string).digest('hex');
            outputHashes.set(key, hash);
          }
          byKey.set(key, { run_id, seq, chunk: hash });
        }
      } else {
        for (const row of db.prepare(`SELECT rowid AS _rowid, * FROM "${table}"`).all() as Record<string, unknown>[]) {
          const { _rowid, ...rest } = row;
          byKey.set(String(_rowid), rest);
        }
      }
      rows.set(table, byKey);
    }
  })();
  return rows;
}

/** Reads a journal file as another process: read-only, opened once it exists with its schema; null until then. */
export class JournalReader {
  private db: Database.Database | null = null;
  private readonly outputHashes = new Map<string, string>();

  constructor(readonly file: string) {}

  read(): Rows | null {
    if (!this.db) {
      if (!existsSync(this.file)) return null;
      try {
        this.db = new Database(this.file, { readonly: true, fileMustExist: true });
        this.db.pragma('busy_timeout = 1000');
      } catch {
        return null; // being created
      }
    }
    try {
      const rows = readRows(this.db, this.outputHashes);
      return rows.has('runs') ? rows : null; // not migrated yet
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_BUSY') return null;
      throw error;
    }
  }

  close(): void {
    this.db?.close();
    this.db = null;
  }
}

/** What `later` lost or changed of `seen`, against the rules above; empty when nothing. */
export function rowChanges(seen: Rows, later: Rows): string[] {
  const problems: string[] = [];
  for (const [table, rows] of seen) {
    const now = later.get(table);
    for (const [key, row] of rows) {
      const after = now?.get(key);
      if (!after) {
        problems.push(`${table} ${key} was committed, and is gone: ${JSON.stringify(row).slice(0, 300)}`);
        continue;
      }
      const runId = table === 'runs' ? Number(key) : table === 'run_output' ? (row.run_id as number) : null;
      const finished = runId !== null && seen.get('runs')?.get(String(runId))?.status !== 'running';
      const mutable = finished ? [] : (MUTABLE[table] ?? []);
      for (const column of Object.keys(row)) {
        const [was, is] = [row[column], after[column]];
        if (mutable.includes(column)) {
          if (GROWING[table]?.includes(column) && was !== null && (is === null || (is as number | string) < (was as number | string))) {
            problems.push(`${table} ${key}: ${column} went back from ${String(was)} to ${String(is)}`);
          }
        } else if (was !== is) {
          problems.push(`${table} ${key}: ${column} was ${JSON.stringify(was)?.slice(0, 200)}, is ${JSON.stringify(is)?.slice(0, 200)}`);
        }
      }
    }
  }
  return problems;
}

/** Rows of `table` as a list (in key order). */
export function rowsOf(rows: Rows, table: string): Record<string, unknown>[] {
  return [...(rows.get(table)?.values() ?? [])];
}
