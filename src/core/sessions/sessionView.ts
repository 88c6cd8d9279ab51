// Assembles what a client needs to draw one session, from the journal.
import type { SessionView, StepState } from '../../shared/model';
import type { IssueExplainer } from '../issues/explainIssue';
import type { Journal } from '../journal/journal';

export function sessionView(journal: Journal, sessionId: number, explain: IssueExplainer = (issue) => issue): SessionView {
  const { session, plan } = journal.sessions.get(sessionId);
  const recorded = new Map(journal.sessions.stepStates(sessionId).map((s) => [s.stepId, s]));
  const steps: StepState[] = plan.phases.flatMap((phase) =>
    phase.steps.map(
      (step) => recorded.get(step.id) ?? { stepId: step.id, status: 'pending', lastRunId: null, updatedAt: null },
    ),
  );
  return {
    project: journal.projects.get(session.projectId),
    session,
    plan,
    steps,
    runs: journal.runs.forSession(sessionId),
    issues: journal.issues.forSession(sessionId).map(explain),
    edits: journal.edits.forSession(sessionId),
    snapshots: journal.snapshots.forSession(sessionId),
    restores: journal.restores.forSession(sessionId),
  };
}
