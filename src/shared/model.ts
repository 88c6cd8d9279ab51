// The domain model shared by the engine and every client. Types only:
// this file must stay importable from Node, the browser and Electron alike.
import type { ParamType } from './planParams';
import type { PinKind } from './scan';

/** ISO-8601 timestamp in UTC, as stored in the journal. */
export type Timestamp = string;

export interface Project {
  id: number;
  path: string;
  name: string;
  lastOpenedAt: Timestamp;
}

export interface UpgradeSession {
  id: number;
  projectId: number;
  planId: string;
  planTitle: string;
  startedAt: Timestamp;
  /** The plan parameters this session runs with (defaults filled in). */
  params: Record<string, string>;
  /** `builtin`, or the file a plan was loaded from. */
  planOrigin: string;
  /** A plan from a file runs nothing until the user has seen its commands and trusted it. */
  trusted: boolean;
}

export type Risk = 'low' | 'medium' | 'high';

export type StepKind = 'command' | 'edit' | 'check' | 'manual' | 'snapshot' | 'toolchain' | 'migrate';

/**
 * A plan parameter such as `to_rust`; steps use it as `${to_rust}`. Its type
 * says which values it takes (src/shared/planParams.ts); plans kept in the
 * journal by older versions have none, which means `text`.
 */
export interface PlanParameter {
  name: string;
  type: ParamType;
  default: string;
  description: string;
  /** In a plan fitted to a project (core/plans/fit): the value it runs with. */
  value?: string;
  /** In a fitted plan: where the value came from (`rust-toolchain.toml`, `newest installed stable (...)`, `plan default`, `set by you`). */
  source?: string;
  /** In a fitted plan: false when no step that applies to the project uses it (wasmtime's versions on a crate without wasmtime). */
  used?: boolean;
}

/**
 * A change to project files. `pins` rewrites the value of every pin of the
 * given kinds that the scanner found (formatting preserved); `replace`
 * replaces text in the named files, or in every project file that contains it.
 */
export interface EditSpec {
  pins?: { kinds: PinKind[]; name?: string; to: string };
  replace?: { find: string; with: string; files?: string[] };
}

/** A place an edit step found already saying what the edit would write (e.g. Makefile line 3 says 1.81). */
export interface EditAtTarget {
  file: string;
  line?: number;
  says: string;
}

/**
 * Whether running a step again is harmless (`safe`: it only reads, or finds
 * its work done first) or repeats what it changed (`confirm`: asked first).
 */
export type RerunSafety = 'safe' | 'confirm';

export interface ToolchainSpec {
  action: 'install' | 'default' | 'component-add' | 'target-add';
  toolchain?: string;
  components?: string[];
  targets?: string[];
}

/** A migrate step: the Edition migration page (or `stepwise run`) moves the project to `edition` and/or applies clippy's fixes for `clippy`. */
export interface MigrateSpec {
  /** The edition to reach; absent: the project's own (clippy's fixes alone). */
  edition?: string;
  /** Clippy lints or groups whose fixes follow the edition steps. */
  clippy: string[];
  /** Lints that need review, accepted all the same (`--accept`). */
  accept: string[];
  /** Lints whose fixes are left out (`--reject`). */
  reject: string[];
}

export interface Snippet {
  lang: string;
  text: string;
}

export interface PlanStep {
  id: string;
  title: string;
  kind: StepKind;
  /** The command a `command`, `check` or `toolchain` step runs (derived for toolchain steps). */
  command?: string;
  /** Exit code that counts as success for a command. */
  expectExit: number;
  /** Regular expressions the command's output must match to pass. */
  expectOutput: string[];
  edit?: EditSpec;
  toolchain?: ToolchainSpec;
  migrate?: MigrateSpec;
  /** Items a `manual` step asks the user to tick. */
  checklist: string[];
  /** Code the plan shows but does not run (e.g. a Cargo.toml excerpt). */
  snippets: Snippet[];
  /** Markdown. */
  description: string;
  risk: Risk;
  /** Free text, e.g. `1 day` or `30 min`. */
  estimate: string;
  /** Markdown: how to undo this step. */
  rollback: string;
  /** Declared by the plan; absent: the default for its kind (stepRerun in src/shared/stepState.ts). */
  rerun?: RerunSafety;
  /** What the project must have for the step to apply (`makefile-pin`, `wasmtime`, `make-target:wasm-build`, `a|b`); none: every project. */
  needs?: string[];
  /** In a plan fitted to a project: whether the step applies; a step that does not is listed, never run. */
  applies?: boolean;
  /** In a fitted plan: what the project has that the step works on, or why it does not apply. */
  reason?: string;
}

