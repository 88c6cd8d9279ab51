// The journal: every project, session, step state, run and issue, in SQLite.
// Each public write is one short transaction, so a crash loses nothing that
// a caller was told had been recorded.
import { basename } from 'node:path';
import type {
  Diagnostic,
  EditRecord,
  IssueRecord,
  IssueState,
  MeasurementKind,
  MeasurementRecord,
  MetricValue,
  SnapshotRecord,
  Plan,
  RestoreRecord,
  RestoreStatus,
  Project,
  RunOutputSizes,
  RunRecord,
  RunStatus,
  StepState,
  StepStatus,
  TestBinaryCounts,
  ToolchainCheck,
  ToolchainComparison,
  UpgradeSession,
} from '../../shared/model';
import type { HostSystem } from '../platform/hostSystem';
import type { TakenSnapshot } from '../snapshots';
import { openDatabase, type OpenDatabaseOptions, type SqliteDatabase } from './database';
import { SessionPages } from './sessionPages';
import { explainOpenError } from './openErrors';
import {
  toRestore,
  toSnapshot,
  type NewRestore,
  type RestoreRow,
  type SnapshotMetaInput,
  type SnapshotRow,
} from './snapshotRows';

const now = (): string => new Date().toISOString();

interface ProjectRow { id: number; path: string; name: string; last_opened_at: string }
interface SessionRow {
  id: number; project_id: number; plan_id: string; plan_title: string; plan_json: string; started_at: string;
  plan_source_json: string | null; params_json: string; plan_origin: string; trusted: number; system_json: string | null;
}
interface EditRow { id: number; session_id: number; step_id: string; file: string; diff: string; applied_at: string }
interface StepRow { step_id: string; status: StepStatus; last_run_id: number | null; updated_at: string }
interface RunRow {
  id: number; session_id: number; step_id: string | null; command: string; cwd: string;
  started_at: string; ended_at: string | null; exit_code: number | null; duration_ms: number | null; status: RunStatus;
}
/**
 * An issue row as an array (`.raw()`), its columns in ISSUE_COLUMNS order:
 * half the cost of a row object with named keys, which a guide of 100,000
 * issues pays 100,000 times.
 */
type IssueRow = [
  id: number, session_id: number, run_id: number, step_id: string | null, severity: 'error' | 'warning',
  tool: string, code: string | null, message: string, file: string | null, line: number | null,
  col: number | null, rendered: string, created_at: string, updated_at: string, fingerprint: string, state: IssueState,
  first_run_id: number, occurrences: number, note: string | null, wontfix_reason: string | null,
  fixed_by_run_id: number | null, fix_diff: string | null,
];
const ISSUE_COLUMNS = [
  'id', 'session_id', 'run_id', 'step_id', 'severity', 'tool', 'code', 'message', 'file', 'line',
  'col', 'rendered', 'created_at', 'updated_at', 'fingerprint', 'state',
  'first_run_id', 'occurrences', 'note', 'wontfix_reason', 'fixed_by_run_id', 'fix_diff',
].map((column) => `issues.${column}`).join(', ');
interface MeasurementRow {
  id: number; session_id: number; kind: MeasurementKind; label: string; toolchain: string;
  started_at: string; ended_at: string | null; metrics_json: string; tests_json: string;
}
interface ComparisonRow {
  id: number; session_id: number; args: string; created_at: string; old_json: string; new_json: string; common: number;
}
interface IssueEventRow { id: number; issue_id: number; state: string; run_id: number | null; detail: string | null; at: string }

