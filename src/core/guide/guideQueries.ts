// The journal reads only the guide makes: counts for its summary, and its
// runs and issues streamed a row at a time (`iterate`), so a session of
// 100,000 issues is never all in memory at once. The connection is busy while
// an iterator is open: finish one before starting another.
import type { IssueRecord, IssueState, RunRecord } from '../../shared/model';
import type { JournalDatabase } from '../journal/database';
import { ISSUE_COLUMNS, toIssue, type IssueRow } from '../journal/repositories/issues';
import { toRun, type RunRow } from '../journal/repositories/runs';

/** Orders of `iterateIssues`: by id; by state, then kind (tool, code), as `issueKinds` counts them. */
const ISSUE_ORDER = {
  id: 'issues.id',
  state: 'issues.state, issues.tool, issues.code, issues.id',
} as const;

export interface IssueKindCount {
  state: IssueState;
  tool: string;
  code: string | null;
  count: number;
  errors: number;
  firstIssueId: number;
}

export interface SessionStats {
  runs: number;
  failedRuns: number;
  commandMs: number;
  firstActivity: string | null;
  lastActivity: string | null;
  issuesFoundByRun: Map<number, number>;
  annotatedIssues: number;
  stepIdsRun: string[];
}

export class GuideQueries {
  constructor(private readonly db: JournalDatabase) {}

  /** The session's runs in the order they started, each with the tail of its output when asked. */
  *iterateRuns(sessionId: number, { outputTail = 0 }: { outputTail?: number } = {}): Generator<RunRecord & { outputTail: string | null }> {
    const rows = this.db.iterate<RunRow & { output_tail: string | null }>(
      `SELECT runs.*, CASE WHEN ? > 0 AND status <> 'passed' THEN
         (SELECT substr(chunk, -?) FROM run_output WHERE run_id = runs.id ORDER BY seq DESC LIMIT 1) END AS output_tail
       FROM runs WHERE session_id = ? ORDER BY id`,
      outputTail, outputTail, sessionId,
    );
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
    for (const row of this.db.iterate<IssueRow & { fixed_by_step_id: string | null }>(sql, ...params)) {
      // One object per row: 100,000 of them are made and dropped in an export.
      const issue = toIssue(row) as IssueRecord & { fixedByStepId: string | null };
      issue.fixedByStepId = row.fixed_by_step_id;
      yield issue;
    }
  }

  /** Issue counts by state and kind (tool and code), in `iterateIssues` order, each with its first issue's id. */
  issueKinds(sessionId: number): IssueKindCount[] {
    return this.db.all<IssueKindCount>(
      `SELECT state, tool, code, COUNT(*) AS count, SUM(severity = 'error') AS errors, MIN(id) AS firstIssueId FROM issues
       WHERE session_id = ? GROUP BY state, tool, code ORDER BY state, tool, code`,
      sessionId,
    );
  }

  /** Distinct commands of plan-step runs that passed (before `before`, when given), first run first. */
  passedStepCommands(sessionId: number, before: string | null): { stepId: string; command: string; cwd: string }[] {
    return this.db.all<{ stepId: string; command: string; cwd: string }>(
      `SELECT step_id AS stepId, command, cwd FROM runs
       WHERE session_id = ? AND status = 'passed' AND step_id IS NOT NULL AND (? IS NULL OR started_at < ?)
       GROUP BY step_id, command, cwd ORDER BY MIN(id)`,
      sessionId, before, before,
    );
  }

  /** Counts for a guide's summary, without reading the rows. */
  sessionStats(sessionId: number): SessionStats {
    const runs = this.db.get<Pick<SessionStats, 'runs' | 'failedRuns' | 'commandMs' | 'firstActivity' | 'lastActivity'>>(
      `SELECT COUNT(*) AS runs, COALESCE(SUM(status = 'failed'), 0) AS failedRuns, COALESCE(SUM(duration_ms), 0) AS commandMs,
         MIN(started_at) AS firstActivity, MAX(COALESCE(ended_at, started_at)) AS lastActivity
       FROM runs WHERE session_id = ?`,
      sessionId,
    )!;
    const found = this.db.all<{ runId: number; count: number }>(
      'SELECT first_run_id AS runId, COUNT(*) AS count FROM issues WHERE session_id = ? GROUP BY first_run_id',
      sessionId,
    );
    const { annotatedIssues } = this.db.get<{ annotatedIssues: number }>(
      'SELECT COUNT(*) AS annotatedIssues FROM issues WHERE session_id = ? AND note IS NOT NULL',
      sessionId,
    )!;
    const stepIdsRun = this.db
      .all<{ step_id: string }>('SELECT DISTINCT step_id FROM runs WHERE session_id = ? AND step_id IS NOT NULL', sessionId)
      .map((row) => row.step_id);
    return { ...runs, issuesFoundByRun: new Map(found.map((f) => [f.runId, f.count])), annotatedIssues, stepIdsRun };
  }
}
