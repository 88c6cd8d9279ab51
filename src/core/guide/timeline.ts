// The session in the order it really happened: runs (read one at a time),
// with the edits, hand-marked steps and snapshots between them merged in by
// time. Consecutive runs of one step, or consecutive typed commands, make one
// entry; a snapshot is attached to the entry it was taken before.
import { stripAnsi } from '../../shared/ansi';
import { originTitle } from '../../shared/words/runOrigin';
import type { EditRecord, MeasurementRecord, RunRecord, SnapshotRecord, StepState } from '../../shared/model';
import type { GuideQueries } from './guideQueries';
import type { GuideRun, PlanStepState, RunsEntry, TimelineEntry } from './model';

type RunsEntryMeasurement = RunsEntry['measurement'];
import type { Scrub } from './scrub';

/** How much of a failed run's output an excerpt keeps. */
export const EXCERPT_CHARS = 2000;
export const EXCERPT_LINES = 15;

export interface TimelineInput {
  queries: GuideQueries;
  sessionId: number;
  steps: Map<string, PlanStepState>;
  stepStates: StepState[];
  stepIdsRun: Set<string>;
  edits: EditRecord[];
  snapshots: SnapshotRecord[];
  /** Their commands are runs with no step: they are told apart by time. */
  measurements: MeasurementRecord[];
  issuesFoundByRun: Map<number, number>;
  excerpts: boolean;
  scrub: Scrub;
}

type SideEvent =
  | { kind: 'edit'; at: string; stepId: string; edits: EditRecord[] }
  | { kind: 'mark'; at: string; state: StepState }
  | { kind: 'snapshot'; at: string; snapshot: SnapshotRecord };

export function* timeline(input: TimelineInput): Generator<TimelineEntry> {
  const { queries, sessionId, steps, scrub } = input;
  const side = sideEvents(input);
  let nextSide = 0;
  let index = 0;
  let pendingSnapshots: SnapshotRecord[] = [];
  let open: RunsEntry | null = null;

  // `stepless` titles an entry no plan step made: who made it, in words.
  const base = (stepId: string | null, at: string, stepless: string): Omit<TimelineEntry, 'kind'> => {
    const step = stepId ? steps.get(stepId) : undefined;
    const snapshots = pendingSnapshots.map((s) => ({ ...s, label: scrub(s.label) }));
    pendingSnapshots = [];
    return { index: ++index, stepId, title: titleOf(stepId, step, stepless), phase: step?.phase ?? null, at, snapshots };
  };

  // Side events up to `until` (all when null), each closing the open run entry.
  function* flushSide(until: string | null): Generator<TimelineEntry> {
    while (nextSide < side.length && (until === null || (side[nextSide] as SideEvent).at <= until)) {
      const event = side[nextSide++] as SideEvent;
      if (event.kind === 'snapshot') {
        // A migration takes its snapshot after working the change out, while its run is open: it belongs to that run.
        if (open && takenWithin(event.snapshot, open)) open.snapshots.push({ ...event.snapshot, label: scrub(event.snapshot.label) });
        else pendingSnapshots.push(event.snapshot);
        continue;
      }
      if (open) yield open;
      open = null;
      if (event.kind === 'edit') {
        const edits = event.edits.map((e) => ({ ...e, file: scrub(e.file), diff: scrub(e.diff) }));
        yield { ...base(event.stepId, event.at, 'Edited by Stepwise'), kind: 'edit', edits };
      } else {
        const { status, note } = event.state;
        yield { ...base(event.state.stepId, event.at, 'Marked by hand'), kind: 'mark', status, ...(note ? { note: scrub(note) } : {}) };
      }
    }
  }

  // One character more than an excerpt keeps tells a cut output from a short one.
  for (const row of queries.iterateRuns(sessionId, { outputTail: input.excerpts ? EXCERPT_CHARS + 1 : 0 })) {
    yield* flushSide(row.startedAt);
    // Each row is a fresh object, read once: cleaned in place, not copied.
    const run = row as GuideRun;
    run.command = scrub(row.command);
    run.cwd = scrub(row.cwd);
    run.outputTail = row.outputTail === null ? null : scrub(excerpt(row.outputTail));
    run.issuesFound = input.issuesFoundByRun.get(row.id) ?? 0;
    // Before origins were kept (null), a measurement's commands were told by time alone.
    const measurement = run.origin === 'measurement' || (run.origin === null && run.stepId === null) ? measurementOf(run, input.measurements) : null;
    if (open && open.stepId === run.stepId && open.runs[0]?.origin === run.origin && open.measurement?.id === measurement?.id && pendingSnapshots.length === 0) {
      open.runs.push(run);
    } else {
      if (open) yield open;
      const entry = base(run.stepId, run.startedAt, originTitle(run));
      if (measurement) entry.title = `Measurement: ${scrub(measurement.label)} (${measurement.kind})`;
      // Completed in place (10,000 runs make thousands of entries): the same keys, in the same order, as a copy.
      open = Object.assign(entry, { kind: 'runs' as const, measurement, runs: [run], timeSpentMs: 0, status: run.status });
    }
    open.timeSpentMs += run.durationMs ?? 0;
    open.status = run.status;
  }
  yield* flushSide(null);
  if (open) yield open;
  for (const snapshot of pendingSnapshots) {
    yield { ...base(snapshot.stepId, snapshot.createdAt, 'Snapshot'), kind: 'snapshot', snapshots: [{ ...snapshot, label: scrub(snapshot.label) }] };
  }
}