const toProject = (r: ProjectRow): Project => ({ id: r.id, path: r.path, name: r.name, lastOpenedAt: r.last_opened_at });
const toSession = (r: SessionRow): UpgradeSession => ({
  id: r.id, projectId: r.project_id, planId: r.plan_id, planTitle: r.plan_title, startedAt: r.started_at,
  params: JSON.parse(r.params_json) as Record<string, string>, planOrigin: r.plan_origin, trusted: r.trusted === 1,
});
const toMeasurement = (r: MeasurementRow): MeasurementRecord => ({
  id: r.id, sessionId: r.session_id, kind: r.kind, label: r.label, toolchain: r.toolchain, startedAt: r.started_at,
  endedAt: r.ended_at, metrics: JSON.parse(r.metrics_json) as MetricValue[], tests: JSON.parse(r.tests_json) as TestBinaryCounts[],
});
const toComparison = (r: ComparisonRow): ToolchainComparison => ({
  id: r.id, sessionId: r.session_id, args: r.args, createdAt: r.created_at,
  old: JSON.parse(r.old_json) as ToolchainCheck, new: JSON.parse(r.new_json) as ToolchainCheck, common: r.common,
});
const toEdit = (r: EditRow): EditRecord => ({
  id: r.id, sessionId: r.session_id, stepId: r.step_id, file: r.file, diff: r.diff, appliedAt: r.applied_at,
});
const toStep = (r: StepRow): StepState => ({
  stepId: r.step_id, status: r.status, lastRunId: r.last_run_id, updatedAt: r.updated_at,
});
const toRun = (r: RunRow): RunRecord => ({
  id: r.id, sessionId: r.session_id, stepId: r.step_id, command: r.command, cwd: r.cwd,
  startedAt: r.started_at, endedAt: r.ended_at, exitCode: r.exit_code, durationMs: r.duration_ms, status: r.status,
});
const toIssue = (r: IssueRow): IssueRecord => ({
  id: r[0], sessionId: r[1], runId: r[2], stepId: r[3], severity: r[4], tool: r[5],
  code: r[6], message: r[7], file: r[8], line: r[9], column: r[10], rendered: r[11],
  createdAt: r[12], updatedAt: r[13], fingerprint: r[14], state: r[15],
  firstRunId: r[16], occurrences: r[17], note: r[18], wontfixReason: r[19],
  fixedByRunId: r[20], fixDiff: r[21], known: null,
});

/** No exit code: the shell went away (closed, or stopped by a signal) while the command ran. */
function runStatus(result: { exitCode: number | null; passed: boolean }): RunStatus {
  if (result.passed) return 'passed';
  return result.exitCode === null ? 'interrupted' : 'failed';
}

/** One line of `stepwise sessions list`. */
export interface SessionSummary {
  id: number;
  /** The project folder. */
  project: string;
  planId: string;
  planTitle: string;
  planOrigin: string;
  startedAt: string;
  /** The latest run, step change, edit or issue change (or the start). */
  lastActivityAt: string;
  steps: { total: number; passed: number; failed: number; interrupted: number };
  /** Open and regressed issues. */
  openIssues: number;
}

interface SessionSummaryRow {
  id: number; project: string; plan_id: string; plan_title: string; plan_origin: string; started_at: string;
  total: number; passed: number; failed: number; interrupted: number; open_issues: number; last_activity: string;
}

/** Orders of `iterateIssues`: by id; by state, then kind (tool, code), as `issueKinds` counts them. */
const ISSUE_ORDER = {
  id: 'issues.id',
  state: 'issues.state, issues.tool, issues.code, issues.id',
} as const;

export interface NewSession {
  source: Plan;
  resolved: Plan;
  params: Record<string, string>;
  origin: string;
  trusted: boolean;
  /** The operating system the engine runs on, as the session starts. */
  system?: HostSystem | null;
}

export class NotFoundError extends Error {
  readonly code = 'not-found';
}

export class Journal {
  /** A long session's issues and runs, a page at a time. */
  readonly pages: SessionPages;

  private constructor(
    readonly file: string,
    private readonly db: SqliteDatabase,
  ) {
    this.pages = new SessionPages(db);
  }

  /**
   * Opens (creating or migrating) the journal. The engine that owns the data
   * directory passes `recover` to mark runs cut short by a crash as
   * interrupted; readers such as `stepwise export` leave them alone.
   */
  static open(file: string, options: OpenDatabaseOptions & { recover?: boolean } = {}): Journal {
    const journal = new Journal(file, openDatabase(file, options));
    try {
      if (options.recover) journal.markInterrupted();
    } catch (error) {
      journal.close();
      throw explainOpenError(file, error); // a full or read-only disk, said with the file and what to do
    }
    return journal;
  }

  close(): void {
    this.db.close();
  }

  openProject(path: string): Project {
    const at = now();
    this.db
      .prepare(
        `INSERT INTO projects (path, name, created_at, last_opened_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(path) DO UPDATE SET last_opened_at = excluded.last_opened_at`,
      )
      .run(path, basename(path) || path, at, at);
    return toProject(this.db.prepare('SELECT * FROM projects WHERE path = ?').get(path) as ProjectRow);
  }

  project(id: number): Project {
    const row = this.db.prepare('SELECT * FROM projects WHERE id = ?').get(id) as ProjectRow | undefined;
    if (!row) throw new NotFoundError(`no project ${id} in the journal`);
    return toProject(row);
  }

  /** The project at this (resolved) path, if the journal has it; records nothing. */
  projectByPath(path: string): Project | null {
    const row = this.db.prepare('SELECT * FROM projects WHERE path = ?').get(path) as ProjectRow | undefined;
    return row ? toProject(row) : null;
  }

