// Judges an after's test integrity as it ends: the project's tree when the
// latest baseline began against its tree when the after began (the trees the
// measurements' first runs started on), each relaxation attributed to the
// step whose edit, or whose command's run, made it. Kept with the after (the trees are unreferenced
// git objects that gc may prune), so the gate reads it without git.
import type { IntegrityCheck, MeasurementRecord, Plan } from '../../../shared/model';
import { latestMeasurement } from '../../../shared/measurements';
import type { Journal } from '../../journal/journal';
import { attribute, attributeToRuns, type StepRunRelaxations } from './attribute';
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
    const titles = stepTitles(journal.sessions.get(after.sessionId).plan);
    const byEdits = attribute(found, edits, titles);
    const unattributed = byEdits.some((f) => f.stepId === null);
    const runs = unattributed ? await stepRunRelaxations(journal, root, after.sessionId, baseline.startedAt, after.startedAt) : [];
    return { ...judged, unavailable: null, findings: attributeToRuns(byEdits, runs, titles) };
  } catch (error) {
    return { ...judged, unavailable: `git could not compare the baseline's tree with the after's: ${(error as Error).message}` };
  }
}

/**
 * What each step's run between `from` and `to` relaxed, from the trees it
 * started and ended on (journal migration 18): a command step (`sed`, `cargo
 * fix`) that changed the tree. Runs without both trees (outside git, before
 * end trees were kept) tell nothing.
 */
async function stepRunRelaxations(journal: Journal, root: string, sessionId: number, from: string, to: string): Promise<StepRunRelaxations[]> {
  const found: StepRunRelaxations[] = [];
  for (const run of journal.runs.forSession(sessionId)) {
    if (run.stepId === null || run.startedAt < from || run.startedAt > to) continue;
    const [start, end] = [journal.runs.tree(run.id), journal.runs.endTree(run.id)];
    if (!start || !end || start === end) continue;
    found.push({ stepId: run.stepId, found: await treeRelaxations(root, start, end) });
  }
  return found;
}

function stepTitles(plan: Plan): (stepId: string) => string {
  const titles = new Map(plan.phases.flatMap((phase) => phase.steps.map((s) => [s.id, s.title])));
  return (id) => titles.get(id) ?? (id.startsWith('autofix:') ? `One-click fix: ${id.slice('autofix:'.length)}` : id);
}
