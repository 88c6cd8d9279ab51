// Assembles what a client needs to draw one session, from the journal.
import type { SessionView, StepState } from '../../shared/model';
import type { IssueExplainer } from '../issues/explainIssue';
import type { Journal } from '../journal/journal';

export function sessionView(journal: Journal, sessionId: number, explain: IssueExplainer = (issue) => issue): SessionView {
  const { session, plan } = journal.session(sessionId);
  const recorded = new Map(journal.stepStates(sessionId).map((s) => [s.stepId, s]));
  const steps: StepState[] = plan.phases.flatMap((phase) =>
    phase.steps.map(
      (step) => recorded.get(step.id) ?? { stepId: step.id, status: 'pending', lastRunId: null, updatedAt: null },
    ),
  );
  return {
    project: journal.project(session.projectId),
    session,
    plan,
    steps,
    runs: journal.runs(sessionId),
    issues: journal.issues(sessionId).map(explain),
    edits: journal.edits(sessionId),
    snapshots: journal.snapshots(sessionId),
    restores: journal.restores(sessionId),
  };
}
