// Owns the engine's terminals: one shell per upgrade session, its output
// batched and flow-controlled on the way to clients, and every command it
// runs (by a step or typed by hand) handed to the RunRecorder.
import { randomUUID } from 'node:crypto';
import { stripAnsi } from '../../shared/ansi';
import type { ServerMessage } from '../../shared/contract';
import type { Diagnostic, RunRecord, TerminalInfo } from '../../shared/model';
import type { ParserService, RunParse } from '../diagnostics/offThreadParser';
import { cargoJsonRun, withCargoMessages, type CargoJsonFilter } from '../runs/cargoJsonStep';
import type { Journal } from '../journal/journal';
import type { ShellOwner } from '../platform/processes/shellOwner';
import { TerminalFlow } from './flowControl';
import { PauseReasons } from './pauseReasons';
import { OutputBatcher } from './outputBatcher';
import { ReplayBuffer } from './replayBuffer';
import { TerminalSession } from './terminalSession';
import { EngineFault } from '../engine/errors';
import type { JournalHealth } from '../engine/journalHealth';
import type { RunEnd, RunRecorder, StartedRun } from '../runs/runRecorder';
import { RunOutputProgress } from '../runs/runOutputProgress';
import type { EventBus } from '../engine/eventBus';

/** Output kept to replay into a client that attaches later (a reload). */
const REPLAY_CHARS = 256 * 1024;
/** How long a step's command may take to show up in the shell. */
const COMMAND_START_TIMEOUT_MS = 10_000;

interface StepCommand {
  stepId: string;
  command: string;
  expectExit: number;
  /** Patterns the output must match for the step to pass. */
  expectOutput: string[];
}

/** A command the engine runs for itself (a measurement), followed to its end. */
export interface EngineCommand {
  command: string;
  /** What it prints, as it arrives (ANSI kept): a progress bar reads it. */
  onOutput?: (text: string) => void;
}

/** A run that ended and was journaled, with what it printed. */
export interface FinishedRun {
  run: RunRecord;
  output: string;
  diagnostics: Diagnostic[];
}

interface RunFollower {
  onOutput?: (text: string) => void;
  ended: (result: FinishedRun | Error) => void;
}

interface PendingStep extends Omit<StepCommand, 'stepId'> {
  stepId: string | null;
  follower: RunFollower | null;
  /** The line typed into the shell: the command, or cargo's run for JSON messages. */
  typed: string;
  /** Where cargo's JSON messages go, when the step's cargo command was rewritten for them. */
  messagesFile: string | null;
  /** The project's tree, captured before the command was typed. */
  startTree: Promise<string | null>;
  started: (runId: number) => void;
  failed: (error: Error) => void;
  /** How long the shell has to report the command once it is typed; armed after the start tree. */
  timer: NodeJS.Timeout | undefined;
}

function whenReady(shell: TerminalSession): Promise<void> {
  if (shell.ready) return Promise.resolve();
  return new Promise((resolve) => {
    const off = shell.on('ready', () => {
      off();
      resolve();
    });
  });
}

interface ActiveRun {
  started: StartedRun;
  expectExit: number;
  expectOutput: string[];
  /** Fed as the output streams (in a worker thread where there is one). */
  parser: RunParse;
  follower: RunFollower | null;
  messagesFile: string | null;
  /** Journals the output so far while the run goes on (a journaled run's). */
  progress: RunOutputProgress | null;
}

/** An engine connection, as the terminals see it. */
export interface TerminalClient {
  /** Sends it a message: terminal output goes only to the clients that show the terminal. */
  send(message: ServerMessage): void;
  /** Holds the pty however long it takes to acknowledge (the CLI, whose stdout is the run's record), never left behind. */
  readonly patient: boolean;
}

class TerminalHost {
  /** Ended runs still being parsed and recorded, in order. */
  finishing: Promise<void> = Promise.resolve();
  pending: PendingStep | null = null;
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
  ) {}
}