export interface PlanPhase {
  id: string;
  title: string;
  description: string;
  steps: PlanStep[];
}

export interface Plan {
  id: string;
  title: string;
  description: string;
  /** Where the plan came from, e.g. the seed document it was taken from. */
  source: string;
  parameters: PlanParameter[];
  phases: PlanPhase[];
  /** Success metrics judged baseline against after; absent: the seed's defaults. */
  gates?: GateSpec[];
}

/** `stopped`: its run ended after the user pressed Ctrl+C; `interrupted`: its shell went away while it ran. */
export type StepStatus = 'pending' | 'running' | 'passed' | 'failed' | 'stopped' | 'skipped' | 'interrupted';

export interface StepState {
  stepId: string;
  status: StepStatus;
  lastRunId: number | null;
  updatedAt: Timestamp | null;
  /** Why the step moved without a run doing its work, e.g. "already done: toolchain stable is installed"; null otherwise. */
  note: string | null;
}

/** `stopped`: it ended, not passing, after the user pressed Ctrl+C in its terminal; `interrupted`: its shell went away. */
export type RunStatus = 'running' | 'passed' | 'failed' | 'stopped' | 'interrupted';

/**
 * Who started a run: a plan `step`, the user (`typed` in the terminal), or
 * Stepwise for itself: a `measurement`'s command, a toolchain `comparison`,
 * a one-click `fix`, an emergency `rollback`, an `editor` opened, an edition
 * `migration` applied by `stepwise migrate`.
 */
export type RunOrigin = 'step' | 'typed' | 'measurement' | 'comparison' | 'fix' | 'rollback' | 'editor' | 'migration' | 'ship';

export interface RunRecord {
  id: number;
  sessionId: number;
  /** The plan step that started this run; null for a command typed by hand or one Stepwise ran for itself. */
  stepId: string | null;
  /** Null for a run journaled before origins were kept: by a step if it has one, else typed or Stepwise's, not told apart. */
  origin: RunOrigin | null;
  /** The tab it ran in when not the session's main terminal ("Terminal 2"); null in the main one. */
  terminal: string | null;
  command: string;
  cwd: string;
  startedAt: Timestamp;
  endedAt: Timestamp | null;
  exitCode: number | null;
  durationMs: number | null;
  status: RunStatus;
}

/** How much of a run's output the journal keeps: its head and tail, cut in the middle past a few MB. */
export interface RunOutputSizes {
  /** Every byte the command printed (UTF-8, shell-integration marks removed). */
  totalBytes: number;
  /** The bytes of it kept (the line marking the cut not counted). */
  keptBytes: number;
}

export type IssueSeverity = 'error' | 'warning';

/** A problem found in a command's output, as parsed (not yet journaled). */
export interface Diagnostic {
  severity: IssueSeverity;
  /** The tool that reported it: rustc, cargo, clippy, ... */
  tool: string;
  /** Error code (E0432) or lint name (unused_variables, clippy::len_zero). */
  code: string | null;
  message: string;
  file: string | null;
  line: number | null;
  column: number | null;
  /** The whole diagnostic block as printed, without colours. */
  rendered: string;
}

export type IssueState = 'open' | 'resolved' | 'regressed' | 'wontfix';

/** A known breakage of this upgrade that explains an issue (from resources/knowledge). */
export interface KnownBreakage {
  id: string;
  title: string;
  explanation: string;
  fix: string;
  sources: string[];
  /** A mechanical fix Stepwise can apply in one click. */
  autofix: { kind: 'replace' | 'declare-cfgs'; description: string } | { kind: 'command'; command: string; description: string } | null;
}

