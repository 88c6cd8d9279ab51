// The one contract between the engine and its clients. Each request names a
// zod schema for its params (checked by the engine: a WebSocket is untrusted
// input) and the TypeScript type of its result. Notifications are
// fire-and-forget (keystrokes, flow-control acks); events flow engine -> client.
import { z } from 'zod';
import { DEFAULT_GUIDE_OPTIONS, GUIDE_FORMATS, GUIDE_SECTIONS, type GuideFormat } from './guide';
import { MEASURE_PART_NAMES } from './measurements';
import { STAGE_CHECKS, type MigrationApplied, type MigrationPlan, type MigrationStatus } from './migrate/migration';
import { MAX_PLAN_CHARS, TOOLCHAIN_NAME } from './planParams';
import type { PreflightReport } from './preflight';
import type { ScanReport } from './scan';
import type { ShipResult } from './ship/shipReport';
import { BISECT_CHECKS, type BisectionRecord, type BisectProgress } from './toolchain/bisection';
import type {
  EditAtTarget,
  EditRecord,
  FileChange,
  GateResult,
  IssueRecord,
  MeasurementRecord,
  Plan,
  Project,
  SnapshotRecord,
  RestoreRecord,
  RunOutputSizes,
  RunRecord,
  SessionSummary,
  SessionView,
  StepState,
  TerminalInfo,
  TerminalSummary,
  ToolchainComparison,
} from './model';

const sessionId = z.number().int().positive();
const id = z.number().int().positive();
const terminalId = z.string().min(1).max(64);

/** The Issues panel's filters and groupings; the engine counts and pages by them. */
export const ISSUE_FILTERS = ['live', 'resolved', 'wontfix', 'all'] as const;
export type IssueFilter = (typeof ISSUE_FILTERS)[number];
export const ISSUE_GROUPINGS = ['step', 'file', 'kind'] as const;
export type IssueGrouping = (typeof ISSUE_GROUPINGS)[number];
/** The most rows one page request returns: a screenful many times over, never a whole long session. */
export const MAX_PAGE_ROWS = 500;
const offset = z.number().int().min(0);
const pageLimit = z.number().int().min(1).max(MAX_PAGE_ROWS);
const dimension = z.number().int().min(2).max(1000);

export const guideOptionsSchema = z.object({
  sections: z.array(z.enum(GUIDE_SECTIONS)).default([...DEFAULT_GUIDE_OPTIONS.sections]),
  excerpts: z.boolean().default(DEFAULT_GUIDE_OPTIONS.excerpts),
  tildeHome: z.boolean().default(DEFAULT_GUIDE_OPTIONS.tildeHome),
  redactSecrets: z.boolean().default(DEFAULT_GUIDE_OPTIONS.redactSecrets),
});
const toolchainName = z.string().regex(TOOLCHAIN_NAME, 'a rustup toolchain name, e.g. stable, nightly or 1.81.0');
/** A rustc lint, as cargo names it (`if_let_rescope`). */
const lintName = z.string().trim().regex(/^(clippy::)?[a-z][a-z0-9_-]{0,79}$/, 'a lint name, e.g. if_let_rescope or clippy::len_zero');
/** A regular expression, checked here so that a bad one is refused before anything runs. */
const regexSource = z
  .string()
  .min(1)
  .max(500)
  .refine((source) => {
    try {
      new RegExp(source, 'm');
      return true;
    } catch {
      return false;
    }
  }, 'not a valid regular expression');

