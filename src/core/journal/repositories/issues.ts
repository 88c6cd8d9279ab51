// The issues table (every diagnostic a session's runs printed, tracked by
// fingerprint from sighting to resolution) and its issue_events history, with
// the Issues panel's paged reads: a session of 100,000 issues is never read
// whole; each paged query walks one session's rows through its index.
import type { IssueFilter, IssueGroup, IssueGrouping, IssueGroups } from '../../../shared/contract';
import type { Diagnostic, IssueRecord, IssueState, RunRecord } from '../../../shared/model';
import { now, Repository } from './repository';

export interface IssueRow {
  id: number; session_id: number; run_id: number; step_id: string | null; severity: 'error' | 'warning';
  tool: string; code: string | null; message: string; file: string | null; line: number | null;
  col: number | null; rendered: string; created_at: string; updated_at: string; fingerprint: string; state: IssueState;
  first_run_id: number; occurrences: number; note: string | null; wontfix_reason: string | null;
  fixed_by_run_id: number | null; fix_diff: string | null;
}
interface IssueEventRow { id: number; issue_id: number; state: string; run_id: number | null; detail: string | null; at: string }

export const toIssue = (r: IssueRow): IssueRecord => ({
  id: r.id, sessionId: r.session_id, runId: r.run_id, stepId: r.step_id, severity: r.severity, tool: r.tool,
  code: r.code, message: r.message, file: r.file, line: r.line, column: r.col, rendered: r.rendered,
  createdAt: r.created_at, updatedAt: r.updated_at, fingerprint: r.fingerprint, state: r.state,
  firstRunId: r.first_run_id, occurrences: r.occurrences, note: r.note, wontfixReason: r.wontfix_reason,
  fixedByRunId: r.fixed_by_run_id, fixDiff: r.fix_diff, known: null,
});

/** The columns an IssueRow maps, named by table so that a query may join others. */
export const ISSUE_COLUMNS = [
  'id', 'session_id', 'run_id', 'step_id', 'severity', 'tool', 'code', 'message', 'file', 'line',
  'col', 'rendered', 'created_at', 'updated_at', 'fingerprint', 'state',
  'first_run_id', 'occurrences', 'note', 'wontfix_reason', 'fixed_by_run_id', 'fix_diff',
].map((column) => `issues.${column}`).join(', ');

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

export interface IssueChange {
  state?: IssueState;
  fixedByRunId?: number | null;
  wontfixReason?: string | null;
  note?: string | null;
  fixDiff?: string | null;
}

export class IssueRepository extends Repository {
  forSession(sessionId: number): IssueRecord[] {
    return this.db.all<IssueRow>(`SELECT ${ISSUE_COLUMNS} FROM issues WHERE session_id = ? ORDER BY id`, sessionId).map(toIssue);
  }

  get(id: number): IssueRecord {
    return this.byId('issues', 'issue', id, toIssue, ISSUE_COLUMNS);
  }

  byFingerprint(sessionId: number, fingerprint: string): IssueRecord | null {
    const row = this.db.get<IssueRow>(`SELECT ${ISSUE_COLUMNS} FROM issues WHERE session_id = ? AND fingerprint = ?`, sessionId, fingerprint);
    return row ? toIssue(row) : null;
  }

  /** The issue with a code that says what `d` (read without one) says, where it says it; null if none. */
  withCodeFor(sessionId: number, d: Diagnostic): IssueRecord | null {
    const row = this.db.get<IssueRow>(
      `SELECT ${ISSUE_COLUMNS} FROM issues WHERE session_id = ? AND tool = ? AND severity = ? AND file IS ? AND message = ? AND code IS NOT NULL
       ORDER BY id LIMIT 1`,
      sessionId, d.tool, d.severity, d.file, d.message,
    );
    return row ? toIssue(row) : null;
  }

  insert(run: RunRecord, d: Diagnostic, fingerprint: string): IssueRecord {
    const at = now();
    const info = this.db.run(
      `INSERT INTO issues (session_id, run_id, step_id, severity, tool, code, message, file, line, col, rendered, created_at,
         fingerprint, state, first_run_id, occurrences, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, 1, ?)`,
      run.sessionId, run.id, run.stepId, d.severity, d.tool, d.code, d.message, d.file, d.line, d.column, d.rendered, at, fingerprint, run.id, at,
    );
    return this.get(Number(info.lastInsertRowid));
  }

  /** The issue was seen again in `run`: its latest place and text, one more sighting. */
  sight(issueId: number, run: RunRecord, d: Diagnostic, state: IssueState): IssueRecord {
    this.db.run(
      `UPDATE issues SET run_id = ?, severity = ?, message = ?, file = ?, line = ?, col = ?, rendered = ?,
         occurrences = occurrences + 1, state = ?, updated_at = ? WHERE id = ?`,
      run.id, d.severity, d.message, d.file, d.line, d.column, d.rendered, state, now(), issueId,
    );
    return this.get(issueId);
  }