export interface TerminalManagerDeps {
  journal: Journal;
  bus: EventBus;
  recorder: RunRecorder;
  /** While the journal cannot be written, the engine types no command of its own. */
  health: JournalHealth;
  parsers: ParserService;
  integrationScript: string;
  /** Marks each shell and ends everything it started. */
  owner: ShellOwner;
  /** How long a client may leave the pty waiting without acknowledging output; default flowControl's STALLED_AFTER_MS. */
  stalledAfterMs?: number;
  /** Runs plan steps' cargo commands with JSON messages (cargoJsonStep.ts); without it, cargo prints as usual. */
  cargoJson?: CargoJsonFilter;
}

export class TerminalManager {
  private readonly hosts = new Map<string, TerminalHost>();
  /** Shells that exited by themselves, while what they left running is ended. */
  private readonly sweeps = new Set<Promise<void>>();

  constructor(private readonly deps: TerminalManagerDeps) {}

  /**
   * The session's terminal, started on first use and shared by every client
   * after; `client` shows it from now on (the replay is what came before).
   */
  open(sessionId: number, cwd: string, cols: number, rows: number, client: TerminalClient): TerminalInfo {
    const existing = [...this.hosts.values()].find((h) => h.sessionId === sessionId);
    const host = existing ?? this.start(sessionId, cwd, cols, rows);
    if (existing) host.shell.resize(cols, rows);
    host.batcher.flushNow();
    host.flow.attach(client, { patient: client.patient });
    return { terminalId: host.id, sessionId, cwd: host.shell.cwd, busy: host.shell.busy, replay: host.replay.text() };
  }

  get(terminalId: string): TerminalHost {
    const host = this.hosts.get(terminalId);
    if (!host) throw new EngineFault('not-found', `no terminal ${terminalId} (it may have exited)`);
    return host;
  }

  input(terminalId: string, data: string): void {
    this.get(terminalId).shell.write(data);
  }

  resize(terminalId: string, cols: number, rows: number): void {
    this.get(terminalId).shell.resize(cols, rows);
  }

  ack(terminalId: string, client: TerminalClient, chars: number): void {
    this.get(terminalId).flow.ack(client, chars);
  }

  /** `client` no longer shows the terminal (its pane closed): it gets no more output, and holds nothing. */
  detach(terminalId: string, client: TerminalClient): void {
    this.hosts.get(terminalId)?.flow.detach(client);
  }

  /**
   * Runs a plan step's command in the session's terminal. Waits for the
   * shell's first prompt if it is still starting; resolves with the run's id
   * once the shell has started the command.
   */
  async runStep(terminalId: string, step: StepCommand): Promise<number> {
    return this.startCommand(terminalId, { ...step, follower: null });
  }

  /**
   * Runs an engine command in the session's terminal, where the user sees it,
   * journaled like any typed command; resolves once its run has ended and
   * been recorded (exit code null: the shell went away while it ran).
   */
  async runToEnd(terminalId: string, request: EngineCommand): Promise<FinishedRun> {
    let ended!: (result: FinishedRun | Error) => void;
    const finished = new Promise<FinishedRun>((resolve, reject) => {
      ended = (result) => (result instanceof Error ? reject(result) : resolve(result));
    });
    const follower: RunFollower = { onOutput: request.onOutput, ended };
    await this.startCommand(terminalId, { stepId: null, command: request.command, expectExit: 0, expectOutput: [], follower });
    return finished;
  }