  recentProjects(limit: number): Project[] {
    return (this.db.prepare('SELECT * FROM projects ORDER BY last_opened_at DESC, id DESC LIMIT ?').all(limit) as ProjectRow[]).map(toProject);
  }

  /**
   * Starts a session. It keeps its own copy of the plan, both as written
   * (`source`, with `${name}` placeholders) and resolved with `params`.
   */
  createSession(projectId: number, input: NewSession): UpgradeSession {
    const { source, resolved, params, origin, trusted, system } = input;
    const info = this.db
      .prepare(
        `INSERT INTO sessions (project_id, plan_id, plan_title, plan_json, started_at, plan_source_json, params_json, plan_origin, trusted, system_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        projectId, resolved.id, resolved.title, JSON.stringify(resolved), now(), JSON.stringify(source), JSON.stringify(params), origin, trusted ? 1 : 0,
        system ? JSON.stringify(system) : null,
      );
    return this.session(Number(info.lastInsertRowid)).session;
  }

  /** New parameters for a session: its plan is resolved again with them. */
  setSessionPlan(sessionId: number, resolved: Plan, params: Record<string, string>): UpgradeSession {
    this.db
      .prepare('UPDATE sessions SET plan_json = ?, plan_title = ?, params_json = ? WHERE id = ?')
      .run(JSON.stringify(resolved), resolved.title, JSON.stringify(params), sessionId);
    return this.session(sessionId).session;
  }

  trustSession(sessionId: number): UpgradeSession {
    this.db.prepare('UPDATE sessions SET trusted = 1 WHERE id = ?').run(sessionId);
    return this.session(sessionId).session;
  }

  /** Every session (of one project, when given), newest first, with its step and issue counts. */
  sessionSummaries(projectId?: number): SessionSummary[] {
    const rows = this.db
      .prepare(
        `SELECT s.id, p.path AS project, s.plan_id, s.plan_title, s.plan_origin, s.started_at,
           (SELECT COALESCE(SUM(json_array_length(phase.value, '$.steps')), 0) FROM json_each(s.plan_json, '$.phases') AS phase) AS total,
           (SELECT COUNT(*) FROM step_states st WHERE st.session_id = s.id AND st.status = 'passed') AS passed,
           (SELECT COUNT(*) FROM step_states st WHERE st.session_id = s.id AND st.status = 'failed') AS failed,
           (SELECT COUNT(*) FROM step_states st WHERE st.session_id = s.id AND st.status = 'interrupted') AS interrupted,
           (SELECT COUNT(*) FROM issues i WHERE i.session_id = s.id AND i.state IN ('open', 'regressed')) AS open_issues,
           MAX(s.started_at,
             COALESCE((SELECT MAX(COALESCE(r.ended_at, r.started_at)) FROM runs r WHERE r.session_id = s.id), ''),
             COALESCE((SELECT MAX(st.updated_at) FROM step_states st WHERE st.session_id = s.id), ''),
             COALESCE((SELECT MAX(e.applied_at) FROM edits e WHERE e.session_id = s.id), ''),
             COALESCE((SELECT MAX(i.updated_at) FROM issues i WHERE i.session_id = s.id), '')) AS last_activity
         FROM sessions s JOIN projects p ON p.id = s.project_id
         WHERE ? IS NULL OR s.project_id = ?
         ORDER BY s.id DESC`,
      )
      .all(projectId ?? null, projectId ?? null) as SessionSummaryRow[];
    return rows.map((r) => ({
      id: r.id, project: r.project, planId: r.plan_id, planTitle: r.plan_title, planOrigin: r.plan_origin,
      startedAt: r.started_at, lastActivityAt: r.last_activity,
      steps: { total: r.total, passed: r.passed, failed: r.failed, interrupted: r.interrupted },
      openIssues: r.open_issues,
    }));
  }

  latestSession(projectId: number): UpgradeSession | null {
    const row = this.db
      .prepare('SELECT * FROM sessions WHERE project_id = ? ORDER BY id DESC LIMIT 1')
      .get(projectId) as SessionRow | undefined;
    return row ? toSession(row) : null;
  }

  /** A session with its plan, resolved and as written (the session keeps its own copy). */
  session(id: number): { session: UpgradeSession; plan: Plan; source: Plan } {
    const row = this.db.prepare('SELECT * FROM sessions WHERE id = ?').get(id) as SessionRow | undefined;
    if (!row) throw new NotFoundError(`no session ${id} in the journal`);
    const plan = JSON.parse(row.plan_json) as Plan;
    // Sessions from before plan parameters kept only the plan they ran.
    const source = row.plan_source_json ? (JSON.parse(row.plan_source_json) as Plan) : plan;
    return { session: toSession(row), plan, source };
  }

  /** The operating system the session started on; null when it was not recorded (sessions before journal migration 9). */
  sessionSystem(sessionId: number): HostSystem | null {
    const row = this.db.prepare('SELECT system_json FROM sessions WHERE id = ?').get(sessionId) as { system_json: string | null } | undefined;
    if (!row) throw new NotFoundError(`no session ${sessionId} in the journal`);
    return row.system_json ? (JSON.parse(row.system_json) as HostSystem) : null;
  }

  stepStates(sessionId: number): StepState[] {
    return (this.db.prepare('SELECT * FROM step_states WHERE session_id = ? ORDER BY rowid').all(sessionId) as StepRow[]).map(toStep);
  }

  setStepState(sessionId: number, stepId: string, status: StepStatus, lastRunId: number | null): StepState {
    this.db
      .prepare(
        `INSERT INTO step_states (session_id, step_id, status, last_run_id, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(session_id, step_id) DO UPDATE SET status = excluded.status,
           last_run_id = COALESCE(excluded.last_run_id, step_states.last_run_id), updated_at = excluded.updated_at`,
      )
      .run(sessionId, stepId, status, lastRunId, now());
    return toStep(
      this.db.prepare('SELECT * FROM step_states WHERE session_id = ? AND step_id = ?').get(sessionId, stepId) as StepRow,
    );
  }

  startRun(input: { sessionId: number; stepId: string | null; command: string; cwd: string; startedAt: Date }): RunRecord {
    const info = this.db
      .prepare(`INSERT INTO runs (session_id, step_id, command, cwd, started_at, status) VALUES (?, ?, ?, ?, ?, 'running')`)
      .run(input.sessionId, input.stepId, input.command, input.cwd, input.startedAt.toISOString());
    return this.run(Number(info.lastInsertRowid));
  }

  /** Runs `fn` in one transaction: all of its writes land, or none. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Ends a run and stores its output (replacing what was kept of it while it ran). */
  finishRun(runId: number, result: { exitCode: number | null; endedAt: Date; output: string; outputSizes?: RunOutputSizes; passed: boolean }): RunRecord {
    return this.transaction(() => {
      const started = this.run(runId);
      const durationMs = Math.max(0, result.endedAt.getTime() - Date.parse(started.startedAt));
      this.db
        .prepare('UPDATE runs SET ended_at = ?, exit_code = ?, duration_ms = ?, status = ? WHERE id = ?')
        .run(result.endedAt.toISOString(), result.exitCode, durationMs, runStatus(result), runId);
      this.saveRunOutput(runId, result.output, result.outputSizes ?? null);
      return this.run(runId);
    });
  }

  /**
   * Replaces what the journal keeps of a run's output: while it runs (so a
   * crash leaves it with its output up to then), and at its end.
   */
  saveRunOutput(runId: number, output: string, sizes: RunOutputSizes | null): void {
    this.transaction(() => {
      this.db.prepare('DELETE FROM run_output WHERE run_id = ?').run(runId);
      if (output) this.db.prepare('INSERT INTO run_output (run_id, seq, chunk) VALUES (?, 0, ?)').run(runId, output);
      this.db.prepare('UPDATE runs SET output_bytes = ?, output_kept_bytes = ? WHERE id = ?').run(sizes?.totalBytes ?? null, sizes?.keptBytes ?? null, runId);
    });
  }

  /** Every byte a run printed and the bytes of it kept; null for a run from before they were recorded. */
  runOutputSizes(runId: number): RunOutputSizes | null {
    const row = this.db.prepare('SELECT output_bytes, output_kept_bytes FROM runs WHERE id = ?').get(runId) as
      | { output_bytes: number | null; output_kept_bytes: number | null }
      | undefined;
    if (!row) throw new NotFoundError(`no run ${runId} in the journal`);
    return row.output_bytes === null || row.output_kept_bytes === null ? null : { totalBytes: row.output_bytes, keptBytes: row.output_kept_bytes };
  }

  /** The git tree of the project as the run started (for fix diffs), once captured. */
  setRunTree(runId: number, tree: string): void {
    this.db.prepare('UPDATE runs SET tree = ? WHERE id = ?').run(tree, runId);
  }

  runTree(runId: number): string | null {
    return (this.db.prepare('SELECT tree FROM runs WHERE id = ?').pluck().get(runId) as string | null | undefined) ?? null;
  }

  run(id: number): RunRecord {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
    if (!row) throw new NotFoundError(`no run ${id} in the journal`);
    return toRun(row);
  }

  runs(sessionId: number): RunRecord[] {
    return (this.db.prepare('SELECT * FROM runs WHERE session_id = ? ORDER BY id').all(sessionId) as RunRow[]).map(toRun);
  }

  runOutput(runId: number): string {
    this.run(runId);
    const chunks = this.db.prepare('SELECT chunk FROM run_output WHERE run_id = ? ORDER BY seq').pluck().all(runId) as string[];
    return chunks.join('');
  }

  recordEdits(sessionId: number, stepId: string, changes: { file: string; diff: string }[]): EditRecord[] {
    const insert = this.db.prepare('INSERT INTO edits (session_id, step_id, file, diff, applied_at) VALUES (?, ?, ?, ?, ?)');
    const at = now();
    return this.db.transaction(() =>
      changes.map((c) => Number(insert.run(sessionId, stepId, c.file, c.diff, at).lastInsertRowid)),
    )().map((id) => toEdit(this.db.prepare('SELECT * FROM edits WHERE id = ?').get(id) as EditRow));
  }

  recordSnapshot(sessionId: number, stepId: string | null, s: TakenSnapshot, meta: SnapshotMetaInput = {}): SnapshotRecord {
    const info = this.db
      .prepare(
        `INSERT INTO snapshots (session_id, step_id, store, store_id, label, created_at, file_count, bytes, left_out_json,
           kind, toolchain_json, issue_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        sessionId, stepId, s.store, s.id, s.label, s.createdAt, s.fileCount, s.bytes, JSON.stringify(s.leftOut),
        meta.kind ?? 'auto', meta.toolchain ? JSON.stringify(meta.toolchain) : null, meta.issueId ?? null,
      );
    return this.snapshot(Number(info.lastInsertRowid));
  }

  snapshot(id: number): SnapshotRecord {
    const row = this.db.prepare('SELECT * FROM snapshots WHERE id = ?').get(id) as SnapshotRow | undefined;
    if (!row) throw new NotFoundError(`no snapshot ${id} in the journal`);
    return toSnapshot(row);
  }

  snapshots(sessionId: number): SnapshotRecord[] {
    return (this.db.prepare('SELECT * FROM snapshots WHERE session_id = ? ORDER BY id').all(sessionId) as SnapshotRow[]).map(toSnapshot);
  }

  /** Snapshots taken before an issue's one-click fix, with that issue's state now. */
  snapshotIssueLinks(sessionId: number): { snapshotId: number; issueId: number; issueState: IssueState }[] {
    const rows = this.db
      .prepare(
        `SELECT snapshots.id AS snapshotId, issues.id AS issueId, issues.state AS issueState
         FROM snapshots JOIN issues ON issues.id = snapshots.issue_id WHERE snapshots.session_id = ? ORDER BY snapshots.id`,
      )
      .all(sessionId) as { snapshotId: number; issueId: number; issueState: IssueState }[];
    return rows;
  }

  deleteSnapshot(id: number): void {
    this.db.prepare('DELETE FROM snapshots WHERE id = ?').run(id);
  }

  /** Journals a restore as `running` before the store changes any file, so a crash leaves a row to finish. */
  startRestore(r: NewRestore): RestoreRecord {
    const info = this.db
      .prepare(
        `INSERT INTO restores (session_id, snapshot_id, safety_snapshot_id, mode, files_json, status, started_at, toolchain_commands_json)
         VALUES (?, ?, ?, ?, ?, 'running', ?, ?)`,
      )
      .run(r.sessionId, r.snapshotId, r.safetySnapshotId, r.mode, JSON.stringify(r.files), now(), JSON.stringify(r.toolchainCommands));
    return this.restore(Number(info.lastInsertRowid));
  }

  endRestore(id: number, status: Exclude<RestoreStatus, 'running'>, error: string | null = null): RestoreRecord {
    this.db.prepare('UPDATE restores SET status = ?, ended_at = ?, error = ? WHERE id = ?').run(status, now(), error, id);
    return this.restore(id);
  }

  restore(id: number): RestoreRecord {
    const row = this.db.prepare('SELECT * FROM restores WHERE id = ?').get(id) as RestoreRow | undefined;
    if (!row) throw new NotFoundError(`no restore ${id} in the journal`);
    return toRestore(row);
  }

  restores(sessionId: number): RestoreRecord[] {
    return (this.db.prepare('SELECT * FROM restores WHERE session_id = ? ORDER BY id').all(sessionId) as RestoreRow[]).map(toRestore);
  }

  /** Restores of every session still marked running: cut short by a crash when no restore is under way. */
  runningRestores(): RestoreRecord[] {
    return (this.db.prepare(`SELECT * FROM restores WHERE status = 'running' ORDER BY id`).all() as RestoreRow[]).map(toRestore);
  }

  /** Starts a measurement; until it is finished it has no end and judges no gate. */
  addMeasurement(sessionId: number, input: { kind: MeasurementKind; label: string; toolchain: string; startedAt?: Date }): MeasurementRecord {
    const info = this.db
      .prepare('INSERT INTO measurements (session_id, kind, label, toolchain, started_at) VALUES (?, ?, ?, ?, ?)')
      .run(sessionId, input.kind, input.label, input.toolchain, (input.startedAt ?? new Date()).toISOString());
    return this.measurement(Number(info.lastInsertRowid));
  }

  finishMeasurement(id: number, result: { metrics: MetricValue[]; tests: TestBinaryCounts[]; endedAt?: Date }): MeasurementRecord {
    const changed = this.db
      .prepare('UPDATE measurements SET ended_at = ?, metrics_json = ?, tests_json = ? WHERE id = ?')
      .run((result.endedAt ?? new Date()).toISOString(), JSON.stringify(result.metrics), JSON.stringify(result.tests), id).changes;
    if (changed === 0) throw new NotFoundError(`no measurement ${id} in the journal`);
    return this.measurement(id);
  }

  measurement(id: number): MeasurementRecord {
    const row = this.db.prepare('SELECT * FROM measurements WHERE id = ?').get(id) as MeasurementRow | undefined;
    if (!row) throw new NotFoundError(`no measurement ${id} in the journal`);
    return toMeasurement(row);
  }

  measurements(sessionId: number): MeasurementRecord[] {
    return (this.db.prepare('SELECT * FROM measurements WHERE session_id = ? ORDER BY id').all(sessionId) as MeasurementRow[]).map(toMeasurement);
  }

  addComparison(sessionId: number, c: { args: string; old: ToolchainCheck; new: ToolchainCheck; common: number }): ToolchainComparison {
    const info = this.db
      .prepare('INSERT INTO toolchain_comparisons (session_id, args, created_at, old_json, new_json, common) VALUES (?, ?, ?, ?, ?, ?)')
      .run(sessionId, c.args, now(), JSON.stringify(c.old), JSON.stringify(c.new), c.common);
    return toComparison(this.db.prepare('SELECT * FROM toolchain_comparisons WHERE id = ?').get(Number(info.lastInsertRowid)) as ComparisonRow);
  }

  comparisons(sessionId: number): ToolchainComparison[] {
    return (this.db.prepare('SELECT * FROM toolchain_comparisons WHERE session_id = ? ORDER BY id').all(sessionId) as ComparisonRow[]).map(toComparison);
  }

  edits(sessionId: number): EditRecord[] {
    return (this.db.prepare('SELECT * FROM edits WHERE session_id = ? ORDER BY id').all(sessionId) as EditRow[]).map(toEdit);
  }

  issues(sessionId: number): IssueRecord[] {
    return (this.db.prepare(`SELECT ${ISSUE_COLUMNS} FROM issues WHERE session_id = ? ORDER BY id`).raw().all(sessionId) as IssueRow[]).map(toIssue);
  }

  issue(id: number): IssueRecord {
    const row = this.db.prepare(`SELECT ${ISSUE_COLUMNS} FROM issues WHERE id = ?`).raw().get(id) as IssueRow | undefined;
    if (!row) throw new NotFoundError(`no issue ${id} in the journal`);
    return toIssue(row);
  }

  issueByFingerprint(sessionId: number, fingerprint: string): IssueRecord | null {
    const row = this.db
      .prepare(`SELECT ${ISSUE_COLUMNS} FROM issues WHERE session_id = ? AND fingerprint = ?`)
      .raw()
      .get(sessionId, fingerprint) as IssueRow | undefined;
    return row ? toIssue(row) : null;
  }

  insertIssue(run: RunRecord, d: Diagnostic, fingerprint: string): IssueRecord {
    const at = now();
    const info = this.db
      .prepare(
        `INSERT INTO issues (session_id, run_id, step_id, severity, tool, code, message, file, line, col, rendered, created_at,
           fingerprint, state, first_run_id, occurrences, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, 1, ?)`,
      )
      .run(run.sessionId, run.id, run.stepId, d.severity, d.tool, d.code, d.message, d.file, d.line, d.column, d.rendered, at, fingerprint, run.id, at);
    return this.issue(Number(info.lastInsertRowid));
  }

  /** The issue was seen again in `run`: its latest place and text, one more sighting. */
  sightIssue(issueId: number, run: RunRecord, d: Diagnostic, state: IssueState): IssueRecord {
    this.db
      .prepare(
        `UPDATE issues SET run_id = ?, severity = ?, message = ?, file = ?, line = ?, col = ?, rendered = ?,
           occurrences = occurrences + 1, state = ?, updated_at = ? WHERE id = ?`,
      )
      .run(run.id, d.severity, d.message, d.file, d.line, d.column, d.rendered, state, now(), issueId);
    return this.issue(issueId);
  }

  updateIssue(
    issueId: number,
    change: { state?: IssueState; fixedByRunId?: number | null; wontfixReason?: string | null; note?: string | null; fixDiff?: string | null },
  ): IssueRecord {
    const columns: Record<string, unknown> = {
      state: change.state, fixed_by_run_id: change.fixedByRunId, wontfix_reason: change.wontfixReason,
      note: change.note, fix_diff: change.fixDiff,
    };
    const set = Object.entries(columns).filter(([, v]) => v !== undefined);
    this.db
      .prepare(`UPDATE issues SET ${[...set.map(([k]) => `${k} = ?`), 'updated_at = ?'].join(', ')} WHERE id = ?`)
      .run(...set.map(([, v]) => v), now(), issueId);
    return this.issue(issueId);
  }

  addIssueEvent(issueId: number, state: string, runId: number | null, detail: string | null = null): void {
    this.db.prepare('INSERT INTO issue_events (issue_id, state, run_id, detail, at) VALUES (?, ?, ?, ?, ?)').run(issueId, state, runId, detail, now());
  }

  issueEvents(issueId: number): { state: string; runId: number | null; detail: string | null; at: string }[] {
    return (this.db.prepare('SELECT * FROM issue_events WHERE issue_id = ? ORDER BY id').all(issueId) as IssueEventRow[]).map((r) => ({
      state: r.state, runId: r.run_id, detail: r.detail, at: r.at,
    }));
  }

  /**
   * Live issues last seen by a run of the same scope as `run`: the same step,
   * or, for typed commands, the same command line. A finished run of that
   * scope that no longer shows one of them resolves it.
   */
  liveIssuesInScope(run: RunRecord): IssueRecord[] {
    const rows = this.db
      .prepare(
        `SELECT ${ISSUE_COLUMNS} FROM issues JOIN runs ON runs.id = issues.run_id
         WHERE issues.session_id = ? AND issues.state IN ('open', 'regressed') AND issues.run_id <> ?
           AND ((? IS NOT NULL AND runs.step_id = ?) OR (? IS NULL AND runs.step_id IS NULL AND runs.command = ?))
         ORDER BY issues.id`,
      )
      .raw()
      .all(run.sessionId, run.id, run.stepId, run.stepId, run.stepId, run.command) as IssueRow[];
    return rows.map(toIssue);
  }

  // Streaming reads for the guide: rows one at a time (`.iterate()`), so a
  // session of 100,000 issues is never all in memory at once. The connection
  // is busy while an iterator is open: finish one before starting another.

  /** The session's runs in the order they started, each with the tail of its output when asked. */
  *iterateRuns(sessionId: number, { outputTail = 0 }: { outputTail?: number } = {}): Generator<RunRecord & { outputTail: string | null }> {
    const rows = this.db
      .prepare(
        `SELECT runs.*, CASE WHEN ? > 0 AND status <> 'passed' THEN
           (SELECT substr(chunk, -?) FROM run_output WHERE run_id = runs.id ORDER BY seq DESC LIMIT 1) END AS output_tail
         FROM runs WHERE session_id = ? ORDER BY id`,
      )
      .iterate(outputTail, outputTail, sessionId) as IterableIterator<RunRow & { output_tail: string | null }>;
    for (const row of rows) {
      const run = toRun(row) as RunRecord & { outputTail: string | null };
      run.outputTail = row.output_tail;
      yield run;
    }
  }

  /**
   * The session's issues with the step whose run fixed them, in one of
   * ISSUE_ORDER; only `states` when given, only annotated ones with `withNote`,
   * only the first `perKind` of each state and kind when given.
   */
  *iterateIssues(
    sessionId: number,
    filter: { states?: IssueState[]; withNote?: boolean; order?: keyof typeof ISSUE_ORDER; perKind?: number } = {},
  ): Generator<IssueRecord & { fixedByStepId: string | null }> {
    // Only the conditions asked for, written plainly, so that SQLite picks the index that serves them.
    const where = ['issues.session_id = ?'];
    const params: unknown[] = [sessionId];
    if (filter.states) {
      where.push('issues.state IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(filter.states));
    }
    if (filter.withNote) where.push('issues.note IS NOT NULL');
    const select = `SELECT ${ISSUE_COLUMNS}, fixer.step_id AS fixed_by_step_id`;
    const fixer = 'LEFT JOIN runs AS fixer ON fixer.id = issues.fixed_by_run_id';
    const order = `ORDER BY ${ISSUE_ORDER[filter.order ?? 'id']}`;
    // With `perKind`, the first issues of each state and kind: their ids are
    // ranked from the kind index (issues_by_kind), then only their rows are read.
    const sql = filter.perKind
      ? `WITH firsts AS (SELECT issues.id, ROW_NUMBER() OVER (PARTITION BY issues.state, issues.tool, issues.code ORDER BY issues.id) AS kind_rank
           FROM issues WHERE ${where.join(' AND ')})
         ${select} FROM firsts JOIN issues ON issues.id = firsts.id ${fixer} WHERE firsts.kind_rank <= ? ${order}`
      : `${select} FROM issues ${fixer} WHERE ${where.join(' AND ')} ${order}`;
    if (filter.perKind) params.push(filter.perKind);
    const rows = this.db.prepare(sql).raw().iterate(...params) as IterableIterator<[...IssueRow, fixedByStepId: string | null]>;
    for (const row of rows) {
      // One object per row: 100,000 of them are made and dropped in an export.
      const issue = toIssue(row as unknown as IssueRow) as IssueRecord & { fixedByStepId: string | null };
      issue.fixedByStepId = row[22];
      yield issue;
    }
  }

  /** Issue counts by state and kind (tool and code), in `iterateIssues` order, each with its first issue's id. */
  issueKinds(sessionId: number): { state: IssueState; tool: string; code: string | null; count: number; errors: number; firstIssueId: number }[] {
    return this.db
      .prepare(
        `SELECT state, tool, code, COUNT(*) AS count, SUM(severity = 'error') AS errors, MIN(id) AS firstIssueId FROM issues
         WHERE session_id = ? GROUP BY state, tool, code ORDER BY state, tool, code`,
      )
      .all(sessionId) as { state: IssueState; tool: string; code: string | null; count: number; errors: number; firstIssueId: number }[];
  }

  /** Distinct commands of plan-step runs that passed (before `before`, when given), first run first. */
  passedStepCommands(sessionId: number, before: string | null): { stepId: string; command: string; cwd: string }[] {
    return this.db
      .prepare(
        `SELECT step_id AS stepId, command, cwd FROM runs
         WHERE session_id = ? AND status = 'passed' AND step_id IS NOT NULL AND (? IS NULL OR started_at < ?)
         GROUP BY step_id, command, cwd ORDER BY MIN(id)`,
      )
      .all(sessionId, before, before) as { stepId: string; command: string; cwd: string }[];
  }

  /** Counts for a guide's summary, without reading the rows. */
  sessionStats(sessionId: number): {
    runs: number;
    failedRuns: number;
    commandMs: number;
    firstActivity: string | null;
    lastActivity: string | null;
    issuesFoundByRun: Map<number, number>;
    annotatedIssues: number;
    stepIdsRun: string[];
  } {
    const runs = this.db
      .prepare(
        `SELECT COUNT(*) AS runs, COALESCE(SUM(status = 'failed'), 0) AS failedRuns, COALESCE(SUM(duration_ms), 0) AS commandMs,
           MIN(started_at) AS firstActivity, MAX(COALESCE(ended_at, started_at)) AS lastActivity
         FROM runs WHERE session_id = ?`,
      )
      .get(sessionId) as { runs: number; failedRuns: number; commandMs: number; firstActivity: string | null; lastActivity: string | null };
    const found = this.db
      .prepare('SELECT first_run_id AS runId, COUNT(*) AS count FROM issues WHERE session_id = ? GROUP BY first_run_id')
      .all(sessionId) as { runId: number; count: number }[];
    const annotatedIssues = this.db.prepare('SELECT COUNT(*) FROM issues WHERE session_id = ? AND note IS NOT NULL').pluck().get(sessionId) as number;
    const stepIdsRun = this.db
      .prepare('SELECT DISTINCT step_id FROM runs WHERE session_id = ? AND step_id IS NOT NULL')
      .pluck()
      .all(sessionId) as string[];
    return { ...runs, issuesFoundByRun: new Map(found.map((f) => [f.runId, f.count])), annotatedIssues, stepIdsRun };
  }

  /** A small real write, committed: whether the journal can be written (journal_probe's one row). */
  probeWrite(): void {
    this.db
      .prepare('INSERT INTO journal_probe (id, written_at) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET written_at = excluded.written_at')
      .run(now());
  }

  /** Runs and steps left 'running' by a process that died are shown as interrupted. */
  private markInterrupted(): void {
    this.db.transaction(() => {
      this.db.prepare(`UPDATE runs SET status = 'interrupted' WHERE status = 'running'`).run();
      this.db.prepare(`UPDATE step_states SET status = 'interrupted', updated_at = ? WHERE status = 'running'`).run(now());
    })();
  }
}