  update(issueId: number, change: IssueChange): IssueRecord {
    const columns: Record<string, unknown> = {
      state: change.state, fixed_by_run_id: change.fixedByRunId, wontfix_reason: change.wontfixReason,
      note: change.note, fix_diff: change.fixDiff,
    };
    const set = Object.entries(columns).filter(([, v]) => v !== undefined);
    this.db.run(
      `UPDATE issues SET ${[...set.map(([k]) => `${k} = ?`), 'updated_at = ?'].join(', ')} WHERE id = ?`,
      ...set.map(([, v]) => v), now(), issueId,
    );
    return this.get(issueId);
  }

  addEvent(issueId: number, state: string, runId: number | null, detail: string | null = null): void {
    this.db.run('INSERT INTO issue_events (issue_id, state, run_id, detail, at) VALUES (?, ?, ?, ?, ?)', issueId, state, runId, detail, now());
  }

  events(issueId: number): { state: string; runId: number | null; detail: string | null; at: string }[] {
    return this.db.all<IssueEventRow>('SELECT * FROM issue_events WHERE issue_id = ? ORDER BY id', issueId).map((r) => ({
      state: r.state, runId: r.run_id, detail: r.detail, at: r.at,
    }));
  }

  /**
   * Live issues last seen by a run of the same scope as `run`: the same step,
   * or, for typed commands, the same command line. A finished run of that
   * scope that no longer shows one of them resolves it.
   */
  liveInScope(run: RunRecord): IssueRecord[] {
    return this.db
      .all<IssueRow>(
        `SELECT ${ISSUE_COLUMNS} FROM issues JOIN runs ON runs.id = issues.run_id
         WHERE issues.session_id = ? AND issues.state IN ('open', 'regressed') AND issues.run_id <> ?
           AND ((? IS NOT NULL AND runs.step_id = ?) OR (? IS NULL AND runs.step_id IS NULL AND runs.command = ?))
         ORDER BY issues.id`,
        run.sessionId, run.id, run.stepId, run.stepId, run.stepId, run.command,
      )
      .map(toIssue);
  }

  /** The Issues panel's counts by filter, and its groups under one filter and grouping. */
  groups(sessionId: number, filter: IssueFilter, grouping: IssueGrouping): IssueGroups {
    const counts: Record<IssueFilter, number> = { live: 0, resolved: 0, wontfix: 0, all: 0 };
    const byState = this.db.all<{ state: IssueState; count: number }>(
      'SELECT state, COUNT(*) AS count FROM issues WHERE session_id = ? GROUP BY state',
      sessionId,
    );
    for (const { state, count } of byState) {
      counts.all += count;
      if (state === 'open' || state === 'regressed') counts.live += count;
      else counts[state] += count;
    }
    // First seen first: the order the panel always listed its groups in.
    const groups = this.db.all<IssueGroup>(
      `SELECT ${GROUP_KEY[grouping]} AS key, COUNT(*) AS count FROM issues
       WHERE session_id = ? AND ${FILTER_WHERE[filter]} GROUP BY key ORDER BY MIN(id)`,
      sessionId,
    );
    return { counts, groups };
  }

  /** A page of one group's issues, first seen first. */
  page(sessionId: number, q: { filter: IssueFilter; grouping: IssueGrouping; group: string; offset: number; limit: number }): IssueRecord[] {
    return this.db
      .all<IssueRow>(
        `SELECT * FROM issues WHERE session_id = ? AND ${FILTER_WHERE[q.filter]} AND ${GROUP_KEY[q.grouping]} = ?
         ORDER BY id LIMIT ? OFFSET ?`,
        sessionId, q.group, q.limit, q.offset,
      )
      .map(toIssue);
  }

  /** The issues a run saw last, by severity, and those it resolved. */
  countsForRun(run: { id: number; sessionId: number }): { errors: number; warnings: number; resolved: number } {
    const seen = this.db.get<{ errors: number; warnings: number }>(
      `SELECT COALESCE(SUM(severity = 'error'), 0) AS errors, COALESCE(SUM(severity = 'warning'), 0) AS warnings
       FROM issues WHERE session_id = ? AND run_id = ?`,
      run.sessionId, run.id,
    )!;
    const { resolved } = this.db.get<{ resolved: number }>(
      'SELECT COUNT(*) AS resolved FROM issues WHERE session_id = ? AND fixed_by_run_id = ?',
      run.sessionId, run.id,
    )!;
    return { ...seen, resolved };
  }
}