/**
 * One problem, followed across runs: the same fingerprint seen again is the
 * same issue. Location and text are from the latest sighting.
 */
export interface IssueRecord extends Diagnostic {
  id: number;
  sessionId: number;
  /** The latest run that showed it. */
  runId: number;
  firstRunId: number;
  /** The step whose run first showed it; null for a typed command. */
  stepId: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  fingerprint: string;
  state: IssueState;
  /** How many runs showed it. */
  occurrences: number;
  note: string | null;
  wontfixReason: string | null;
  /** The run that finished without it, when resolved. */
  fixedByRunId: number | null;
  /** The project change between the last run with it and the first without. */
  fixDiff: string | null;
  known: KnownBreakage | null;
}

/** Everything a client needs to draw a session. */
/** A session as the sessions list shows it: its plan, progress and open issues. */
export interface SessionSummary {
  id: number;
  /** The project folder. */
  project: string;
  planId: string;
  planTitle: string;
  planOrigin: string;
  startedAt: string;
  /** The latest run, step change, edit or issue change (or the start). */
  lastActivityAt: string;
  steps: { total: number; passed: number; failed: number; stopped: number; interrupted: number };
  /** Open and regressed issues. */
  openIssues: number;
}

export interface SessionView {
  project: Project;
  session: UpgradeSession;
  plan: Plan;
  steps: StepState[];
  /** How many commands the session has run; the runs themselves come a page at a time (`runs.page`), and its issues too (`issues.groups`, `issues.page`). */
  runCount: number;
  /** The last run of each step that has one, by `StepState.lastRunId` (what a step shows of how its last run went). */
  lastRuns: RunRecord[];
  edits: EditRecord[];
  snapshots: SnapshotRecord[];
  restores: RestoreRecord[];
}

/** A file changed by an edit step, as journaled. */
export interface EditRecord {
  id: number;
  sessionId: number;
  stepId: string;
  file: string;
  /** Unified diff of the change. */
  diff: string;
  appliedAt: Timestamp;
}

/** `auto`: before an edit, high-risk step or fix; `manual`: taken on demand; `safety`: before a restore. */
export type SnapshotKind = 'auto' | 'manual' | 'safety';

/** A rollback snapshot of the project, as journaled. */
export interface SnapshotRecord {
  id: number;
  sessionId: number;
  /** The step it was taken before; null when taken by hand or before a one-click fix. */
  stepId: string | null;
  /** `git`: a commit under refs/stepwise/snapshots/; `folder`: the data directory's store. */
  store: 'git' | 'folder';
  storeId: string;
  label: string;
  createdAt: Timestamp;
  fileCount: number;
  bytes: number;
  /** Paths not captured (over the size limit). */
  leftOut: string[];
  /** The toolchain when it was taken; null for snapshots journaled before toolchains were recorded. */
  toolchain: ToolchainState | null;
  kind: SnapshotKind;
}

/** One of a session's terminals, as its tab shows it. */
export interface TerminalSummary {
  terminalId: string;
  sessionId: number;
  /** "Terminal", or "Terminal 2", "Terminal 3"... for the ones opened beside it. */
  title: string;
  /** The session's main terminal: plan steps run in it, and it is not closed from its tab. */
  main: boolean;
  busy: boolean;
  cwd: string | null;
}

export interface TerminalInfo {
  terminalId: string;
  sessionId: number;
  title: string;
  main: boolean;
  cwd: string | null;
  /** True while a command runs in the shell (between its start and end marks). */
  busy: boolean;
  /** Recent output, replayed into a client that (re)attaches. */
  replay: string;
}

/** The Rust toolchain as rustup saw it when a snapshot was taken. */
export interface ToolchainState {
  /** `rustup show active-toolchain`, e.g. `1.75.0-x86_64-unknown-linux-gnu`. */
  active: string | null;
  /** `rustup default`. */
  defaultToolchain: string | null;
  installed: string[];
  /** Installed components and targets of the active toolchain. */
  components: string[];
  targets: string[];
  /** The project's rust-toolchain(.toml) file, verbatim. */
  toolchainFile: { path: string; content: string } | null;
  /** Why some of the above could not be read (no rustup, ...). */
  error: string | null;
}

