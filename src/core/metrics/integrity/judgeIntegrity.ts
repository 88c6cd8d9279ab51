// Judges an after's test integrity as it ends: the project's tree when the
// latest baseline began against its tree when the after began (the trees the
// measurements' first runs started on), each relaxation attributed to the
// step whose edit made it. Kept with the after (the trees are unreferenced
// git objects that gc may prune), so the gate reads it without git.
import type { IntegrityCheck, MeasurementRecord, Plan } from '../../../shared/model';
import { latestMeasurement } from '../../../shared/measurements';
import type { Journal } from '../../journal/journal';
import { attribute } from './attribute';
import { treeRelaxations } from './treeIntegrity';

/** Null without a baseline to judge against. */
export async function judgeIntegrity(journal: Journal, after: MeasurementRecord, root: string): Promise<IntegrityCheck | null> {
  const baseline = latestMeasurement(journal.measurements.forSession(after.sessionId), 'baseline');
  if (!baseline) return null;
  const from = journal.measurements.tree(baseline);
  const to = journal.measurements.tree(after);
  const judged = { baselineId: baseline.id, findings: [] };
  if (!from || !to) {
    const which = from ? `the after (#${after.id})` : `the baseline (#${baseline.id})`;
    return { ...judged, unavailable: `no git tree was recorded for ${which}: the project is not in a git work tree (or git failed), so its tests and lints could not be compared` };
  }
  try {
    const found = await treeRelaxations(root, from, to);
    const edits = journal.edits.forSession(after.sessionId).filter((e) => e.appliedAt >= baseline.startedAt && e.appliedAt <= after.startedAt);
    return { ...judged, unavailable: null, findings: attribute(found, edits, stepTitles(journal.sessions.get(after.sessionId).plan)) };
  } catch (error) {
    return { ...judged, unavailable: `git could not compare the baseline's tree with the after's: ${(error as Error).message}` };
  }
}

function stepTitles(plan: Plan): (stepId: string) => string {
  const titles = new Map(plan.phases.flatMap((phase) => phase.steps.map((s) => [s.id, s.title])));
  return (id) => titles.get(id) ?? (id.startsWith('autofix:') ? `One-click fix: ${id.slice('autofix:'.length)}` : id);
}