export const requestParams = {
  'app.info': z.object({}),
  'projects.recent': z.object({ limit: z.number().int().min(1).max(100).default(10) }),
  'project.open': z.object({
    path: z.string().min(1, 'a project folder is required'),
    /** Start a new upgrade session even when the project has one already. */
    newSession: z.boolean().default(false),
  }),
  'session.view': z.object({ sessionId }),
  /** The project's sessions, newest first, with their progress. */
  'sessions.list': z.object({ projectId: id }),
  'plans.list': z.object({}),
  /** Reads a plan file's content (YAML, or a Markdown plan to import); runs nothing. */
  'plan.parse': z.object({ fileName: z.string().min(1), content: z.string().max(MAX_PLAN_CHARS) }),
  'session.start': z.object({
    path: z.string().min(1, 'a project folder is required'),
    plan: z.union([
      z.object({ builtin: z.string().min(1) }),
      z.object({ fileName: z.string().min(1), content: z.string().max(MAX_PLAN_CHARS) }),
    ]),
    params: z.record(z.string(), z.string()).default({}),
  }),
  'session.setParams': z.object({ sessionId, params: z.record(z.string(), z.string()) }),
  /** The user has seen every command of a plan from a file and lets it run. */
  'session.trust': z.object({ sessionId }),
  'session.preflight': z.object({ sessionId }),
  'step.preview': z.object({ sessionId, stepId: z.string().min(1) }),
  'step.apply': z.object({ sessionId, stepId: z.string().min(1), digest: z.string().min(1) }),
  'issue.annotate': z.object({ issueId: z.number().int().positive(), note: z.string().max(10_000) }),
  /** A reason marks the issue won't fix; null reopens it. */
  'issue.wontfix': z.object({ issueId: z.number().int().positive(), reason: z.string().min(1).max(10_000).nullable() }),
  'issue.openInEditor': z.object({ issueId: z.number().int().positive(), terminalId: terminalId.optional() }),
  /** A `path:line:col` the terminal printed: opens it like an issue's file, if it is a file of the session's project. */
  'file.openInEditor': z.object({
    sessionId,
    file: z.string().min(1).max(4096),
    line: z.number().int().positive().default(1),
    column: z.number().int().positive().default(1),
    terminalId: terminalId.optional(),
  }),
  /** Applies the known breakage's mechanical fix, after a snapshot of the project. */
  'issue.autofix': z.object({ issueId: z.number().int().positive(), terminalId: terminalId.optional() }),
  /** `confirmRerun`: the user said yes to running again a step that already ran and whose rerun repeats what it changed. */
  'step.run': z.object({ sessionId, stepId: z.string().min(1), terminalId, confirmRerun: z.boolean().default(false) }),
  /** A snapshot step: takes and journals a rollback snapshot of the project; the step has then passed. */
  'step.snapshot': z.object({ sessionId, stepId: z.string().min(1) }),
  'step.mark': z.object({
    sessionId,
    stepId: z.string().min(1),
    status: z.enum(['passed', 'skipped', 'pending']),
  }),
  /** Shows a terminal of the session: `terminalId`, or without it the session's main one (started on first use). */
  'terminal.open': z.object({ sessionId, cols: dimension, rows: dimension, terminalId: terminalId.optional() }),
  /** Starts another terminal in the session (a tab); `terminal.open` then shows it. */
  'terminal.create': z.object({ sessionId, cols: dimension, rows: dimension }),
  /** The session's open terminals, the main one first, then in the order they were opened. */
  'terminal.list': z.object({ sessionId }),
  'terminal.close': z.object({ terminalId }),
  'run.output': z.object({ runId: z.number().int().positive() }),
  /** How many issues each filter holds, and the groups of one filter and grouping, first seen first. */
  'issues.groups': z.object({ sessionId, filter: z.enum(ISSUE_FILTERS), grouping: z.enum(ISSUE_GROUPINGS) }),
  /** One page of one group's issues (`group`: a key from `issues.groups`), oldest first. */
  'issues.page': z.object({
    sessionId,
    filter: z.enum(ISSUE_FILTERS),
    grouping: z.enum(ISSUE_GROUPINGS),
    group: z.string().max(100_000),
    offset,
    limit: pageLimit,
  }),
  /** What one run showed: the issues it saw last (by severity) and those it was the first run without. */
  'run.issueCounts': z.object({ runId: z.number().int().positive() }),
  /** One page of the session's runs, oldest first, and how many there are. */
  'runs.page': z.object({ sessionId, offset, limit: pageLimit }),
  /**
   * Lines of a run's kept output, ANSI removed; `find`: the first line equal
   * to it once trimmed (where an issue starts), so the page can scroll there.
   */
  'run.lines': z.object({
    runId: z.number().int().positive(),
    offset,
    limit: z.number().int().min(1).max(5_000),
    find: z.string().max(10_000).optional(),
  }),
  /**
   * Starts a measurement in the session's terminal; returns it as started (its
   * toolchain read). `metrics.progress` follows it, `metrics.changed` ends it.
   */
  'metrics.measure': z.object({
    sessionId,
    terminalId,
    kind: z.enum(['baseline', 'after', 'adhoc']),
    label: z.string().trim().max(100).optional(),
    /** Each timed command runs this many times; the figure is the median. */
    runs: z.number().int().min(1).max(20).default(5),
    /** Remove the build output before each timed run, so each builds everything. */
    clean: z.boolean().default(false),
    runtime: z
      .object({
        command: z.string().trim().min(1, 'a runtime command is required').max(2000).regex(/^[^\r\n]*$/, 'one line'),
        /** Picks the number the command prints (group `value` or 1; unit: group `unit` or 2); null: its wall time. */
        regex: regexSource.nullable().default(null),
      })
      .nullable()
      .default(null),
    /** A container image to size with `docker image inspect`. */
    image: z
      .string()
      .trim()
      .max(255)
      .regex(/^[A-Za-z0-9][A-Za-z0-9._\-/:@]*$/, 'an image name such as photondrift:latest')
      .nullable()
      .default(null),
    /** What runs the tests: `cargo test`, or `cargo nextest run` (counted per binary from its lines). */
    testRunner: z.enum(['cargo', 'nextest']).default('cargo'),
    /** The parts to take (`build`, `tests`, ...); the others are recorded as not measured. Default: all. */
    what: z.array(z.enum(MEASURE_PART_NAMES)).min(1, 'at least one part').default([...MEASURE_PART_NAMES]),
  }),
  'metrics.list': z.object({ sessionId }),
  /** Runs `cargo +old <args>` then `cargo +new <args>` in the terminal and compares what they report. */
  'metrics.compareToolchains': z.object({
    sessionId,
    terminalId,
    old: toolchainName,
    new: toolchainName,
    args: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .regex(/^[\w\s=.,:/+@-]+$/, 'cargo arguments only: letters, digits, spaces and = . , : / + @ -')
      .default('check'),
  }),
  /**
   * Between installed toolchains given oldest first, the first where a check's
   * outcome changes, in a scratch copy of the project (not in the terminal:
   * the checks never touch the user's tree). Resolves when it is done.
   */
  'metrics.bisect': z.object({
    sessionId,
    toolchains: z.array(toolchainName).min(2, 'at least two toolchains').max(16),
    check: z.enum(BISECT_CHECKS),
    /** Every toolchain, not a binary search: sees an outcome that changes back. */
    all: z.boolean().default(false),
  }),
  /** Stops the session's bisection: its running check is ended and its scratch copy removed. */
  'metrics.stopBisect': z.object({ sessionId }),
  /** The project's edition and the editions it can move to. */
  'migrate.status': z.object({ sessionId }),
  /** Works an edition migration out in a scratch copy (`migrate.progress` tells how far); the project is not touched. */
  'migrate.plan': z.object({
    sessionId,
    /** The edition to reach: the project's own for clippy's fixes alone. */
    edition: z.string().trim().min(1).max(8),
    toolchain: toolchainName.optional(),
    /** Clippy lints or groups whose fixes follow the edition steps (`cargo clippy --fix` for them alone). */
    clippy: z.array(lintName).max(50).default([]),
  }),
  /** Works it out again with these choices and, when it builds, applies it after a snapshot and journals it. */
  'migrate.apply': z.object({
    sessionId,
    edition: z.string().trim().min(1).max(8),
    toolchain: toolchainName.optional(),
    clippy: z.array(lintName).max(50).default([]),
    accept: z.array(lintName).max(200).default([]),
    reject: z.array(lintName).max(200).default([]),
    /** Single fixes left out, `src/lib.rs:93`. */
    skip: z.array(z.string().trim().regex(/^[^:\0]+:[1-9]\d*$/, 'FILE:LINE, e.g. src/lib.rs:93').max(1000)).max(5000).default([]),
    /** Stages with gates: each accepted lint's fixes kept only when these checks pass with them; empty: no stages. */
    stages: z.array(z.enum(STAGE_CHECKS)).max(STAGE_CHECKS.length).default([]),
    /** The migrate step this carries out: its snapshot and run are the step's, and the step passes once applied. */
    stepId: z.string().min(1).optional(),
  }),
  /** Stops the session's migration: its cargo is ended and its scratch copy removed. */
  'migrate.stop': z.object({ sessionId }),
  'guide.export': z.object({
    sessionId,
    format: z.enum(GUIDE_FORMATS).default('md'),
    options: guideOptionsSchema.prefault({}),
    /** Absolute path to write the guide to (streamed, atomically); omitted: return the text. */
    outPath: z.string().min(1).optional(),
    /** Return only the first this-many characters (a preview); reading stops there. */
    maxChars: z.number().int().min(1).optional(),
  }),
  /**
   * The session as a new git branch of its project's repository (core/ship):
   * a commit per step that changed files, the user's work tree, index and
   * HEAD untouched; journaled, with the pull-request text returned.
   */
  'guide.ship': z.object({
    sessionId,
    branch: z.string().trim().min(1, 'a branch name').max(200),
    /** Replace the branch if it exists (never the current one). */
    force: z.boolean().default(false),
  }),
  'snapshots.list': z.object({ sessionId }),
  'snapshot.create': z.object({ sessionId, label: z.string().trim().min(1).max(200) }),
  /** Files changed from a snapshot to the current tree (against: null) or to another snapshot. */
  'snapshot.diff': z.object({ sessionId, snapshotId: id, against: id.nullable().default(null) }),
  'snapshot.restore': z.object({
    sessionId,
    snapshotId: id,
    mode: z.enum(['all', 'files', 'emergency']),
    files: z.array(z.string().min(1)).default([]),
    terminalId: terminalId.optional(),
  }),
  /** Restores the safety snapshot a restore took first. */
  'restore.undo': z.object({ sessionId, restoreId: id, terminalId: terminalId.optional() }),
  'snapshots.prune': z.object({ sessionId, snapshotIds: z.array(id).min(1) }),
} as const;

