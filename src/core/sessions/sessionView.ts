// Assembles what a client needs to draw one session, from the journal. Runs
// and issues are not in it: a long session has 100,000s; the page asks for
// them a page at a time (handlers/pages.ts).
import type { SessionView, StepState } from '../../shared/model';
import type { Journal } from '../journal/journal';

export function sessionView(journal: Journal, sessionId: number): SessionView {
  const { session, plan } = journal.sessions.get(sessionId);
  const recorded = new Map(journal.sessions.stepStates(sessionId).map((s) => [s.stepId, s]));
  const steps: StepState[] = plan.phases.flatMap((phase) =>
    phase.steps.map(
      (step) => recorded.get(step.id) ?? { stepId: step.id, status: 'pending', lastRunId: null, updatedAt: null, note: null },
    ),
  );
  return {
    project: journal.projects.get(session.projectId),
    session,
    plan,
    steps,
    runCount: journal.runs.count(sessionId),
    lastRuns: steps.flatMap((s) => (s.lastRunId === null ? [] : [journal.runs.get(s.lastRunId)])),
    edits: journal.edits.forSession(sessionId),
    snapshots: journal.snapshots.forSession(sessionId),
    restores: journal.restores.forSession(sessionId),
  };
}
