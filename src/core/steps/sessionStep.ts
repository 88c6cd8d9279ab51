// A step of a session's plan, resolved with the session's parameters now, or
// a clear error. Resolved afresh rather than taken from the plan the journal
// kept: a session kept by an earlier version may hold a value no type takes,
// or a command that version filled in without quoting.
import type { PlanStep } from '../../shared/model';
import type { Journal } from '../journal/journal';
import { ParamError } from '../plans/params';
import { resolvePlan } from '../plans/resolvePlan';
import { EngineFault } from '../engine/errors';

export function sessionStep(journal: Journal, sessionId: number, stepId: string): { step: PlanStep; root: string } {
  const { session, source } = journal.session(sessionId);
  let plan;
  try {
    plan = resolvePlan(source, session.params);
  } catch (error) {
    if (!(error instanceof ParamError)) throw error;
    throw new EngineFault('invalid-params', `session ${sessionId} has a parameter no step may run with: ${error.message}; set it again first`);
  }
  const step = plan.phases.flatMap((p) => p.steps).find((s) => s.id === stepId);
  if (!step) throw new EngineFault('not-found', `plan "${plan.id}" has no step "${stepId}"`);
  return { step, root: journal.project(session.projectId).path };
}