  private async startCommand(terminalId: string, step: Omit<PendingStep, 'started' | 'failed' | 'timer' | 'typed' | 'messagesFile' | 'startTree'>): Promise<number> {
    const host = this.get(terminalId);
    this.deps.health.assertWritable();
    if (host.pending || host.shell.busy) {
      throw new EngineFault('busy', 'A command is still running in the terminal; wait for it or stop it with Ctrl+C');
    }
    // Plan steps only: a measurement times cargo as the user would run it, without the filter.
    const json = this.deps.cargoJson && step.stepId !== null ? cargoJsonRun(step.command, this.deps.cargoJson) : null;
    const typed = json?.typed ?? step.command;
    let pending!: PendingStep;
    const started = new Promise<number>((resolve, reject) => {
      const startTree = this.deps.recorder.captureStartTree(host.root);
      pending = { ...step, typed, messagesFile: json?.messagesFile ?? null, startTree, started: resolve, failed: reject, timer: undefined };
    });
    started.catch(() => {}); // rejections reach the caller through the return value
    host.pending = pending;
    try {
      // The shell's time starts once the tree is taken: a slow capture (a large first one, a slow fsmonitor hook)
      // is git's, bounded by git's own timeout, and must not fail the step as a shell that did not start.
      await Promise.race([pending.startTree, started]);
      pending.timer = setTimeout(() => {
        host.pending = null;
        pending.failed(new EngineFault('io', `The shell did not start \`${step.command}\` within ${COMMAND_START_TIMEOUT_MS / 1000} s`));
      }, COMMAND_START_TIMEOUT_MS);
      await Promise.race([whenReady(host.shell), started]);
      await host.shell.runCommand(typed);
    } catch (error) {
      clearTimeout(pending.timer);
      host.pending = null;
      throw error instanceof EngineFault ? error : new EngineFault('busy', (error as Error).message);
    }
    return started;
  }

  /** A client went away: it will never acknowledge what it was sent. */
  forget(client: TerminalClient): void {
    for (const host of this.hosts.values()) host.flow.detach(client);
  }

  get count(): number {
    return this.hosts.size;
  }

  /** Ends the terminal's shell and every process it started; resolves once the run it cut short is journaled. */
  async close(terminalId: string): Promise<boolean> {
    const host = this.hosts.get(terminalId);
    if (!host) return false;
    this.hosts.delete(terminalId);
    host.batcher.dispose();
    await host.shell.dispose();
    host.flow.dispose();
    await host.finishing;
    return true;
  }

