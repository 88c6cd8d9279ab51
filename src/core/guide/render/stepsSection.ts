// The steps in the order they really ran: the commands that worked, ready to
// paste; what failed, with the end of its output; edits as diffs; time spent.
import { GUIDE_SECTION_TITLES } from '../../../shared/guide';
import type { SnapshotRecord } from '../../../shared/model';
import type { EditEntry, GuideModel, GuideRun, RunsEntry, TimelineEntry } from '../model';
import { fromProject } from '../shell';
import type { BlockWriter, Line } from './blocks';
import { formatDuration, plural, RUN_ICON, runOutcome, runTime, STEP_ICON, when } from './words';

export function* stepsSection(model: GuideModel, w: BlockWriter): Generator<string> {
  yield w.heading(2, [GUIDE_SECTION_TITLES.steps], 'steps');
  yield w.paragraph([
    'Everything that ran, in order. Code blocks hold the commands that succeeded, ready to paste (run from the project folder); time spent is the time the commands ran.',
  ]);
  let any = false;
  for (const entry of model.timeline()) {
    any = true;
    yield w.group('step', [...entryBlocks(entry, model, w)].join(''));
  }
  if (!any) yield w.paragraph([{ em: ['Nothing has run in this session yet.'] }]);
}

function* entryBlocks(entry: TimelineEntry, model: GuideModel, w: BlockWriter): Generator<string> {
  const phase = entry.phase ? `${entry.phase} · ` : '';
  switch (entry.kind) {
    case 'runs':
      yield w.heading(3, [`${entry.index}. ${entry.measurement ? '📏' : RUN_ICON[entry.status]} ${entry.title}`], `step-${entry.index}`);
      yield w.paragraph([{ em: [`${phase}${when(entry.at)} · ${runsLabel(entry.runs)} · ${formatDuration(entry.timeSpentMs)}`] }]);
      yield* snapshotNotes(entry.snapshots, w);
      yield* runBlocks(entry, model.project.path, w);
      return;
    case 'edit':
      yield w.heading(3, [`${entry.index}. ✏️ ${entry.title}`], `step-${entry.index}`);
      yield w.paragraph([{ em: [`${phase}${when(entry.at)} · edit · ${plural(entry.edits.length, 'file')} changed`] }]);
      yield* snapshotNotes(entry.snapshots, w);
      yield* editBlocks(entry, w);
      return;
    case 'mark':
      yield w.heading(3, [`${entry.index}. ${STEP_ICON[entry.status]} ${entry.title}`], `step-${entry.index}`);
      yield w.paragraph([{ em: [`${phase}${when(entry.at)} · ${markWords(entry.status, entry.note)}`] }]);
      yield* snapshotNotes(entry.snapshots, w);
      return;
    case 'snapshot':
      yield w.heading(3, [`${entry.index}. 📸 Snapshot`], `step-${entry.index}`);
      yield* snapshotNotes(entry.snapshots, w);
  }
}

function runsLabel(runs: GuideRun[]): string {
  const first = runs[0] as GuideRun;
  const last = runs[runs.length - 1] as GuideRun;
  return runs.length === 1 ? `run #${first.id}` : `${runs.length} runs (#${first.id}–#${last.id})`;
}

function* snapshotNotes(snapshots: SnapshotRecord[], w: BlockWriter): Generator<string> {
  for (const s of snapshots) {
    yield w.note([`📸 Snapshot #${s.id} taken first (${s.store}, ${plural(s.fileCount, 'file')}): `, s.label]);
  }
}

function* runBlocks(entry: RunsEntry, projectPath: string, w: BlockWriter): Generator<string> {
  const passed = entry.runs.filter((r) => r.status === 'passed');
  if (passed.length) yield w.code(script(passed, projectPath), 'bash');
  const others = entry.runs.filter((r) => r.status !== 'passed');
  if (!others.length) return;
  yield w.list(
    others.map((run): Line => [
      `${RUN_ICON[run.status]} run #${run.id} `,
      { code: run.command },
      ` — ${runOutcome(run)}${runTime(run) ? `, ${runTime(run)}` : ''}`,
      ...(run.issuesFound ? [`, ${plural(run.issuesFound, 'new issue')}`] : []),
    ]),
  );
  const last = others[others.length - 1] as GuideRun;
  if (last.outputTail) {
    yield w.details([`End of the output of run #${last.id} (${runOutcome(last)})`], w.code(last.outputTail, 'text'));
  }
}

/** The commands as a script run from the project folder: another folder in a subshell; repeats once. */
function script(runs: GuideRun[], projectPath: string): string {
  const lines: string[] = [];
  for (const run of runs) {
    const line = fromProject(projectPath, run);
    if (line !== lines[lines.length - 1]) lines.push(line);
  }
  return lines.join('\n');
}

function* editBlocks(entry: EditEntry, w: BlockWriter): Generator<string> {
  for (const edit of entry.edits) yield w.code(edit.diff, 'diff');
}

/** Why a step moved by hand: its note (a step reopened by a restore says so), or just that it was marked. */
function markWords(status: string, note: string | undefined): string {
  if (!note) return `marked ${status} by hand`;
  return status === 'pending' ? `reopened: ${note}` : `${status} without running: ${note}`;
}
