// Journals and data folders that cannot be used as they are: each error names
// the file and says what to do, and the journal is left exactly as it was.
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { Journal } from '../../../src/core/journal/journal';
import { resolveResourcesDir } from '../../../src/core/platform/fs/paths';
import { PlanRegistry } from '../../../src/core/plans/registry';
import { sessionInput } from '../../../src/core/plans/resolvePlan';
import { sharedFolder, type BadInput, type CaseDirs } from './corpus';

const journalOf = (c: CaseDirs): string => join(c.home, 'journal.sqlite');

/** A real journal with one session of the built-in plan, for a project folder in the case's folder. */
export function writeJournal(c: CaseDirs): string {
  mkdirSync(c.home, { recursive: true });
  const project = sharedFolder(join(c.dir, 'project'));
  const journal = Journal.open(journalOf(c));
  try {
    const { id } = journal.projects.open(project);
    journal.sessions.create(id, sessionInput(new PlanRegistry(resolveResourcesDir()).default, {}, 'builtin', true));
  } finally {
    journal.close();
  }
  return journalOf(c);
}

const digests = new Map<string, string>();
const digest = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
/** Remembers the journal's bytes, so that `unchanged` can tell nothing was written. */
const remember = (c: CaseDirs): void => void digests.set(c.dir, digest(journalOf(c)));
const unchanged = (c: CaseDirs): void => {
  expect(digest(journalOf(c)), 'the journal was changed').toBe(digests.get(c.dir));
  expect(existsSync(join(c.home, 'engine.lock')), 'a lock was left behind').toBe(false);
};

const notADatabase = (c: CaseDirs): void => {
  mkdirSync(c.home, { recursive: true });
  writeFileSync(journalOf(c), 'These are my notes, not a database.\n'.repeat(200));
  remember(c);
};

const foreignDatabase = (c: CaseDirs): void => {
  mkdirSync(c.home, { recursive: true });
  const db = new Database(journalOf(c));
  db.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);');
  db.close();
  remember(c);
};

/** A journal whose history a newer build wrote (a migration this build does not know), or one edited since. */
const alteredHistory = (sql: string) => (c: CaseDirs): void => {
  writeJournal(c);
  const db = new Database(journalOf(c));
  db.exec(sql);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  remember(c);
};

/** Overwrites the middle of a real journal: its header stays, its pages do not. */
const damaged = (c: CaseDirs): void => {
  writeJournal(c);
  const bytes = readFileSync(journalOf(c));
  bytes.fill(0xa5, 4096 * 2, bytes.length - 4096);
  writeFileSync(journalOf(c), bytes);
  remember(c);
};

/** A journal the other user may read but not write; `folderWritable` decides about its folder. */
const readOnlyJournal = (folderWritable: boolean) => (c: CaseDirs): void => {
  writeJournal(c);
  chmodSync(c.home, folderWritable ? 0o777 : 0o755);
  chmodSync(journalOf(c), 0o644);
  remember(c);
};

const fileAsHome = (c: CaseDirs): void => writeFileSync(c.home, 'not a folder\n');

