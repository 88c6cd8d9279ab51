// The migration guide as data, gathered from the journal (./gather.ts) and
// drawn by each renderer (./render/). Small parts are plain values; the parts
// that grow with the session (runs, issues) are functions returning a fresh
// stream of rows, so a renderer never holds them all.
import type { GuideOptions } from '../../shared/guide';
import type {
  EditRecord,
  GateResult,
  IssueRecord,
  IssueState,
  MeasurementRecord,
  RestoreRecord,
  RunRecord,
  SnapshotRecord,
  StepKind,
  StepStatus,
  ToolchainComparison,
  ToolchainState,
} from '../../shared/model';
import type { HostSystem } from '../platform/hostSystem';
import type { BisectionRecord } from '../../shared/toolchain/bisection';

export type Stream<T> = () => Iterable<T>;

export interface GuideRun extends RunRecord {
  /** The end of a failed run's output, without colours (with excerpts only). */
  outputTail: string | null;
  /** Issues this run was the first to show. */
  issuesFound: number;
}

export interface GuideIssue extends IssueRecord {
  /** The step of the run that fixed it; null when fixed by a typed command or not fixed. */
  fixedByStepId: string | null;
}

interface EntryBase {
  /** 1-based position in the session's timeline. */
  index: number;
  /** Plan step id, `autofix:<breakage>` for a one-click fix, null for typed commands. */
  stepId: string | null;
  title: string;
  /** The plan phase's title, when the entry is a plan step. */
  phase: string | null;
  at: string;
  /** Snapshots taken just before this entry (rollback points). */
  snapshots: SnapshotRecord[];
}

/** Consecutive runs of one step (or consecutive typed commands). */
export interface RunsEntry extends EntryBase {
  kind: 'runs';
  /** The measurement these runs took, when they were one's commands. */
  measurement: { id: number; kind: MeasurementRecord['kind']; label: string } | null;
  runs: GuideRun[];
  timeSpentMs: number;
  /** The last run's outcome. */
  status: RunRecord['status'];
}

/** Files changed together by an edit step or a one-click fix. */
export interface EditEntry extends EntryBase {
  kind: 'edit';
  edits: EditRecord[];
}

/** A step marked by hand (a manual checklist done, a step skipped), passed with its work already done, or reopened by a restore. */
export interface MarkEntry extends EntryBase {
  kind: 'mark';
  status: StepStatus;
  /** Why it passed without a run doing its work ("already done: toolchain stable is installed"); absent when marked by hand. */
  note?: string;
}

/** A snapshot with nothing after it. */
export interface SnapshotEntry extends EntryBase {
  kind: 'snapshot';
}

export type TimelineEntry = RunsEntry | EditEntry | MarkEntry | SnapshotEntry;

export interface IssueKind {
  /** `state tool code`, the grouping key. */
  key: string;
  state: IssueState;
  tool: string;
  code: string | null;
  count: number;
  errors: number;
  /** The known breakage that explains this kind's first issue. */
  known: IssueRecord['known'];
}

export interface IssueGroup {
  total: number;
  kinds: IssueKind[];
  /** The first issues of each kind, in kind order (state, tool, code, id); the JSON record has every one. */
  issues: Stream<GuideIssue>;
  /** How many issues of each kind `issues` holds at most. */
  perKind: number;
}

export interface ToolchainSummary {
  /** Where it was read: `snapshot #3 (2026-...)`, `baseline measurement`... */
  source: string;
  at: string | null;
  /** `rustup show active-toolchain`, from a snapshot. */
  active: string | null;
  /** `rustc -V`, from a measurement. */
  rustc: string | null;
  state: ToolchainState | null;
}

export interface Environment {
  /** The operating system the session started on; null for sessions from before it was recorded. */
  system: HostSystem | null;
  /** Host triple, from a toolchain name (x86_64-unknown-linux-gnu). */
  host: string | null;
  /** `Linux (x86_64)`, from the host triple. */
  os: string | null;
  before: ToolchainSummary | null;
  after: ToolchainSummary | null;
}

export interface RollbackPlan {
  /** The earliest snapshot: the project as it was before the first change. */
  snapshot: SnapshotRecord | null;
  /** `stepwise snapshots restore ID --project DIR`: a safety snapshot first, so it can be undone. */
  stepwiseCommand: string | null;
  /** Commands that put the snapshot's files back (git store), by hand. */
  fileCommands: string[];
  /** The toolchain to return to, and the commands that bring it back. */
  toolchain: { name: string | null; commands: string[]; source: string };
  /** A backup branch made by a step that passed. */
  backupBranch: string | null;
  /** Checks that passed before the first change: run them again to confirm the rollback. */
  verify: string[];
  /** How to undo each step that ran, last first (from the plan). */
  stepUndo: { stepId: string; title: string; rollback: string }[];
  snapshots: SnapshotRecord[];
  restores: RestoreRecord[];
}

export interface PlanStepState {
  id: string;
  title: string;
  phase: string;
  kind: StepKind;
  status: StepStatus;
}

export type Outcome = 'completed' | 'in-progress' | 'not-started';

export interface GuideModel {
  meta: { schemaVersion: number; generatedAt: string; stepwiseVersion: string };
  options: GuideOptions;
  /** `Upgrade to Rust 1.81 and wasmtime 35`, else the plan's title. */
  title: string;
  /** From the session's parameters (from_rust, to_rust, from_wasmtime, to_wasmtime). */
  versions: { fromRust: string | null; toRust: string | null; fromWasmtime: string | null; toWasmtime: string | null };
  project: { name: string; path: string };
  session: {
    id: number;
    startedAt: string;
    lastActivity: string;
    durationMs: number;
    /** Time commands ran, summed. */
    commandMs: number;
    params: Record<string, string>;
  };
  plan: { id: string; title: string; source: string; origin: string; description: string };
  outcome: { status: Outcome; text: string };
  counts: {
    steps: Record<StepStatus, number>;
    totalSteps: number;
    runs: number;
    failedRuns: number;
    issues: Record<IssueState, number> & { errors: number; warnings: number; total: number };
  };
  planSteps: PlanStepState[];
  environment: Environment;
  timeline: Stream<TimelineEntry>;
  /** Issues met and fixed. */
  breaking: IssueGroup;
  /** Open, regressed and won't-fix issues. */
  unresolved: IssueGroup;
  /** Issues the user annotated. */
  notes: { total: number; issues: Stream<GuideIssue> };
  /** Every issue, by id (the JSON record). */
  allIssues: Stream<GuideIssue>;
  /** Measurements, the plan's gates judged on them, and old-against-new checks (the seed's parallel testing). */
  metrics: { measurements: MeasurementRecord[]; gates: GateResult[]; comparisons: ToolchainComparison[]; bisections: BisectionRecord[] };
  rollback: RollbackPlan;
}