export interface RequestResults {
  'app.info': AppInfo;
  'projects.recent': Project[];
  'project.open': SessionView;
  'session.view': SessionView;
  'sessions.list': SessionSummary[];
  'plans.list': PlanSummary[];
  'plan.parse': { plan: Plan; format: 'yaml' | 'markdown'; warnings: string[] };
  'session.start': SessionView;
  'session.setParams': SessionView;
  'session.trust': SessionView;
  /** The project scan, and whether the session's plan can work on it. */
  'session.preflight': PreflightReport & { notes: string[]; scan: ScanReport };
  'step.preview': EditPreviewResult;
  'step.apply': { edits: EditRecord[]; step: StepState };
  'issue.annotate': IssueRecord;
  'issue.wontfix': IssueRecord;
  'issue.openInEditor': { command: string; where: 'terminal' | 'app' };
  'file.openInEditor': { command: string; where: 'terminal' | 'app' };
  'issue.autofix': { summary: string; snapshot: SnapshotRecord; edits: EditRecord[] };
  /**
   * The run typed into the terminal; or, for a toolchain step whose work rustup says is done
   * (the toolchain installed, already the default, its components or targets present), no run:
   * the step has passed, and `alreadyDone` says why.
   */
  'step.run': { runId: number } | { alreadyDone: string; step: StepState };
  'step.snapshot': { snapshot: SnapshotRecord; step: StepState };
  'step.mark': StepState;
  'terminal.open': TerminalInfo;
  'terminal.create': TerminalSummary;
  'terminal.list': { terminals: TerminalSummary[] };
  'terminal.close': { closed: boolean };
  /** `output`: the run's head and tail, cut in the middle past a few MB; `sizes` null for runs from before sizes were kept. */
  'run.output': { runId: number; output: string; sizes: RunOutputSizes | null };
  'issues.groups': IssueGroups;
  'issues.page': { issues: IssueRecord[] };
  'runs.page': { total: number; runs: RunRecord[] };
  'run.issueCounts': { errors: number; warnings: number; resolved: number };
  'run.lines': RunLines;
  'guide.export': GuideExportResult;
  'guide.ship': ShipResult;
  'snapshots.list': { snapshots: SnapshotSummary[]; restores: RestoreRecord[] };
  'snapshot.create': SnapshotRecord;
  /** `truncated`: the file list or the diffs were cut at a size limit (files past it have an empty diff). */
  'snapshot.diff': { files: FileChange[]; truncated: boolean };
  'snapshot.restore': RestoreResult;
  'restore.undo': RestoreResult;
  'snapshots.prune': { removed: number[]; kept: { id: number; reason: string }[] };
  'metrics.measure': MeasurementRecord;
  'metrics.list': MetricsOverview;
  'metrics.compareToolchains': ToolchainComparison;
  'metrics.bisect': BisectionRecord;
  'metrics.stopBisect': { stopped: boolean };
  'migrate.status': MigrationStatus;
  'migrate.plan': MigrationPlan;
  'migrate.apply': MigrationApplied;
  'migrate.stop': { stopped: boolean };
}

