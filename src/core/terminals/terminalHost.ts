// One terminal the engine holds: its shell, the output on its way to clients,
// and the command typed into it that it follows as a run.
import type { ServerMessage } from '../../shared/contract';
import type { Diagnostic, RunOrigin, RunRecord } from '../../shared/model';
import type { RunParse } from '../diagnostics/offThreadParser';
import type { StartedRun } from '../runs/runRecorder';
import type { RunOutputProgress } from '../runs/runOutputProgress';
import type { TerminalFlow } from './flowControl';
import type { OutputBatcher } from './outputBatcher';
import type { ReplayBuffer } from './replayBuffer';
import type { TerminalSession } from './terminalSession';

/** What a plan step's run must do to pass it. */
export interface StepCheck {
  stepId: string;
  expectExit: number;
  /** Patterns the output must match for the step to pass. */
  expectOutput: string[];
}

/** Who, besides a step or the user, types a command into a terminal. */
export type EngineOrigin = Exclude<RunOrigin, 'step' | 'typed'>;

/** A command the engine runs for itself (a measurement), followed to its end. */
export interface EngineCommand {
  command: string;
  origin: EngineOrigin;
  /** What it prints, as it arrives (ANSI kept): a progress bar reads it. */
  onOutput?: (text: string) => void;
}

/** A run that ended and was journaled, with what it printed. */
export interface FinishedRun {
  run: RunRecord;
  output: string;
  diagnostics: Diagnostic[];
}

export interface RunFollower {
  onOutput?: (text: string) => void;
  ended: (result: FinishedRun | Error) => void;
}

/** A command typed into the shell that the shell has not reported started yet. */
export interface PendingCommand {
  stepId: string | null;
  origin: RunOrigin;
  command: string;
  expectExit: number;
  expectOutput: string[];
  follower: RunFollower | null;
  /** Where cargo's JSON messages go, when the shell was asked to capture them (cargoJsonStep.ts). */
  messagesFile: string | null;
  /** The project's tree, captured before the command was typed. */
  startTree: Promise<string | null>;
  started: (runId: number) => void;
  failed: (error: Error) => void;
  /** How long the shell has to report the command once it is typed; armed after the start tree. */
  timer: NodeJS.Timeout | undefined;
}

/** The command running in the shell, as a run. */
export interface ActiveRun {
  started: StartedRun;
  expectExit: number;
  expectOutput: string[];
  /** Fed as the output streams (in a worker thread where there is one). */
  parser: RunParse;
  follower: RunFollower | null;
  messagesFile: string | null;
  /** Journals the output so far while the run goes on (a journaled run's). */
  progress: RunOutputProgress | null;
  /** The user sent Ctrl+C to the terminal while this ran. */
  stoppedByUser: boolean;
}

/** An engine connection, as the terminals see it. */
export interface TerminalClient {
  /** Sends it a message: terminal output goes only to the clients that show the terminal. */
  send(message: ServerMessage): void;
  /** Holds the pty however long it takes to acknowledge (the CLI, whose stdout is the run's record), never left behind. */
  readonly patient: boolean;
}

export class TerminalHost {
  /** Ended runs still being parsed and recorded, in order. */
  finishing: Promise<void> = Promise.resolve();
  pending: PendingCommand | null = null;
  active: ActiveRun | null = null;
  constructor(
    readonly id: string,
    readonly sessionId: number,
    /** The project folder: the tree captured for each run. */
    readonly root: string,
    readonly shell: TerminalSession,
    readonly batcher: OutputBatcher,
    readonly flow: TerminalFlow<TerminalClient>,
    readonly replay: ReplayBuffer,
    /** What its tab says: "Terminal" for the main one, "Terminal 2"... for the others. */
    readonly title: string,
    /** The session's main terminal, where plan steps run. */
    readonly main: boolean,
  ) {}
}

export function whenReady(shell: TerminalSession): Promise<void> {
  if (shell.ready) return Promise.resolve();
  return new Promise((resolve) => {
    const off = shell.on('ready', () => {
      off();
      resolve();
    });
  });
}
