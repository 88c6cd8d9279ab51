import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checksum, JournalSchemaError, openDatabase, schemaVersion } from '../../src/core/journal/database';
import { Journal } from '../../src/core/journal/journal';
import { MIGRATIONS } from '../../src/core/journal/migrations';
import { useTempDir } from '../helpers/tempDir';

const plan = { id: 'p', title: 'Plan', source: '', description: '', parameters: [], phases: [] };
const newSession = { source: plan, resolved: plan, params: {}, origin: 'builtin', trusted: true };

describe('journal migrations', () => {
  const tempDir = useTempDir();

  it('creates a new journal at the latest version, in WAL mode', () => {
    const file = join(tempDir(), 'journal.sqlite');
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(MIGRATIONS.at(-1)!.version);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('upgrades a journal of the previous version and keeps its rows', () => {
    const file = join(tempDir(), 'journal.sqlite');
    const old = openDatabase(file, { migrations: MIGRATIONS.slice(0, -1) });
    old.prepare(`INSERT INTO projects (path, name, created_at, last_opened_at) VALUES ('/p', 'p', 'a', 'b')`).run();
    expect(schemaVersion(old)).toBe(MIGRATIONS.at(-2)!.version);
    old.close();

    const journal = Journal.open(file);
    expect(journal.projects.recent(10).map((p) => p.path)).toEqual(['/p']);
    const session = journal.sessions.create(1, newSession);
    expect(journal.toolchainStates.forSession(session.id)).toEqual([]); // the newest migration's table exists
    journal.close();
  });

  it("keeps who started a run: older runs with a step were the step's, the others are not told apart", () => {
    const file = join(tempDir(), 'journal.sqlite');
    const old = openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version < 15) });
    old.exec(`
      INSERT INTO projects (id, path, name, created_at, last_opened_at) VALUES (1, '/p', 'p', 'a', 'b');
      INSERT INTO sessions (id, project_id, plan_id, plan_title, plan_json, started_at) VALUES (1, 1, 'p', 'Plan', '{}', 'a');
      INSERT INTO runs (id, session_id, step_id, command, cwd, started_at, status) VALUES (1, 1, 'check', 'cargo check', '/p', 'a', 'passed');
      INSERT INTO runs (id, session_id, step_id, command, cwd, started_at, status) VALUES (2, 1, NULL, 'cargo build --release', '/p', 'b', 'passed');
    `);
    old.close();

    const journal = Journal.open(file);
    expect(journal.runs.page(1, 0, 10).runs.map((r) => [r.id, r.origin])).toEqual([[1, 'step'], [2, null]]);
    const measured = journal.runs.start({ sessionId: 1, stepId: null, origin: 'measurement', command: 'cargo check', cwd: '/p', startedAt: new Date() });
    expect(journal.runs.get(measured.id).origin).toBe('measurement');
    journal.close();
  });

  it('refuses a database that is not a journal', () => {
    const file = join(tempDir(), 'other.sqlite');
    const db = new Database(file);
    db.exec('CREATE TABLE notes (id INTEGER)');
    db.close();
    expect(() => openDatabase(file)).toThrow(/not a Stepwise journal/);
  });

  it('refuses a journal from a newer build', () => {
    const file = join(tempDir(), 'journal.sqlite');
    openDatabase(file).close();
    const db = new Database(file);
    db.prepare(`INSERT INTO schema_migrations VALUES (99, 'from the future', 'x', 'now')`).run();
    db.close();
    expect(() => openDatabase(file)).toThrow(JournalSchemaError);
    expect(() => openDatabase(file)).toThrow(/migration 99 .*does not know/);
  });

  it('refuses a journal whose history has drifted', () => {
    const file = join(tempDir(), 'journal.sqlite');
    openDatabase(file).close();
    const db = new Database(file);
    db.prepare('UPDATE schema_migrations SET checksum = ? WHERE version = 1').run('0'.repeat(16));
    db.close();
    expect(checksum(MIGRATIONS[0]!)).not.toBe('0'.repeat(16));
    expect(() => openDatabase(file)).toThrow(/history has drifted/);
  });

  it('shows runs left running by a crash as interrupted, only when recovering', () => {
    const file = join(tempDir(), 'journal.sqlite');
    const journal = Journal.open(file);
    const project = journal.projects.open('/work/p');
    const session = journal.sessions.create(project.id, newSession);
    const run = journal.runs.start({ sessionId: session.id, stepId: 's', origin: 'step', command: 'cargo build', cwd: '/work/p', startedAt: new Date() });
    journal.sessions.setStepState(session.id, 's', 'running', run.id);
    journal.close(); // the process "dies" here: the run never finished

    const reader = Journal.open(file);
    expect(reader.runs.get(run.id).status).toBe('running');
    reader.close();

    const engine = Journal.open(file, { recover: true });
    expect(engine.runs.get(run.id).status).toBe('interrupted');
    expect(engine.sessions.stepStates(session.id)[0]?.status).toBe('interrupted');
    engine.close();
  });
});
