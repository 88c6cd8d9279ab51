// The sessions table, and each session's step states.
import type { Plan, SessionSummary, StepState, StepStatus, UpgradeSession } from '../../../shared/model';

export type { SessionSummary } from '../../../shared/model';
import type { HostSystem } from '../../platform/hostSystem';
import { NotFoundError, now, Repository } from './repository';

interface SessionRow {
  id: number; project_id: number; plan_id: string; plan_title: string; plan_json: string; started_at: string;
  plan_source_json: string | null; params_json: string; plan_origin: string; trusted: number; system_json: string | null;
}
interface StepStateRow { session_id: number; step_id: string; status: StepStatus; last_run_id: number | null; updated_at: string; note: string | null }
interface SessionSummaryRow {
  id: number; project: string; plan_id: string; plan_title: string; plan_origin: string; started_at: string;
  total: number; passed: number; failed: number; stopped: number; interrupted: number; open_issues: number; last_activity: string;
}

const toSession = (r: SessionRow): UpgradeSession => ({
  id: r.id, projectId: r.project_id, planId: r.plan_id, planTitle: r.plan_title, startedAt: r.started_at,
  params: JSON.parse(r.params_json) as Record<string, string>, planOrigin: r.plan_origin, trusted: r.trusted === 1,
});
const toStepState = (r: StepStateRow): StepState => ({
  stepId: r.step_id, status: r.status, lastRunId: r.last_run_id, updatedAt: r.updated_at, note: r.note,
});
const toSummary = (r: SessionSummaryRow): SessionSummary => ({
  id: r.id, project: r.project, planId: r.plan_id, planTitle: r.plan_title, planOrigin: r.plan_origin,
  startedAt: r.started_at, lastActivityAt: r.last_activity,
  steps: { total: r.total, passed: r.passed, failed: r.failed, stopped: r.stopped, interrupted: r.interrupted },
  openIssues: r.open_issues,
});

/** One line of `stepwise sessions list`. */

export interface NewSession {
  source: Plan;
  resolved: Plan;
  params: Record<string, string>;
  origin: string;
  trusted: boolean;
  /** The operating system the engine runs on, as the session starts. */
  system?: HostSystem | null;
}

export class SessionRepository extends Repository {
  /**
   * Starts a session. It keeps its own copy of the plan, both as written
   * (`source`, with `${name}` placeholders) and resolved with `params`.
   */
  create(projectId: number, input: NewSession): UpgradeSession {
    const { source, resolved, params, origin, trusted, system } = input;
    const info = this.db.run(
      `INSERT INTO sessions (project_id, plan_id, plan_title, plan_json, started_at, plan_source_json, params_json, plan_origin, trusted, system_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      projectId, resolved.id, resolved.title, JSON.stringify(resolved), now(), JSON.stringify(source), JSON.stringify(params), origin, trusted ? 1 : 0,
      system ? JSON.stringify(system) : null,
    );
    return this.get(Number(info.lastInsertRowid)).session;
  }

  /** New parameters for a session: its plan is resolved again with them. */
  setPlan(sessionId: number, resolved: Plan, params: Record<string, string>): UpgradeSession {
    this.db.run(
      'UPDATE sessions SET plan_json = ?, plan_title = ?, params_json = ? WHERE id = ?',
      JSON.stringify(resolved), resolved.title, JSON.stringify(params), sessionId,
    );
    return this.get(sessionId).session;
  }

  trust(sessionId: number): UpgradeSession {
    this.db.run('UPDATE sessions SET trusted = 1 WHERE id = ?', sessionId);
    return this.get(sessionId).session;
  }

  /** Every session (of one project, when given), newest first, with its step (those that apply) and issue counts. */
  summaries(projectId?: number): SessionSummary[] {
    return this.db
      .all<SessionSummaryRow>(
        `SELECT s.id, p.path AS project, s.plan_id, s.plan_title, s.plan_origin, s.started_at,
           -- The steps that apply to the project: a fitted plan lists the others, and they never run.
           (SELECT COUNT(*) FROM json_each(s.plan_json, '$.phases') AS phase, json_each(phase.value, '$.steps') AS step
             WHERE COALESCE(json_extract(step.value, '$.applies'), 1) != 0) AS total,
           (SELECT COUNT(*) FROM step_states st WHERE st.session_id = s.id AND st.status = 'passed') AS passed,
           (SELECT COUNT(*) FROM step_states st WHERE st.session_id = s.id AND st.status = 'failed') AS failed,
           (SELECT COUNT(*) FROM step_states st WHERE st.session_id = s.id AND st.status = 'stopped') AS stopped,
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
        projectId ?? null, projectId ?? null,
      )
      .map(toSummary);
  }

  latest(projectId: number): UpgradeSession | null {
    const row = this.db.get<SessionRow>('SELECT * FROM sessions WHERE project_id = ? ORDER BY id DESC LIMIT 1', projectId);
    return row ? toSession(row) : null;
  }

  /** A session with its plan, resolved and as written (the session keeps its own copy). */
  get(id: number): { session: UpgradeSession; plan: Plan; source: Plan } {
    const row = this.db.get<SessionRow>('SELECT * FROM sessions WHERE id = ?', id);
    if (!row) throw new NotFoundError(`no session ${id} in the journal`);
    const plan = JSON.parse(row.plan_json) as Plan;
    // Sessions from before plan parameters kept only the plan they ran.
    const source = row.plan_source_json ? (JSON.parse(row.plan_source_json) as Plan) : plan;
    return { session: toSession(row), plan, source };
  }

  /** The operating system the session started on; null when it was not recorded (sessions before journal migration 9). */
  system(sessionId: number): HostSystem | null {
    const row = this.db.get<{ system_json: string | null }>('SELECT system_json FROM sessions WHERE id = ?', sessionId);
    if (!row) throw new NotFoundError(`no session ${sessionId} in the journal`);
    return row.system_json ? (JSON.parse(row.system_json) as HostSystem) : null;
  }

  stepStates(sessionId: number): StepState[] {
    return this.db.all<StepStateRow>('SELECT * FROM step_states WHERE session_id = ? ORDER BY rowid', sessionId).map(toStepState);
  }

  /** `note` says why the step moved without a run doing its work; every move without one clears it. */
  setStepState(sessionId: number, stepId: string, status: StepStatus, lastRunId: number | null, note: string | null = null): StepState {
    this.db.run(
      `INSERT INTO step_states (session_id, step_id, status, last_run_id, updated_at, note) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(session_id, step_id) DO UPDATE SET status = excluded.status,
         last_run_id = COALESCE(excluded.last_run_id, step_states.last_run_id), updated_at = excluded.updated_at, note = excluded.note`,
      sessionId, stepId, status, lastRunId, now(), note,
    );
    return toStepState(this.db.get<StepStateRow>('SELECT * FROM step_states WHERE session_id = ? AND step_id = ?', sessionId, stepId)!);
  }
}
