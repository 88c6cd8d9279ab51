// A long session read a page at a time: the Issues panel's counts and groups,
// one group's issues, and the runs. A session of 100,000 issues is never sent
// whole; every query here walks one session's rows through its index.
import type { IssueFilter, IssueGroup, IssueGrouping, IssueGroups } from '../../shared/contract';
import type { IssueRecord, IssueState, RunRecord, RunStatus } from '../../shared/model';
import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from './database';

/** The group an issue falls in, as the panel labels it ('' for no step, no file). */
const GROUP_KEY: Record<IssueGrouping, string> = {
  step: "COALESCE(step_id, '')",
  file: "COALESCE(file, '')",
  kind: "CASE WHEN code IS NULL OR code = '' THEN tool ELSE tool || ' ' || code END",
};

const FILTER_WHERE: Record<IssueFilter, string> = {
  live: "state IN ('open', 'regressed')",
  resolved: "state = 'resolved'",
  wontfix: "state = 'wontfix'",
  all: '1 = 1',
};

interface IssueRow {
  id: number; session_id: number; run_id: number; step_id: string | null; severity: 'error' | 'warning';
  tool: string; code: string | null; message: string; file: string | null; line: number | null;
  col: number | null; rendered: string; created_at: string; updated_at: string; fingerprint: string; state: IssueState;
  first_run_id: number; occurrences: number; note: string | null; wontfix_reason: string | null;
  fixed_by_run_id: number | null; fix_diff: string | null;
}

interface RunRow {
  id: number; session_id: number; step_id: string | null; command: string; cwd: string;
  started_at: string; ended_at: string | null; exit_code: number | null; duration_ms: number | null; status: RunStatus;
}

const toIssue = (r: IssueRow): IssueRecord => ({
  id: r.id, sessionId: r.session_id, runId: r.run_id, stepId: r.step_id, severity: r.severity, tool: r.tool,
  code: r.code, message: r.message, file: r.file, line: r.line, column: r.col, rendered: r.rendered,
  createdAt: r.created_at, updatedAt: r.updated_at, fingerprint: r.fingerprint, state: r.state,
  firstRunId: r.first_run_id, occurrences: r.occurrences, note: r.note, wontfixReason: r.wontfix_reason,
  fixedByRunId: r.fixed_by_run_id, fixDiff: r.fix_diff, known: null,
});

const toRun = (r: RunRow): RunRecord => ({
  id: r.id, sessionId: r.session_id, stepId: r.step_id, command: r.command, cwd: r.cwd,
  startedAt: r.started_at, endedAt: r.ended_at, exitCode: r.exit_code, durationMs: r.duration_ms, status: r.status,
});

const RUN_COLUMNS = 'id, session_id, step_id, command, cwd, started_at, ended_at, exit_code, duration_ms, status';

export class SessionPages {
  /** Prepared once per query shape: there are 3 groupings x 4 filters of each. */
  private readonly statements = new Map<string, Statement<unknown[]>>();

  constructor(private readonly db: SqliteDatabase) {}

  issueGroups(sessionId: number, filter: IssueFilter, grouping: IssueGrouping): IssueGroups {
    const counts: Record<IssueFilter, number> = { live: 0, resolved: 0, wontfix: 0, all: 0 };
    const byState = this.statement('SELECT state, COUNT(*) AS count FROM issues WHERE session_id = ? GROUP BY state').all(sessionId) as {
      state: IssueState;
      count: number;
    }[];
    for (const { state, count } of byState) {
      counts.all += count;
      if (state === 'open' || state === 'regressed') counts.live += count;
      else counts[state] += count;
    }
    // First seen first: the order the panel always listed its groups in.
    const groups = this.statement(
      `SELECT ${GROUP_KEY[grouping]} AS key, COUNT(*) AS count FROM issues
       WHERE session_id = ? AND ${FILTER_WHERE[filter]} GROUP BY key ORDER BY MIN(id)`,
    ).all(sessionId) as IssueGroup[];
    return { counts, groups };
  }

  issuePage(sessionId: number, q: { filter: IssueFilter; grouping: IssueGrouping; group: string; offset: number; limit: number }): IssueRecord[] {
    const rows = this.statement(
      `SELECT * FROM issues WHERE session_id = ? AND ${FILTER_WHERE[q.filter]} AND ${GROUP_KEY[q.grouping]} = ?
       ORDER BY id LIMIT ? OFFSET ?`,
    ).all(sessionId, q.group, q.limit, q.offset) as IssueRow[];
    return rows.map(toIssue);
  }

  runCount(sessionId: number): number {
    return this.statement('SELECT COUNT(*) FROM runs WHERE session_id = ?').pluck().get(sessionId) as number;
  }

  runPage(sessionId: number, offset: number, limit: number): { total: number; runs: RunRecord[] } {
    const total = this.runCount(sessionId);
    const rows = this.statement(`SELECT ${RUN_COLUMNS} FROM runs WHERE session_id = ? ORDER BY id LIMIT ? OFFSET ?`).all(
      sessionId,
      limit,
      offset,
    ) as RunRow[];
    return { total, runs: rows.map(toRun) };
  }

  /** The issues a run saw last, by severity, and those it resolved. */
  runIssueCounts(run: { id: number; sessionId: number }): { errors: number; warnings: number; resolved: number } {
    const seen = this.statement(
      `SELECT COALESCE(SUM(severity = 'error'), 0) AS errors, COALESCE(SUM(severity = 'warning'), 0) AS warnings
       FROM issues WHERE session_id = ? AND run_id = ?`,
    ).get(run.sessionId, run.id) as { errors: number; warnings: number };
    const resolved = this.statement('SELECT COUNT(*) FROM issues WHERE session_id = ? AND fixed_by_run_id = ?')
      .pluck()
      .get(run.sessionId, run.id) as number;
    return { ...seen, resolved };
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
