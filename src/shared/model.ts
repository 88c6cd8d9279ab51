// The domain model shared by the engine and every client. Types only:
// this file must stay importable from Node, the browser and Electron alike.

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
}

export type Risk = 'low' | 'medium' | 'high';

export interface PlanStep {
  id: string;
  title: string;
  /** `command` runs in the terminal; `manual` is a checklist item the user ticks. */
  kind: 'command' | 'manual';
  command?: string;
  /** Exit code that counts as success for a command step. */
  expectExit: number;
  description: string;
  risk: Risk;
}

export interface PlanPhase {
  id: string;
  title: string;
  steps: PlanStep[];
}

export interface Plan {
  id: string;
  title: string;
  description: string;
  /** Where the plan came from, e.g. the seed document it was taken from. */
  source: string;
  phases: PlanPhase[];
}

export type StepStatus = 'pending' | 'running' | 'passed' | 'failed' | 'skipped' | 'interrupted';

export interface StepState {
  stepId: string;
  status: StepStatus;
  lastRunId: number | null;
  updatedAt: Timestamp | null;
}

export type RunStatus = 'running' | 'passed' | 'failed' | 'interrupted';

export interface RunRecord {
  id: number;
  sessionId: number;
  /** The plan step that started this run; null for a command typed by hand. */
  stepId: string | null;
  command: string;
  cwd: string;
  startedAt: Timestamp;
  endedAt: Timestamp | null;
  exitCode: number | null;
  durationMs: number | null;
  status: RunStatus;
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

export interface IssueRecord extends Diagnostic {
  id: number;
  sessionId: number;
  runId: number;
  stepId: string | null;
  createdAt: Timestamp;
}

/** Everything a client needs to draw a session. */
export interface SessionView {
  project: Project;
  session: UpgradeSession;
  plan: Plan;
  steps: StepState[];
  runs: RunRecord[];
  issues: IssueRecord[];
}

export interface TerminalInfo {
  terminalId: string;
  sessionId: number;
  cwd: string | null;
  /** True while a command runs in the shell (between its start and end marks). */
  busy: boolean;
  /** Recent output, replayed into a client that (re)attaches. */
  replay: string;
}
