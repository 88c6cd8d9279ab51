// The runs table: every command a session ran, with its kept output
// (run_output) and the git tree it started from.
import type { RunOrigin, RunOutputSizes, RunRecord, RunStatus } from '../../../shared/model';
import { NotFoundError, Repository } from './repository';

export interface RunRow {
  id: number; session_id: number; step_id: string | null; origin: RunOrigin | null; terminal: string | null; command: string; cwd: string;
  started_at: string; ended_at: string | null; exit_code: number | null; duration_ms: number | null; status: RunStatus;
}

export const toRun = (r: RunRow): RunRecord => ({
  id: r.id, sessionId: r.session_id, stepId: r.step_id, origin: r.origin, terminal: r.terminal, command: r.command, cwd: r.cwd,
  startedAt: r.started_at, endedAt: r.ended_at, exitCode: r.exit_code, durationMs: r.duration_ms, status: r.status,
});

/** The columns a RunRow maps: a page of runs reads no more than these. */
const RUN_COLUMNS = 'id, session_id, step_id, origin, terminal, command, cwd, started_at, ended_at, exit_code, duration_ms, status';

/**
 * No exit code: the shell went away (closed, or stopped by a signal) while
 * the command ran. An exit after the user's Ctrl+C is theirs, not a failure.
 */
function runStatus(result: { exitCode: number | null; passed: boolean; stoppedByUser?: boolean }): RunStatus {
  if (result.passed) return 'passed';
  if (result.exitCode === null) return 'interrupted';
  return result.stoppedByUser ? 'stopped' : 'failed';
}

export class RunRepository extends Repository {
  start(input: { sessionId: number; stepId: string | null; origin: RunOrigin; terminal?: string | null; command: string; cwd: string; startedAt: Date }): RunRecord {
    const info = this.db.run(
      `INSERT INTO runs (session_id, step_id, origin, terminal, command, cwd, started_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, 'running')`,
      input.sessionId, input.stepId, input.origin, input.terminal ?? null, input.command, input.cwd, input.startedAt.toISOString(),
    );
    return this.get(Number(info.lastInsertRowid));
  }

  /** Ends a run and stores its output (replacing what was kept of it while it ran). */
  finish(runId: number, result: { exitCode: number | null; endedAt: Date; output: string; outputSizes?: RunOutputSizes; passed: boolean; stoppedByUser?: boolean }): RunRecord {
    return this.db.transaction(() => {
      const started = this.get(runId);
      const durationMs = Math.max(0, result.endedAt.getTime() - Date.parse(started.startedAt));
      this.db.run(
        'UPDATE runs SET ended_at = ?, exit_code = ?, duration_ms = ?, status = ? WHERE id = ?',
        result.endedAt.toISOString(), result.exitCode, durationMs, runStatus(result), runId,
      );
      this.saveOutput(runId, result.output, result.outputSizes ?? null);
      return this.get(runId);
    });
  }

  /**
   * Replaces what the journal keeps of a run's output: while it runs (so a
   * crash leaves it with its output up to then), and at its end.
   */
  saveOutput(runId: number, output: string, sizes: RunOutputSizes | null): void {
    this.db.transaction(() => {
      this.db.run('DELETE FROM run_output WHERE run_id = ?', runId);
      if (output) this.db.run('INSERT INTO run_output (run_id, seq, chunk) VALUES (?, 0, ?)', runId, output);
      this.db.run('UPDATE runs SET output_bytes = ?, output_kept_bytes = ? WHERE id = ?', sizes?.totalBytes ?? null, sizes?.keptBytes ?? null, runId);
    });
  }

  /** Every byte a run printed and the bytes of it kept; null for a run from before they were recorded. */
  outputSizes(runId: number): RunOutputSizes | null {
    const row = this.db.get<{ output_bytes: number | null; output_kept_bytes: number | null }>(
      'SELECT output_bytes, output_kept_bytes FROM runs WHERE id = ?',
      runId,
    );
    if (!row) throw new NotFoundError(`no run ${runId} in the journal`);
    return row.output_bytes === null || row.output_kept_bytes === null ? null : { totalBytes: row.output_bytes, keptBytes: row.output_kept_bytes };
  }

  /** The git tree of the project as the run started (for fix diffs), once captured. */
  setTree(runId: number, tree: string): void {
    this.db.run('UPDATE runs SET tree = ? WHERE id = ?', tree, runId);
  }

  tree(runId: number): string | null {
    return this.db.get<{ tree: string | null }>('SELECT tree FROM runs WHERE id = ?', runId)?.tree ?? null;
  }

  /** The git tree of the project as a step's run ended (a shipped branch tells its change from later edits by hand), once captured. */
  setEndTree(runId: number, tree: string): void {
    this.db.run('UPDATE runs SET end_tree = ? WHERE id = ?', tree, runId);
  }

  endTree(runId: number): string | null {
    return this.db.get<{ end_tree: string | null }>('SELECT end_tree FROM runs WHERE id = ?', runId)?.end_tree ?? null;
  }

  get(id: number): RunRecord {
    return this.byId('runs', 'run', id, toRun);
  }

  forSession(sessionId: number): RunRecord[] {
    return this.ofSession('runs', sessionId, toRun);
  }

  output(runId: number): string {
    this.get(runId);
    return this.db
      .all<{ chunk: string }>('SELECT chunk FROM run_output WHERE run_id = ? ORDER BY seq', runId)
      .map((row) => row.chunk)
      .join('');
  }

  /** How many runs the session has. */
  count(sessionId: number): number {
    return this.db.get<{ total: number }>('SELECT COUNT(*) AS total FROM runs WHERE session_id = ?', sessionId)!.total;
  }

  /** A page of the session's runs, first run first, and how many it has. */
  page(sessionId: number, offset: number, limit: number): { total: number; runs: RunRecord[] } {
    const total = this.count(sessionId);
    const rows = this.db.all<RunRow>(`SELECT ${RUN_COLUMNS} FROM runs WHERE session_id = ? ORDER BY id LIMIT ? OFFSET ?`, sessionId, limit, offset);
    return { total, runs: rows.map(toRun) };
  }
}