/** `key`: the step id, the file, or `tool code`; '' for issues of no step (typed commands) or no file. */
export interface IssueGroup {
  key: string;
  count: number;
}

export interface IssueGroups {
  counts: Record<IssueFilter, number>;
  groups: IssueGroup[];
}

export interface RunLines {
  runId: number;
  totalLines: number;
  offset: number;
  lines: string[];
  /** The line `find` asked for, or null. */
  foundAt: number | null;
  /** The line that marks where the middle of a long output was cut (not kept), or null. */
  cutAt: number | null;
  sizes: RunOutputSizes | null;
}

export interface SnapshotSummary extends SnapshotRecord {
  /** Files that differ from the current tree; null if it could not be computed. */
  changedFiles: number | null;
  /** Why pruning would keep it (newest, linked to an issue's fix, safety of the last restore), or null. */
  protectedReason: string | null;
}

export interface RestoreResult {
  restore: RestoreRecord;
  safety: SnapshotRecord;
}

export const notificationParams = {
  'terminal.input': z.object({ terminalId, data: z.string().max(1_000_000) }),
  'terminal.resize': z.object({ terminalId, cols: dimension, rows: dimension }),
  /** The client has parsed this many more characters of terminal output. */
  'terminal.ack': z.object({ terminalId, chars: z.number().int().min(0) }),
  /** The client no longer shows the terminal (its pane closed): it stops getting its output, and never holds it. */
  'terminal.detach': z.object({ terminalId }),
} as const;

