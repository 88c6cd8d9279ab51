// Owns the engine's terminals: a main shell per upgrade session (plan steps
// run there) and any others the user opens beside it (tabs), their output
// batched and flow-controlled on the way to clients, and every command it
// runs (by a step or typed by hand) handed to the RunRecorder (commandRuns.ts).
// `type` is the one way the engine types a command: it checks the terminal is
// the session's and idle, and captures the project's tree before typing.
import { randomUUID } from 'node:crypto';
import type { TerminalInfo, TerminalSummary } from '../../shared/model';
import type { ParserService } from '../diagnostics/offThreadParser';
import { EngineFault } from '../engine/errors';
import type { EventBus } from '../engine/eventBus';
import type { JournalHealth } from '../engine/journalHealth';
import type { ShellOwner } from '../platform/processes/shellOwner';
import { captureEnv, dropCaptureRequest, requestCapture, type CargoJsonFilter } from '../runs/cargoJsonStep';
import type { RunRecorder } from '../runs/runRecorder';
import { commandEnded, commandStarted } from './commandRuns';
import { TerminalFlow } from './flowControl';
import { OutputBatcher } from './outputBatcher';
import { PauseReasons } from './pauseReasons';
import { ReplayBuffer } from './replayBuffer';
import { TerminalHost, whenReady, type EngineCommand, type EngineOrigin, type FinishedRun, type PendingCommand, type RunFollower, type StepCheck, type TerminalClient } from './terminalHost';
import { TerminalSession } from './terminalSession';

export type { EngineCommand, EngineOrigin, FinishedRun, TerminalClient } from './terminalHost';

/** Output kept to replay into a client that attaches later (a reload). */
const REPLAY_CHARS = 256 * 1024;
/** How long a typed command may take to show up in the shell. */
const COMMAND_START_TIMEOUT_MS = 10_000;

/** How a typed command's run is journaled, judged and followed: a plan step's, or one Stepwise runs for itself. */
export type TypeOptions = {
  /** Told of the run's output, and of its end once recorded. */
  follower?: RunFollower;
} & (
  | {
      /** A plan step's command: its run moves the step, and passes it if it does what the step expects. */
      step: StepCheck;
      origin?: never;
    }
  | { step?: never; origin: EngineOrigin }
);

export interface TerminalManagerDeps {
  bus: EventBus;
  recorder: RunRecorder;
  /** While the journal cannot be written, the engine types no command of its own. */
  health: JournalHealth;
  parsers: ParserService;
  /** resources/shell-integration. */
  integrationDir: string;
  /** Marks each shell and ends everything it started. */
  owner: ShellOwner;
  /** How long a client may leave the pty waiting without acknowledging output; default flowControl's STALLED_AFTER_MS. */
  stalledAfterMs?: number;
  /** Runs plan steps' cargo commands with JSON messages (cargoJsonStep.ts); without it, cargo prints as usual. */
  cargoJson?: CargoJsonFilter;
}

function summary(host: TerminalHost): TerminalSummary {
  const { id: terminalId, sessionId, title, main, shell } = host;
  return { terminalId, sessionId, title, main, busy: shell.busy, cwd: shell.cwd };
}

export class TerminalManager {
  private readonly hosts = new Map<string, TerminalHost>();
  /** Shells that exited by themselves, while what they left running is ended. */
  private readonly sweeps = new Set<Promise<void>>();

  constructor(private readonly deps: TerminalManagerDeps) {}

  /**
   * A terminal of the session, shared by every client: `terminalId`, or the
   * session's main one, started on first use. `client` shows it from now on
   * (the replay is what came before).
   */
  open(sessionId: number, cwd: string, cols: number, rows: number, client: TerminalClient, terminalId?: string): TerminalInfo {
    let host: TerminalHost;
    if (terminalId !== undefined) {
      this.checkSession(sessionId, terminalId);
      host = this.host(terminalId);
      host.shell.resize(cols, rows);
    } else {
      const main = this.sessionHosts(sessionId).find((h) => h.main);
      host = main ?? this.start(sessionId, cwd, cols, rows, true);
      if (main) host.shell.resize(cols, rows);
    }
    host.batcher.flushNow();
    host.flow.attach(client, { patient: client.patient });
    return { ...summary(host), replay: host.replay.text() };
  }