/** The toolchain as rustup saw it just after a step moved it (an edit of a rust-toolchain file, a toolchain step that passed). */
export interface ToolchainStateRecord {
  id: number;
  sessionId: number;
  stepId: string;
  recordedAt: Timestamp;
  state: ToolchainState;
}

export type RestoreMode = 'all' | 'files' | 'emergency';
export type RestoreStatus = 'running' | 'done' | 'failed' | 'finished-at-start' | 'rolled-back-at-start';

/** One restore of a snapshot, as journaled (the journal says how a cut-short restore ended). */
export interface RestoreRecord {
  id: number;
  sessionId: number;
  snapshotId: number;
  /** Taken just before the restore: restoring it is "Undo restore". */
  safetySnapshotId: number | null;
  mode: RestoreMode;
  /** The files restored when mode is `files`; empty otherwise. */
  files: string[];
  status: RestoreStatus;
  startedAt: Timestamp;
  endedAt: Timestamp | null;
  /** Commands that bring the snapshot's toolchain back, to run in the terminal. */
  toolchainCommands: string[];
  error: string | null;
}

export type FileChangeStatus = 'added' | 'modified' | 'deleted' | 'mode';

export interface FileChange {
  path: string;
  status: FileChangeStatus;
  /** Unified diff (empty for binary files). */
  diff: string;
  additions: number;
  deletions: number;
  binary: boolean;
}

/** What a measurement records, and its unit. */
export type MetricName =
  | 'build_time_ms'
  | 'check_time_ms'
  | 'tests_passed'
  | 'tests_failed'
  | 'tests_ignored'
  | 'artifact_bytes'
  | 'audit_vulnerabilities'
  | 'audit_warnings'
  | 'image_bytes'
  | 'runtime';

export interface MetricValue {
  name: MetricName;
  /** Null when not measured. */
  value: number | null;
  /** `ms`, `bytes`, `count`, or the unit a runtime command's regex captured. */
  unit: string;
  status: 'measured' | 'not-measured' | 'failed';
  /** Why it was not measured or failed (no Docker engine, cargo audit missing, no network...). */
  reason: string | null;
  /** Each sample when a figure is a median of N runs. */
  samples: number[];
  /** What a total is made of, e.g. each release artifact's size. */
  parts?: { label: string; value: number }[];
  /**
   * `audit_vulnerabilities`: the advisories counted, so that a gate can tell a
   * new one from a fixed one. Absent from measurements taken before they were
   * recorded, and when an advisory in the report had no id.
   */
  advisories?: AuditAdvisory[];
}

/** One vulnerability cargo audit found: the advisory and the crate it is in. */
export interface AuditAdvisory {
  /** `RUSTSEC-2020-0071`. */
  id: string;
  /** The crate and its version in Cargo.lock: `time`, `0.1.45`. */
  package: string;
  version: string | null;
}

export type MeasurementKind = 'baseline' | 'after' | 'adhoc';

export interface TestBinaryCounts {
  /** As cargo names it: `unittests src/lib.rs`, `tests/it.rs`, `Doc-tests x`; nextest's `crate::binary`. */
  binary: string;
  /**
   * The crate it tests, when cargo's line tells it (libtest's unit tests and
   * doc-tests): in a workspace every crate has a `unittests src/lib.rs`.
   * Absent in measurements from before it was recorded.
   */
  crate?: string;
  passed: number;
  failed: number;
  ignored: number;
  failing: string[];
}

/** A set of metrics taken together, under one toolchain. */
export interface MeasurementRecord {
  id: number;
  sessionId: number;
  kind: MeasurementKind;
  label: string;
  /** The toolchain it ran under (`rustc -V`). */
  toolchain: string;
  startedAt: Timestamp;
  endedAt: Timestamp | null;
  metrics: MetricValue[];
  tests: TestBinaryCounts[];
  /**
   * An after's tests and lint levels against the baseline of its time (the
   * integrity gate); absent on baselines, ad hoc measurements, and afters
   * taken before it was judged.
   */
  integrity?: IntegrityCheck;
}