export interface EngineEvents {
  'terminal.data': { terminalId: string; data: string };
  /**
   * terminal.data as a binary transport hands it to a client that reads bytes
   * (the page, src/shared/wire/terminalFrames.ts): the engine never emits it.
   */
  'terminal.bytes': { terminalId: string; bytes: Uint8Array; chars: number };
  'terminal.state': { terminalId: string; busy: boolean; cwd: string | null };
  'terminal.exit': { terminalId: string; exitCode: number | null };
  'run.started': RunRecord;
  'run.finished': RunRecord;
  'step.changed': { sessionId: number; step: StepState };
  /** Issues created or changed (seen again, resolved, annotated...): clients upsert them by id. */
  'issues.changed': { sessionId: number; issues: IssueRecord[] };
  'edits.applied': { sessionId: number; edits: EditRecord[] };
  'snapshot.taken': SnapshotRecord;
  'snapshot.restored': RestoreRecord;
  'snapshots.pruned': { sessionId: number; snapshotIds: number[] };
  /** A measurement under way: which command, and how far cargo has got. */
  'metrics.progress': MeasurementProgress;
  /** A measurement started or finished, with the gates judged again. */
  'metrics.changed': { sessionId: number; measurement: MeasurementRecord; gates: GateResult[] };
  'metrics.compared': ToolchainComparison;
  'metrics.bisectProgress': BisectProgress;
  /** A bisection ended: its journaled record, or null when it stopped or failed (`error` says why). */
  'metrics.bisected': { sessionId: number; record: BisectionRecord | null; error: string | null };
  /** A line of a migration being worked out or applied. */
  'migrate.progress': { sessionId: number; line: string };
  /** The journal could not be written (the disk is full...), or can be again: every page shows it. */
  'engine.health': EngineHealth;
}

/** Whether the engine can journal. */
export interface EngineHealth {
  /** Null while the journal can be written. */
  journal: JournalProblem | null;
}