  /** Starts another terminal in the session, beside its main one (a tab); nobody shows it until `open`. */
  create(sessionId: number, cwd: string, cols: number, rows: number): TerminalSummary {
    return summary(this.start(sessionId, cwd, cols, rows, false));
  }

  /** The session's terminals: the main one first, then the others in the order they were started. */
  list(sessionId: number): TerminalSummary[] {
    return this.sessionHosts(sessionId)
      .sort((a, b) => Number(b.main) - Number(a.main))
      .map(summary);
  }

  private sessionHosts(sessionId: number): TerminalHost[] {
    return [...this.hosts.values()].filter((h) => h.sessionId === sessionId);
  }

  /** "Terminal 2", "Terminal 3"...: one more than the highest number among the session's open terminals. */
  private nextTitle(sessionId: number): string {
    const numbers = this.sessionHosts(sessionId).map((h) => Number(/^Terminal (\d+)$/.exec(h.title)?.[1] ?? 1));
    return `Terminal ${Math.max(1, ...numbers) + 1}`;
  }

  /** Throws unless the terminal is open and is `sessionId`'s. */
  checkSession(sessionId: number, terminalId: string): void {
    if (this.host(terminalId).sessionId !== sessionId) {
      throw new EngineFault('invalid-params', `terminal ${terminalId} belongs to another session`);
    }
  }

  private host(terminalId: string): TerminalHost {
    const host = this.hosts.get(terminalId);
    if (!host) throw new EngineFault('not-found', `no terminal ${terminalId} (it may have exited)`);
    return host;
  }

  input(terminalId: string, data: string): void {
    const host = this.host(terminalId);
    // Ctrl+C (ETX) while a command runs: if it then ends without passing, the user stopped it.
    if (host.active && data.includes('\x03')) host.active.stoppedByUser = true;
    host.shell.write(data);
  }

  resize(terminalId: string, cols: number, rows: number): void {
    this.host(terminalId).shell.resize(cols, rows);
  }

  ack(terminalId: string, client: TerminalClient, chars: number): void {
    this.host(terminalId).flow.ack(client, chars);
  }

  /** `client` no longer shows the terminal (its pane closed): it gets no more output, and holds nothing. */
  detach(terminalId: string, client: TerminalClient): void {
    this.hosts.get(terminalId)?.flow.detach(client);
  }

  /**
   * Types `command` into the session's terminal, journaled as a run. Refused
   * while the terminal runs something or the journal cannot be written. The
   * project's tree is captured first (a command that edits files cannot leak
   * its edits into the tree it started on); waits for the shell's first
   * prompt if it is still starting; resolves with the run's id once the
   * shell has started the command.
   */
  async type(sessionId: number, terminalId: string, command: string, options: TypeOptions): Promise<number> {
    this.checkSession(sessionId, terminalId);
    const host = this.host(terminalId);
    this.deps.health.assertWritable();
    if (host.pending || host.shell.busy) {
      throw new EngineFault('busy', 'A command is still running in the terminal; wait for it or stop it with Ctrl+C');
    }
    const { step, follower = null } = options;
    let pending!: PendingCommand;
    const started = new Promise<number>((resolve, reject) => {
      const startTree = this.deps.recorder.captureStartTree(host.root);
      pending = {
        stepId: step?.stepId ?? null,
        origin: options.origin ?? 'step',
        command,
        expectExit: step?.expectExit ?? 0,
        expectOutput: step?.expectOutput ?? [],
        follower,
        messagesFile: null,
        startTree,
        started: resolve,
        failed: reject,
        timer: undefined,
      };
    });
    started.catch(() => {}); // rejections reach the caller through the return value
    host.pending = pending;
    try {
      // The shell's time starts once the tree is taken: a slow capture (a large first one, a slow fsmonitor hook)
      // is git's, bounded by git's own timeout, and must not fail the step as a shell that did not start.
      await Promise.race([pending.startTree, started]);
      pending.timer = setTimeout(() => {
        host.pending = null;
        this.dropCapture(host);
        pending.failed(new EngineFault('io', `The shell did not start \`${command}\` within ${COMMAND_START_TIMEOUT_MS / 1000} s`));
      }, COMMAND_START_TIMEOUT_MS);
      await Promise.race([whenReady(host.shell), started]);
      // Plan steps only (a measurement times cargo as the user runs it): the request is left at the last moment,
      // so no cargo typed by hand meanwhile takes it; what is typed is the command as written.
      const { cargoJson } = this.deps;
      if (cargoJson && step) pending.messagesFile = requestCapture(cargoJson, host.id, command);
      await host.shell.runCommand(command);
    } catch (error) {
      clearTimeout(pending.timer);
      host.pending = null;
      this.dropCapture(host);
      throw error instanceof EngineFault ? error : new EngineFault('busy', (error as Error).message);
    }
    return started;
  }

