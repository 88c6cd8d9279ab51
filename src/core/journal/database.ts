// Opens the journal database and brings its schema up to date, refusing any
// database whose migration history is not a prefix of ours.
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database, { type RunResult, type Statement } from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations';
import { explainOpenError } from './openErrors';

export type SqliteDatabase = Database.Database;

export class JournalSchemaError extends Error {
  constructor(file: string, reason: string) {
    super(`Journal ${file} cannot be used: ${reason}`);
    this.name = 'JournalSchemaError';
  }
}

export interface OpenDatabaseOptions {
  /** Path of a better_sqlite3.node built for this runtime (Electron's differs from Node's). */
  nativeBinding?: string;
  migrations?: readonly Migration[];
  /**
   * A second, read-only connection for long reads (a guide export) that must
   * not hold the engine's writer. It migrates nothing: the journal must
   * already be at this build's schema.
   */
  readonly?: boolean;
}

export function checksum(migration: Migration): string {
  return createHash('sha256').update(migration.sql).digest('hex').slice(0, 16);
}

/** Opens (creating, migrating) the journal; a failure names the file and what to do about it. */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): SqliteDatabase {
  try {
    return options.readonly ? openReadOnly(file, options) : openReadWrite(file, options);
  } catch (error) {
    throw explainOpenError(file, error);
  }
}

function openReadWrite(file: string, options: OpenDatabaseOptions): SqliteDatabase {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    db.pragma('busy_timeout = 5000');
    const migrations = options.migrations ?? MIGRATIONS;
    // Read before anything is written (WAL mode is written into the file's header):
    // another program's database, or a newer Stepwise's journal, is left exactly as it was.
    checkHistory(appliedMigrations(db, file), file, migrations);
    db.pragma('journal_mode = WAL');
    // NORMAL is durable in WAL mode against application crashes, which is the
    // failure we guard against; FULL only adds power-loss durability.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

function openReadOnly(file: string, options: OpenDatabaseOptions): SqliteDatabase {
  const db = new Database(file, { readonly: true, fileMustExist: true, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
  try {
    db.pragma('busy_timeout = 5000');
    const migrations = options.migrations ?? MIGRATIONS;
    const applied = appliedMigrations(db, file);
    checkHistory(applied, file, migrations);
    if (applied.length !== migrations.length) {
      throw new JournalSchemaError(file, `it is at migration ${applied.length} of ${migrations.length}; open it read-write first`);
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The migrations a journal has had, read without writing; a database with other tables and none is another program's. */
function appliedMigrations(db: SqliteDatabase, file: string): AppliedRow[] {
  const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[]).map(
    (row) => row.name,
  );
  if (tables.length > 0 && !tables.includes('schema_migrations')) {
    throw new JournalSchemaError(file, `it is not a Stepwise journal (it has tables ${tables.join(', ')} but no schema_migrations): another program's database. Set STEPWISE_HOME to another folder, or move it aside`);
  }
  if (tables.length === 0) return [];
  return db.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all() as AppliedRow[];
}

/** Applies this build's migrations that the journal (its history already checked) has not had. */
function migrate(db: SqliteDatabase, migrations: readonly Migration[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const { applied } = db.prepare('SELECT COUNT(*) AS applied FROM schema_migrations').get() as { applied: number };
  const record = db.prepare(
    'INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)',
  );
  for (const migration of migrations.slice(applied)) {
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, checksum(migration), new Date().toISOString());
    })();
  }
}

/** Refuses a history that is not a prefix of ours: unknown or edited migrations. */
function checkHistory(applied: AppliedRow[], file: string, migrations: readonly Migration[]): void {
  applied.forEach((row, index) => {
    const known = migrations[index];
    if (!known || known.version !== row.version) {
      throw new JournalSchemaError(
        file,
        `it has migration ${row.version} (${row.name}), which this version of Stepwise does not know; it was written by a newer or different build. ` +
          'Open it with the Stepwise that wrote it, or set STEPWISE_HOME to another folder',
      );
    }
    if (checksum(known) !== row.checksum) {
      throw new JournalSchemaError(
        file,
        `migration ${row.version} (${row.name}) differs from this build's; its history has drifted. Open it with the Stepwise that wrote it, or set STEPWISE_HOME to another folder`,
      );
    }
  });
}

export function schemaVersion(db: SqliteDatabase): number {
  return (db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null }).version ?? 0;
}

/**
 * The open journal database: every query goes through here, each SQL text
 * prepared once and its statement reused. Rows come back as objects keyed by
 * column name (never by position: a new column must not shift the others).
 */
export class JournalDatabase {
  private readonly statements = new Map<string, Statement<unknown[]>>();

  constructor(
    readonly file: string,
    private readonly db: SqliteDatabase,
  ) {}

  static open(file: string, options: OpenDatabaseOptions = {}): JournalDatabase {
    return new JournalDatabase(file, openDatabase(file, options));
  }

  /** The first row, or undefined. */
  get<Row>(sql: string, ...params: unknown[]): Row | undefined {
    return this.statement(sql).get(...params) as Row | undefined;
  }

  all<Row>(sql: string, ...params: unknown[]): Row[] {
    return this.statement(sql).all(...params) as Row[];
  }

  /** Rows one at a time; the connection is busy until the iterator is done. */
  iterate<Row>(sql: string, ...params: unknown[]): IterableIterator<Row> {
    return this.statement(sql).iterate(...params) as IterableIterator<Row>;
  }

  run(sql: string, ...params: unknown[]): RunResult {
    return this.statement(sql).run(...params);
  }

  /** Runs `fn` in one transaction: all of its writes land, or none. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  close(): void {
    this.db.close();
  }

  private statement(sql: string): Statement<unknown[]> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
