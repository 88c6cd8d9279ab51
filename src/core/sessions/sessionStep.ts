// A step of a session's plan, resolved with the session's parameters now, or
// a clear error. Resolved afresh rather than taken from the plan the journal
// kept: a session kept by an earlier version may hold a value no type takes,
// or a command that version filled in without quoting. Whether it applies
// is the fitted plan's word (core/plans/fit), kept in the journal.
import type { PlanStep } from '../../shared/model';
import type { Journal } from '../journal/journal';
import { ParamError } from '../plans/params';
import { resolvePlan } from '../plans/resolvePlan';
import { EngineFault } from '../engine/errors';

export function sessionStep(journal: Journal, sessionId: number, stepId: string): { step: PlanStep; root: string } {
  const { session, source, plan: fitted } = journal.sessions.get(sessionId);
  let plan;
  try {
    plan = resolvePlan(source, session.params);
  } catch (error) {
    if (!(error instanceof ParamError)) throw error;
    throw new EngineFault('invalid-params', `session ${sessionId} has a parameter no step may run with: ${error.message}; set it again first`);
  }
  const step = plan.phases.flatMap((p) => p.steps).find((s) => s.id === stepId);
  if (!step) throw new EngineFault('not-found', `plan "${plan.id}" has no step "${stepId}"`);
  // The plan as fitted to the project says which steps apply; one that does not is listed, never run.
  const fit = fitted.phases.flatMap((p) => p.steps).find((s) => s.id === stepId);
  if (fit?.applies === false) throw new EngineFault('invalid-params', `step "${stepId}" does not apply to this project: ${fit.reason ?? 'its needs are not met'}`);
  return { step, root: journal.projects.get(session.projectId).path };
}