  /**
   * Types an engine command (a measurement) where the user sees it, journaled
   * like any other; resolves once its run has ended and been recorded (exit
   * code null: the shell went away while it ran).
   */
  async runToEnd(sessionId: number, terminalId: string, request: EngineCommand): Promise<FinishedRun> {
    let ended!: (result: FinishedRun | Error) => void;
    const finished = new Promise<FinishedRun>((resolve, reject) => {
      ended = (result) => (result instanceof Error ? reject(result) : resolve(result));
    });
    await this.type(sessionId, terminalId, request.command, { origin: request.origin, follower: { onOutput: request.onOutput, ended } });
    return finished;
  }

  /** A capture request the shell did not take (cargo never ran) must not change a later cargo. */
  private dropCapture(host: TerminalHost): void {
    if (this.deps.cargoJson) dropCaptureRequest(this.deps.cargoJson, host.id);
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

  private start(sessionId: number, cwd: string, cols: number, rows: number, main: boolean): TerminalHost {
    const { bus } = this.deps;
    const id = randomUUID();
    const title = main ? 'Terminal' : this.nextTitle(sessionId);
    const processes = this.deps.owner.forTerminal(id);
    // Never another terminal's requests (an engine started from a Stepwise terminal inherits its variables).
    const env = this.deps.cargoJson ? captureEnv(this.deps.cargoJson, id) : { STEPWISE_CAPTURE_REQUEST: undefined, STEPWISE_CARGO_FILTER: undefined };
    const shell = new TerminalSession({ cwd, cols, rows, integrationDir: this.deps.integrationDir, processes, env });
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
    const host = new TerminalHost(id, sessionId, cwd, shell, batcher, flow, replay, title, main);
    this.hosts.set(id, host);
    if (shell.shell.fallback) {
      // Said where the user looks, before the shell's first prompt, and in the log.
      console.warn(`[stepwise] terminal ${id}: ${shell.shell.fallback}`);
      const notice = `\x1b[2m[stepwise] ${shell.shell.fallback}\x1b[0m\r\n`;
      host.replay.push(notice);
      batcher.push(notice);
    }

    shell.on('data', (data) => {
      host.replay.push(data);
      batcher.push(data);
    });
    shell.on('commandOutput', (text) => {
      host.active?.parser.push(text);
      host.active?.follower?.onOutput?.(text);
    });
    shell.on('commandStart', ({ commandLine, cwd: runCwd, startedAt }) => commandStarted(this.deps, host, commandLine, runCwd, startedAt));
    shell.on('commandEnd', ({ exitCode, output, outputSizes, endedAt }) => {
      if (host.active?.messagesFile) this.dropCapture(host);
      commandEnded(this.deps, host, exitCode, { output, outputSizes }, endedAt);
    });
    shell.on('cwd', (newCwd) => bus.emit('terminal.state', { terminalId: id, busy: shell.busy, cwd: newCwd }));
    shell.on('exit', (exitCode) => {
      offBacklog();
      this.dropCapture(host);
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
}