const NOT_A_DB = /Journal .*journal\.sqlite is not a SQLite database.*Move it aside \(mv /;
const FOREIGN = /journal\.sqlite cannot be used: it is not a Stepwise journal \(it has tables invoices but no schema_migrations\)/;

export const JOURNAL_CASES: BadInput[] = [
  { name: 'sessions list of a file that is not a database', setup: notADatabase, args: () => ['sessions', 'list'], code: 1, says: NOT_A_DB, check: unchanged },
  { name: 'export from a file that is not a database', setup: notADatabase, args: () => ['export', '--session', '1'], code: 1, says: NOT_A_DB, check: unchanged },
  { name: 'run on a file that is not a database', setup: notADatabase, args: (c) => ['run', 'rust-wasmtime-upgrade', '--project', c.dir, '--steps', 'record-toolchain'], code: 1, says: NOT_A_DB, check: unchanged },
  { name: 'sessions list of another program\'s SQLite database', setup: foreignDatabase, args: () => ['sessions', 'list'], code: 1, says: FOREIGN, check: unchanged },
  { name: 'snapshots create in another program\'s SQLite database', setup: foreignDatabase, args: (c) => ['snapshots', 'create', '--project', c.dir], code: 1, says: FOREIGN, check: unchanged },
  {
    name: 'a journal written by a newer Stepwise',
    setup: alteredHistory(`INSERT INTO schema_migrations VALUES (999, 'from the future', 'ffff', '2030-01-01T00:00:00Z')`),
    args: () => ['sessions', 'list'],
    code: 1,
    says: /it has migration 999 \(from the future\), which this version of Stepwise does not know.*Open it with the Stepwise that wrote it/,
    check: unchanged,
  },
  {
    name: 'a journal whose migration history was edited',
    setup: alteredHistory(`UPDATE schema_migrations SET checksum = 'deadbeef' WHERE version = 1`),
    args: () => ['export', '--session', '1'],
    code: 1,
    says: /migration 1 \(.*\) differs from this build's; its history has drifted/,
    check: unchanged,
  },
  { name: 'a damaged journal', setup: damaged, args: () => ['sessions', 'list'], code: 1, says: /journal\.sqlite (is damaged|is not a SQLite database).*(\.recover|Move it aside)/, check: unchanged },
  {
    name: 'export of a journal in a read-only folder',
    setup: readOnlyJournal(false),
    asOtherUser: true,
    args: () => ['export', '--session', '1', '--sections', 'summary'],
    code: 0,
    says: /journal\.sqlite cannot be written here \(SQLITE_READONLY_DIRECTORY\): reading a private copy of it/,
    check: (c, result) => {
      unchanged(c);
      expect(result.stdout).toMatch(/^# Upgrade to Rust/);
    },
  },
  {
    name: 'sessions list of a journal in a read-only folder',
    setup: readOnlyJournal(false),
    asOtherUser: true,
    args: () => ['sessions', 'list'],
    code: 0,
    says: /reading a private copy of it/,
    check: (c, result) => {
      unchanged(c);
      expect(result.stdout).toMatch(/rust-wasmtime-upgrade/);
    },
  },
  {
    name: 'run with a journal in a read-only folder',
    setup: readOnlyJournal(false),
    asOtherUser: true,
    args: (c) => ['run', 'rust-wasmtime-upgrade', '--project', join(c.dir, 'project'), '--steps', 'record-toolchain'],
    code: 1,
    says: /Cannot take the lock .*engine\.lock: EACCES.*set STEPWISE_HOME to a folder you can write/,
    check: unchanged,
  },
  {
    name: 'run with a read-only journal in a writable folder',
    setup: readOnlyJournal(true),
    asOtherUser: true,
    args: (c) => ['run', 'rust-wasmtime-upgrade', '--project', join(c.dir, 'project'), '--steps', 'record-toolchain'],
    code: 1,
    says: /Journal .*journal\.sqlite cannot be written by you \(SQLITE_READONLY.*\)\. Make it and its folder .* writable, or set STEPWISE_HOME to another folder/,
    check: unchanged,
  },
  {
    name: 'a journal that is a folder',
    setup: (c) => mkdirSync(journalOf(c), { recursive: true }),
    args: () => ['sessions', 'list'],
    code: 1,
    says: /Journal .*journal\.sqlite is a folder, not a file \(SQLITE_CANTOPEN\)\. Move it aside, or set STEPWISE_HOME to another folder/,
  },
  { name: 'STEPWISE_HOME that is a file, listing sessions', setup: fileAsHome, args: () => ['sessions', 'list'], code: 1, says: /The data folder .* \(STEPWISE_HOME\) is not a folder: it is a file\. Point STEPWISE_HOME at a folder/ },
  { name: 'STEPWISE_HOME that is a file, exporting', setup: fileAsHome, args: () => ['export', '--session', '1'], code: 1, says: /The data folder .* \(STEPWISE_HOME\) is not a folder: it is a file/ },
  { name: 'STEPWISE_HOME that is a file, serving', setup: fileAsHome, args: () => ['serve', '--no-open'], code: 1, says: /The data folder .* \(STEPWISE_HOME\) is not a folder: it is a file/ },
  {
    name: 'STEPWISE_HOME beneath a file',
    setup: fileAsHome,
    env: (c) => ({ STEPWISE_HOME: join(c.home, 'deeper') }),
    args: (c) => ['snapshots', 'create', '--project', c.dir],
    code: 1,
    says: /The data folder .*deeper \(STEPWISE_HOME\) is not a folder: a file stands on its path/,
  },
  {
    name: 'STEPWISE_HOME in a folder the user may not write',
    setup: (c) => chmodSync(c.dir, 0o755),
    asOtherUser: true,
    args: (c) => ['run', 'rust-wasmtime-upgrade', '--project', c.dir, '--steps', 'record-toolchain'],
    code: 1,
    says: /Cannot create the data folder .*data \(STEPWISE_HOME\): EACCES.*Set STEPWISE_HOME to a folder you can write/,
    check: (c) => expect(existsSync(c.home)).toBe(false),
  },
];
