// Opens the journal database and brings its schema up to date, refusing any
// database whose migration history is not a prefix of ours.
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations';

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

export function openDatabase(file: string, options: OpenDatabaseOptions = {}): SqliteDatabase {
  if (options.readonly) return openReadOnly(file, options);
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    db.pragma('journal_mode = WAL');
    // NORMAL is durable in WAL mode against application crashes, which is the
    // failure we guard against; FULL only adds power-loss durability.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, file, options.migrations ?? MIGRATIONS);
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
    const applied = db.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all() as AppliedRow[];
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

function migrate(db: SqliteDatabase, file: string, migrations: readonly Migration[]): void {
  const tables = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
    .pluck()
    .all() as string[];
  if (tables.length > 0 && !tables.includes('schema_migrations')) {
    throw new JournalSchemaError(file, `it is not a Stepwise journal (it has tables ${tables.join(', ')} but no schema_migrations)`);
  }
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = db
    .prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version')
    .all() as AppliedRow[];
  checkHistory(applied, file, migrations);

  const record = db.prepare(
    'INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)',
  );
  for (const migration of migrations.slice(applied.length)) {
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
        `it has migration ${row.version} (${row.name}), which this version of Stepwise does not know; it was written by a newer or different build`,
      );
    }
    if (checksum(known) !== row.checksum) {
      throw new JournalSchemaError(file, `migration ${row.version} (${row.name}) differs from this build's; its history has drifted`);
    }
  });
}

export function schemaVersion(db: SqliteDatabase): number {
  return (db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get() as number | null) ?? 0;
}
