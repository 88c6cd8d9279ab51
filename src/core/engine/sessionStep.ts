// A step of a session's plan (as resolved with its parameters), or a clear error.
import type { PlanStep } from '../../shared/model';
import type { Journal } from '../journal/journal';
import { EngineFault } from './errors';

export function sessionStep(journal: Journal, sessionId: number, stepId: string): { step: PlanStep; root: string } {
  const { session, plan } = journal.session(sessionId);
  const step = plan.phases.flatMap((p) => p.steps).find((s) => s.id === stepId);
  if (!step) throw new EngineFault('not-found', `plan "${plan.id}" has no step "${stepId}"`);
  return { step, root: journal.project(session.projectId).path };
}
