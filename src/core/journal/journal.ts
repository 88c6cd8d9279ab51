// The journal: every project, session, step state, run and issue, in SQLite.
// The one handle the engine holds: it opens the database and holds one
// repository per group of tables. Each public write is one short transaction,
// so a crash loses nothing that a caller was told had been recorded.
import { JournalDatabase, type OpenDatabaseOptions } from './database';
import { explainOpenError } from './openErrors';
import { EditRepository } from './repositories/edits';
import { IssueRepository } from './repositories/issues';
import { MeasurementRepository } from './repositories/measurements';
import { ProjectRepository } from './repositories/projects';
import { now } from './repositories/repository';
import { RestoreRepository } from './repositories/restores';
import { RunRepository } from './repositories/runs';
import { SessionRepository } from './repositories/sessions';
import { SnapshotRepository } from './repositories/snapshots';
import { ToolchainStateRepository } from './repositories/toolchainStates';
import { BisectionRepository } from './repositories/bisections';

export { NotFoundError } from './repositories/repository';
export type { NewSession, SessionSummary } from './repositories/sessions';

export class Journal {
  readonly projects: ProjectRepository;
  /** Sessions and their step states. */
  readonly sessions: SessionRepository;
  /** Runs, their kept output and start trees; a page of them at a time. */
  readonly runs: RunRepository;
  readonly edits: EditRepository;
  readonly snapshots: SnapshotRepository;
  readonly restores: RestoreRepository;
  /** The toolchain just after a step moved it (snapshots record it before). */
  readonly toolchainStates: ToolchainStateRepository;
  readonly bisections: BisectionRepository;
  /** Measurements and toolchain comparisons. */
  readonly measurements: MeasurementRepository;
  /** Issues and their events; the Issues panel's pages. */
  readonly issues: IssueRepository;

  private constructor(readonly database: JournalDatabase) {
    this.projects = new ProjectRepository(database);
    this.sessions = new SessionRepository(database);
    this.runs = new RunRepository(database);
    this.edits = new EditRepository(database);
    this.snapshots = new SnapshotRepository(database);
    this.restores = new RestoreRepository(database);
    this.toolchainStates = new ToolchainStateRepository(database);
    this.bisections = new BisectionRepository(database);
    this.measurements = new MeasurementRepository(database);
    this.issues = new IssueRepository(database);
  }

  get file(): string {
    return this.database.file;
  }

  /**
   * Opens (creating or migrating) the journal. The engine that owns the data
   * directory passes `recover` to mark runs cut short by a crash as
   * interrupted; readers such as `stepwise export` leave them alone.
   */
  static open(file: string, options: OpenDatabaseOptions & { recover?: boolean } = {}): Journal {
    const journal = new Journal(JournalDatabase.open(file, options));
    try {
      if (options.recover) journal.markInterrupted();
    } catch (error) {
      journal.close();
      throw explainOpenError(file, error); // a full or read-only disk, said with the file and what to do
    }
    return journal;
  }

  close(): void {
    this.database.close();
  }

  /** Runs `fn` in one transaction: all of its writes land, or none. */
  transaction<T>(fn: () => T): T {
    return this.database.transaction(fn);
  }

  /** A small real write, committed: whether the journal can be written (journal_probe's one row). */
  probeWrite(): void {
    this.database.run(
      'INSERT INTO journal_probe (id, written_at) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET written_at = excluded.written_at',
      now(),
    );
  }

  /** Runs and steps left 'running' by a process that died are shown as interrupted. */
  private markInterrupted(): void {
    this.database.transaction(() => {
      this.database.run(`UPDATE runs SET status = 'interrupted' WHERE status = 'running'`);
      this.database.run(`UPDATE step_states SET status = 'interrupted', updated_at = ? WHERE status = 'running'`, now());
    });
  }
}