/** Taken by the open entry's own migration run, between its start and its end. */
function takenWithin(snapshot: SnapshotRecord, entry: RunsEntry): boolean {
  const run = entry.runs.at(-1);
  return run !== undefined && run.origin === 'migration' && run.stepId === snapshot.stepId && run.endedAt !== null && snapshot.createdAt >= run.startedAt && snapshot.createdAt <= run.endedAt;
}

/**
 * The measurement whose commands were running when `run` started. A
 * measurement reads its toolchain (`rustc -V`) just before it is journaled:
 * that run belongs to it too.
 */
function measurementOf(run: RunRecord, measurements: MeasurementRecord[]): RunsEntryMeasurement {
  const at = run.startedAt;
  const m = measurements.find(
    (x) =>
      (x.startedAt <= at && (x.endedAt === null || at <= x.endedAt)) ||
      (run.command === 'rustc -V' && run.endedAt !== null && run.endedAt <= x.startedAt && Date.parse(x.startedAt) - Date.parse(run.endedAt) < 5000),
  );
  return m ? { id: m.id, kind: m.kind, label: m.label } : null;
}

/** Edits grouped by step and time, steps marked by hand, snapshots: in time order. */
function sideEvents(input: TimelineInput): SideEvent[] {
  const events: SideEvent[] = [];
  for (const edit of input.edits) {
    const last = events[events.length - 1];
    if (last?.kind === 'edit' && last.stepId === edit.stepId && last.at === edit.appliedAt) last.edits.push(edit);
    else events.push({ kind: 'edit', at: edit.appliedAt, stepId: edit.stepId, edits: [edit] });
  }
  const edited = new Set(input.edits.map((e) => e.stepId));
  for (const state of input.stepStates) {
    const byHand = state.status === 'passed' || state.status === 'skipped';
    // An edit step a restore reopened: after its edits, the guide says the restore undid them.
    const reopened = state.status === 'pending' && state.note !== null;
    if (state.updatedAt && (reopened || (byHand && !input.stepIdsRun.has(state.stepId) && !edited.has(state.stepId)))) {
      events.push({ kind: 'mark', at: state.updatedAt, state });
    }
  }
  for (const snapshot of input.snapshots) events.push({ kind: 'snapshot', at: snapshot.createdAt, snapshot });
  // Stable: equal times keep edits, marks, snapshots in the order above... except a
  // snapshot must come before the change it guards, so it sorts first on a tie.
  const rank = { snapshot: 0, edit: 1, mark: 2 } as const;
  return events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : rank[a.kind] - rank[b.kind]));
}

function titleOf(stepId: string | null, step: PlanStepState | undefined, stepless: string): string {
  if (step) return step.title;
  if (stepId === null) return stepless;
  if (stepId.startsWith('autofix:')) return `One-click fix: ${stepId.slice('autofix:'.length)}`;
  return stepId;
}

/** The last lines of an output's tail, without colours or carriage-return redraws. */
export function excerpt(tail: string): string {
  const lines = stripAnsi(tail)
    .split('\n')
    .map((line) => line.slice(line.lastIndexOf('\r', line.length - 2) + 1).replace(/\r$/, ''));
  // The first line of a cut output is cut too: drop it unless it is all there is.
  const whole = tail.length > EXCERPT_CHARS && lines.length > 1 ? lines.slice(1) : lines;
  return whole.slice(-EXCERPT_LINES).join('\n').trimEnd();
}