  /** A new session for the project at `root` replaces its others: their terminals are closed. */
  async closeOtherSessions(root: string, sessionId: number): Promise<void> {
    const others = [...this.hosts.values()].filter((h) => h.root === root && h.sessionId !== sessionId);
    await Promise.all(others.map((h) => this.close(h.id)));
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.hosts.keys()].map((id) => this.close(id)));
    await Promise.all(this.sweeps);
  }

  /** Resolves once every ended run has been recorded. */
  async settled(): Promise<void> {
    await Promise.all([...this.hosts.values()].map((host) => host.finishing));
  }

  private start(sessionId: number, cwd: string, cols: number, rows: number): TerminalHost {
    const { bus } = this.deps;
    const id = randomUUID();
    const processes = this.deps.owner.forTerminal(id);
    const shell = new TerminalSession({ cwd, cols, rows, integrationScript: this.deps.integrationScript, processes });
    // Paused while a client or the output parser's worker is behind: a flood waits in the pty, not in memory.
    const paused = new PauseReasons(shell);
    const offBacklog = this.deps.parsers.onBacklog((behind) => (behind ? paused.hold('parser') : paused.release('parser')));
    if (this.deps.parsers.backlogged) paused.hold('parser');
    const replay = new ReplayBuffer(REPLAY_CHARS);
    const flow: TerminalFlow<TerminalClient> = new TerminalFlow({
      deliver: (client, data) => client.send({ type: 'event', event: 'terminal.data', payload: { terminalId: id, data } }),
      since: (position) => {
        batcher.flushNow(); // what was sent and what the replay holds then end at the same place
        return replay.since(position);
      },
      onPause: () => paused.hold('clients'),
      onResume: () => paused.release('clients'),
      stalledAfterMs: this.deps.stalledAfterMs,
    });
    const batcher = new OutputBatcher((data) => flow.send(data));
    const host = new TerminalHost(id, sessionId, cwd, shell, batcher, flow, replay);
    this.hosts.set(id, host);

    shell.on('data', (data) => {
      host.replay.push(data);
      batcher.push(data);
    });
    shell.on('commandOutput', (text) => {
      host.active?.parser.push(text);
      host.active?.follower?.onOutput?.(text);
    });
    shell.on('commandStart', ({ commandLine, cwd: runCwd, startedAt }) => this.onCommandStart(host, commandLine, runCwd, startedAt));
    shell.on('commandEnd', ({ exitCode, output, outputSizes, endedAt }) => this.onCommandEnd(host, exitCode, { output, outputSizes }, endedAt));
    shell.on('cwd', (newCwd) => bus.emit('terminal.state', { terminalId: id, busy: shell.busy, cwd: newCwd }));
    shell.on('exit', (exitCode) => {
      offBacklog();
      if (host.pending) {
        clearTimeout(host.pending.timer);
        host.pending.failed(new EngineFault('io', `The shell exited before it could run \`${host.pending.command}\``));
        host.pending = null;
      }
      batcher.flushNow();
      if (this.hosts.delete(id)) {
        // It exited by itself: what it left running (a `nohup` job) is being ended; shutdown waits for that.
        flow.dispose();
        const sweep = shell.dispose().finally(() => this.sweeps.delete(sweep));
        this.sweeps.add(sweep);
      }
      bus.emit('terminal.exit', { terminalId: id, exitCode });
    });
    return host;
  }

  private onCommandStart(host: TerminalHost, commandLine: string, cwd: string, startedAt: Date): void {
    const { bus, recorder } = this.deps;
    host.batcher.flushNow(); // clients see the output before the event about it
    const pending = host.pending?.typed.trim() === commandLine.trim() ? host.pending : null;
    // A step's run is journaled with the plan's command, not the pipeline typed for it.
    const command = pending?.command ?? commandLine;
    // A step's run makes its step running (in the same transaction).
    const started = recorder.start({ sessionId: host.sessionId, root: host.root, stepId: pending?.stepId ?? null, command, cwd, startedAt }, pending?.startTree ?? null);
    const { run } = started;
    host.active = {
      started,
      expectExit: pending?.expectExit ?? 0,
      expectOutput: pending?.expectOutput ?? [],
      parser: this.deps.parsers.begin(),
      follower: pending?.follower ?? null,
      messagesFile: pending?.messagesFile ?? null,
      progress: run && new RunOutputProgress(recorder, run.id, () => host.shell.runningOutput),
    };
    bus.emit('terminal.state', { terminalId: host.id, busy: true, cwd });
    if (pending) {
      clearTimeout(pending.timer);
      host.pending = null;
      // Typed, and running: the journal could not take its start, so its end is held with it; the step waits no longer.
      if (!run) {
        pending.failed(this.deps.health.refusal());
        return;
      }
      pending.started(run.id);
    }
  }

  private onCommandEnd(host: TerminalHost, exitCode: number | null, { output, outputSizes }: Pick<RunEnd, 'output' | 'outputSizes'>, endedAt: Date): void {
    const { bus, recorder } = this.deps;
    host.batcher.flushNow();
    const active = host.active;
    host.active = null;
    bus.emit('terminal.state', { terminalId: host.id, busy: false, cwd: host.shell.cwd });
    if (!active) return;
    active.progress?.stop();
    const text = stripAnsi(output);
    const passed = exitCode === active.expectExit && active.expectOutput.every((pattern) => new RegExp(pattern, 'm').test(text));
    // Runs are recorded in the order they ended, whenever their parse is done.
    host.finishing = host.finishing
      .then(() => active.parser.end(output))
      .then(({ diagnostics }) => (active.messagesFile ? withCargoMessages(this.deps.parsers, active.messagesFile, diagnostics) : diagnostics))
      .then((diagnostics) => {
        const run = recorder.finish(active.started, { exitCode, endedAt, output, outputSizes, passed, diagnostics });
        // Held while the journal cannot be written: `engine.health` lists it, and a measurement waiting for it fails.
        active.follower?.ended(run ? { run, output, diagnostics } : this.deps.health.refusal());
      })
      .catch((error: Error) => {
        console.error(`[stepwise] could not record the run of \`${active.started.start.command}\`: ${error.message}`);
        active.follower?.ended(error);
      });
  }
}
