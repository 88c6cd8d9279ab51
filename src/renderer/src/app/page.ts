// Which page of a session is shown: the overview, one step, or a page of its own.
import type { Plan, SessionView } from '../../../shared/model';

export type Page = { kind: 'overview' } | { kind: 'step'; stepId: string } | { kind: 'snapshots' } | { kind: 'metrics' } | { kind: 'migrate' };

export const OVERVIEW: Page = { kind: 'overview' };
export const SNAPSHOTS: Page = { kind: 'snapshots' };
export const METRICS: Page = { kind: 'metrics' };
export const MIGRATE: Page = { kind: 'migrate' };
export const stepPage = (stepId: string): Page => ({ kind: 'step', stepId });

export const samePage = (a: Page | null, b: Page): boolean =>
  a !== null && a.kind === b.kind && (a.kind !== 'step' || (b.kind === 'step' && a.stepId === b.stepId));

/** The page a session opens on: the overview until something has happened, then the first step not done. */
export function firstPage(view: SessionView): Page {
  const started = view.runCount > 0 || view.steps.some((s) => s.status !== 'pending');
  const firstOpen = view.steps.find((s) => s.status !== 'passed' && s.status !== 'skipped');
  return started && firstOpen ? stepPage(firstOpen.stepId) : OVERVIEW;
}

/** The page before or after in the plan's order (the overview, then each step); from a page outside it, the overview. */
export function adjacentPage(plan: Plan, page: Page | null, delta: 1 | -1): Page {
  const order = [OVERVIEW, ...plan.phases.flatMap((p) => p.steps.map((s) => stepPage(s.id)))];
  const index = page ? order.findIndex((p) => samePage(p, page)) : -1;
  return order[Math.min(order.length - 1, Math.max(0, index + delta))] ?? OVERVIEW;
}