/**
 * What relaxes the project's checks: a `#[test]` fn gone, `#[ignore]` put on a
 * test, an `allow(...)` added or a lint's level lowered (attributes, Cargo.toml
 * `[lints]`), `-D warnings` dropped from CI.
 */
export type IntegrityFindingKind = 'test-removed' | 'ignore-added' | 'allow-added' | 'lint-lowered' | 'deny-warnings-dropped';

export interface IntegrityFinding {
  kind: IntegrityFindingKind;
  /** Relative to the project root, `/`-separated (`../.github/...` for a CI file above it). */
  file: string;
  /** 1-based: in the after's file, or in the baseline's for what was removed. */
  line: number | null;
  /** What changed, e.g. ``#[ignore] on test `ratio` ``. */
  what: string;
  /** The step whose edit did it (`autofix:<id>` for a one-click fix); null: changed outside Stepwise's steps. */
  stepId: string | null;
  /** That step's title when it was judged. */
  stepTitle: string | null;
}

/** The integrity gate's judgement of an after, made when it finished. */
export interface IntegrityCheck {
  /** The baseline it was judged against. */
  baselineId: number;
  /** Why the trees could not be compared (outside git, no tree recorded); null when they were. */
  unavailable: string | null;
  findings: IntegrityFinding[];
}

/** `within-noise`: the change the rule refuses is no larger than the runs' own spread, so it says nothing either way. */
export type GateVerdict = 'pass' | 'fail' | 'within-noise' | 'not-measured';

/** A success metric from the plan, judged baseline against after. */
export interface GateResult {
  id: string;
  title: string;
  metric: MetricName;
  /** E.g. `at most +10%`. */
  rule: string;
  verdict: GateVerdict;
  baseline: number | null;
  after: number | null;
  /** Relative change, e.g. 0.08 for +8%; null when not computable. */
  change: number | null;
  detail: string;
  /** `no-increase` judged by advisory id: the advisories the after has and the baseline had not. */
  newAdvisories?: AuditAdvisory[];
  /** `integrity`: each test or lint the after relaxed, with its file and the step that did it. */
  findings?: IntegrityFinding[];
}

/**
 * How a gate judges its metric, baseline against after. `max-increase`: after
 * may exceed baseline by at most `percent`; `min-improvement`: after must be
 * at least `percent` better (`better` says which way); `tests-pass`: no test
 * fails and no fewer tests ran than in the baseline; `no-increase`: no new
 * vulnerabilities (by advisory id when both sides recorded them, else after
 * is not above baseline); `integrity`: no test removed or ignored, no lint
 * relaxed, no `-D warnings` dropped between the two trees (its metric is
 * the tests it protects).
 */
export type GateRule = 'max-increase' | 'min-improvement' | 'tests-pass' | 'no-increase' | 'integrity';

/** A success metric as a plan declares it. */
export interface GateSpec {
  id: string;
  title: string;
  metric: MetricName;
  rule: GateRule;
  /** The limit in percent, for `max-increase` and `min-improvement`. */
  percent?: number;
  /** For `min-improvement`: a wall time is better lower, a throughput higher. */
  better?: 'lower' | 'higher';
}

/** One side of an old-against-new check: the same cargo command under one toolchain. */
export interface ToolchainCheck {
  /** As given to rustup, e.g. `stable`, `1.81.0`. */
  toolchain: string;
  /** `rustc +X -V`; null when that toolchain did not answer. */
  version: string | null;
  command: string;
  runId: number | null;
  exitCode: number | null;
  durationMs: number | null;
  errors: number;
  warnings: number;
  /** Problems this side reported and the other did not (compared by issue fingerprint). */
  only: (Diagnostic & { fingerprint: string })[];
}

/** The seed's "parallel testing": one check under two toolchains, side by side. */
export interface ToolchainComparison {
  id: number;
  sessionId: number;
  /** The cargo arguments both sides ran, e.g. `check --all-features`. */
  args: string;
  createdAt: Timestamp;
  old: ToolchainCheck;
  new: ToolchainCheck;
  /** Problems both reported. */
  common: number;
}