/** The journal cannot be written: what failed, since when, and what to do (`message`, the page's banner). */
export interface JournalProblem {
  kind: 'full' | 'quota' | 'readonly' | 'io';
  /** SQLite's or the system's code: SQLITE_FULL, ENOSPC, SQLITE_IOERR_WRITE... */
  code: string;
  journalPath: string;
  /** ISO time of the first write that failed. */
  since: string;
  /** What failed: "The journal … cannot be written: the disk holding … is full (SQLITE_FULL)." */
  headline: string;
  /** What Stepwise does meanwhile, what to do, what waits to be journaled. */
  detail: string;
  /** The headline and the detail: the error of every request refused meanwhile. */
  message: string;
  /** Runs that ended meanwhile, kept in memory and journaled once it can write again. */
  waitingRuns: WaitingRun[];
  /** Runs that ended meanwhile past what can be kept: they will not be journaled (the log names them). */
  lostRuns: number;
}

export interface WaitingRun {
  /** Null when even its start could not be journaled. */
  runId: number | null;
  sessionId: number;
  stepId: string | null;
  command: string;
  exitCode: number | null;
  endedAt: string;
}

/** How far a cargo build has got, from its `Compiling` lines and its `Building [..] n/m` bar. */
export interface BuildProgress {
  done: number;
  /** The bar's m; null until cargo drew its bar. */
  total: number | null;
  /** The crate cargo last started compiling. */
  current: string | null;
}

export interface MeasurementProgress {
  sessionId: number;
  measurementId: number;
  /** The command running, 1-based, of `steps`. */
  step: number;
  steps: number;
  label: string;
  build: BuildProgress | null;
}

export interface MetricsOverview {
  measurements: MeasurementRecord[];
  gates: GateResult[];
  comparisons: ToolchainComparison[];
  bisections: BisectionRecord[];
  /** The bisection under way in this session: the toolchains it has started so far, in order; null when none runs. */
  bisecting: BisectProgress[] | null;
  /** The measurement under way in this session, if any. */
  running: MeasurementProgress | null;
  /** Installed rustup toolchains (short names), for the old/new choice. */
  toolchains: string[];
}

export interface GuideExportResult {
  format: GuideFormat;
  /** The guide, or its first `maxChars` characters; null when it was written to `path`. */
  text: string | null;
  truncated: boolean;
  path: string | null;
  /** Bytes written to `path`. */
  bytes: number | null;
}

export interface PlanSummary {
  id: string;
  title: string;
  description: string;
  parameters: Plan['parameters'];
}

export interface EditPreviewResult {
  /** Pass back to `step.apply`: it applies only if the files still give this change. */
  digest: string;
  files: { file: string; diff: string; additions: number; deletions: number }[];
  /** Places that already say what the edit would write (pins at `to`, a replacement already made). */
  atTarget: EditAtTarget[];
  /** What the edit looks for, in words: "RUST_VERSION pin in a Makefile", or the text it replaces. */
  lookedFor: string;
}

export interface AppInfo {
  version: string;
  dataDir: string;
  journalPath: string;
  /** Which host runs the engine: the Electron app, the loopback server, or a headless `stepwise run`. */
  host: 'electron' | 'server' | 'cli';
  platform: string;
  /** As of now; `engine.health` tells of every change after. */
  health: EngineHealth;
}

export type RequestMethod = keyof typeof requestParams;
export type NotificationMethod = keyof typeof notificationParams;
export type EventName = keyof EngineEvents;
export type RequestParams<M extends RequestMethod> = z.input<(typeof requestParams)[M]>;
export type ParsedParams<M extends RequestMethod> = z.output<(typeof requestParams)[M]>;
export type NotificationParams<N extends NotificationMethod> = z.output<
  (typeof notificationParams)[N]
>;

/** Messages on the wire, in either transport. */
export type ClientMessage =
  | { type: 'request'; id: number; method: RequestMethod; params: unknown }
  | { type: 'notify'; method: NotificationMethod; params: unknown };

export interface WireError {
  message: string;
  /** Stable machine-readable reason, e.g. `invalid-params`, `not-found`, `busy`, `untrusted`. */
  code: string;
  /** With `invalid-params`: the plan parameter whose value was refused. */
  param?: string;
}

export type ServerMessage =
  | { type: 'response'; id: number; ok: true; result: unknown }
  | { type: 'response'; id: number; ok: false; error: WireError }
  | { type: 'event'; event: EventName; payload: unknown };
