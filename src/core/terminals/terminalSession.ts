// One shell in a real pty, with shell integration: knows when a command starts
// and ends, its command line, exit code, output and the current directory.
import path from 'node:path';
import * as pty from 'node-pty';
import { ShellProcesses } from '../platform/processes/shellOwner';
import { Osc633Parser, type TerminalEvent } from './osc633';
import type { RunOutputSizes } from '../../shared/model';
import { OutputCapture } from './outputCapture';
import { chooseShell, shellLaunch, type ShellChoice } from './shellChoice';

export interface TerminalSessionOptions {
  cwd: string;
  cols: number;
  rows: number;
  /** Merged over process.env; an undefined value removes a variable. */
  env?: Record<string, string | undefined>;
  /** A bash or zsh binary. Default: $SHELL if it is one, else /bin/bash (shellChoice.ts). */
  shell?: string;
  /** resources/shell-integration: bash.sh, and zsh/ for zsh. */
  integrationDir: string;
  /** The shell's marker and cgroup (the engine's ShellOwner gives them); default: a marker of its own. */
  processes?: ShellProcesses;
}

export interface CommandStartEvent {
  commandLine: string;
  cwd: string;
  startedAt: Date;
}

export interface CommandEndEvent {
  commandLine: string;
  /** null when unknown: the shell exited while the command ran. */
  exitCode: number | null;
  /** What the command printed, ANSI kept, 633 marks removed: its head and tail, the cut marked (outputCapture.ts). */
  output: string;
  outputSizes: RunOutputSizes;
  startedAt: Date;
  endedAt: Date;
}

export interface TerminalSessionEvents {
  /** Raw pty output for display (633 marks included; xterm.js ignores them). */
  data: string;
  commandStart: CommandStartEvent;
  /** What the running command prints, as it arrives (633 marks removed, ANSI kept). */
  commandOutput: string;
  commandEnd: CommandEndEvent;
  cwd: string;
  /** The first prompt has been drawn. */
  ready: undefined;
  /** The shell's exit code; null when a signal killed it. */
  exit: number | null;
}

export type TerminalSessionListener<K extends keyof TerminalSessionEvents> = (
  event: TerminalSessionEvents[K],
) => void;


export class TerminalSession {
  private readonly pty: pty.IPty;
  private readonly parser = new Osc633Parser();
  private readonly listeners: { [K in keyof TerminalSessionEvents]: Set<TerminalSessionListener<K>> } = {
    data: new Set(),
    commandStart: new Set(),
    commandOutput: new Set(),
    commandEnd: new Set(),
    cwd: new Set(),
    ready: new Set(),
    exit: new Set(),
  };
  private readonly processes: ShellProcesses;
  /** The shell this terminal runs, and why it is not the user's when it is not. */
  readonly shell: ShellChoice;
  private readonly exited: Promise<void>;
  private resolveExited!: () => void;
  private hasExited = false;
  private disposing: Promise<void> | undefined;

  private isReady = false;
  private currentCwd: string;
  private pendingCommandLine: string | null = null;
  private running: { commandLine: string; startedAt: Date; output: OutputCapture } | null = null;
  /** A line runCommand typed that has not started yet. */
  private submitted: string | null = null;

  constructor(options: TerminalSessionOptions) {
    this.processes = options.processes ?? ShellProcesses.unowned();
    // The marker goes last: a shell started from one of our terminals must carry this one's.
    const env = buildEnv({ ...options.env, ...this.processes.env });
    const chosen = chooseShell(env, options.shell);
    const { shell, launch } = launchOrBash(chosen, options.integrationDir, env);
    this.shell = shell;
    Object.assign(env, launch.env);
    this.currentCwd = path.resolve(options.cwd);
    this.exited = new Promise((resolve) => (this.resolveExited = resolve));
    const command = this.processes.command(this.shell.file, launch.args);
    this.pty = pty.spawn(command.file, command.args, {
      name: 'xterm-256color',
      cols: options.cols,
      rows: options.rows,
      cwd: this.currentCwd,
      env,
    });
    this.pty.onData((chunk) => this.handleData(chunk));
    this.pty.onExit(({ exitCode, signal }) => this.handleExit(exitCode, signal));
  }

  /** Subscribe; returns the function that unsubscribes. */
  on<K extends keyof TerminalSessionEvents>(event: K, listener: TerminalSessionListener<K>): () => void {
    const set: Set<TerminalSessionListener<K>> = this.listeners[event];
    set.add(listener);
    return () => set.delete(listener);
  }

  /** A command is running (between its start and end marks). */
  get busy(): boolean {
    return this.running !== null;
  }

  /** What the running command has printed so far, kept as its end event will give it; null when none runs. */
  get runningOutput(): OutputCapture | null {
    return this.running?.output ?? null;
  }

  get cwd(): string {
    return this.currentCwd;
  }

  get ready(): boolean {
    return this.isReady;
  }

  get pid(): number {
    return this.pty.pid;
  }

  write(data: string): void {
    if (!this.hasExited) this.pty.write(data);
  }

  resize(cols: number, rows: number): void {
    if (!this.hasExited) this.pty.resize(cols, rows);
  }

  /** Stop reading pty output (flow control); the shell blocks once the pty buffer fills. */
  pause(): void {
    this.pty.pause();
  }

  resume(): void {
    this.pty.resume();
  }

  /** Types a command line at the prompt, as the user would, and presses Enter. */
  async runCommand(commandLine: string): Promise<void> {
    if (this.hasExited || this.disposing) throw new Error('Cannot run a command: the shell has exited.');
    if (!this.isReady) throw new Error('Cannot run a command: the shell has not shown its first prompt yet.');
    if (this.running) {
      throw new Error(`Cannot run a command: the terminal is busy running "${this.running.commandLine}".`);
    }
    if (this.submitted !== null) {
      throw new Error(`Cannot run a command: "${this.submitted}" was just submitted and has not started yet.`);
    }
    if (/[\r\n]/.test(commandLine)) throw new Error('Cannot run a command: it must be a single line.');
    this.submitted = commandLine;
    // Ctrl-E Ctrl-U: drop any half-typed input, also text right of the cursor.
    this.pty.write(`\x05\x15${commandLine}\r`);
  }

  /**
   * Ends the shell and everything started from it, however it got away
   * (background jobs, nohup, setsid, orphans): processes/endProcesses.ts.
   * Also sweeps up after a shell that exited by itself (`exit` with jobs left).
   */
  dispose(): Promise<void> {
    this.disposing ??= this.processes
      .end(this.pty.pid, !this.hasExited)
      .catch((error: Error) => {
        console.error(`[stepwise] could not gather the processes of shell ${this.pty.pid}: ${error.message}`);
        if (!this.hasExited) this.pty.kill('SIGKILL'); // the shell at least, or this would wait forever
      })
      .then(() => this.exited);
    return this.disposing;
  }

  private handleData(chunk: string): void {
    this.emit('data', chunk);
    for (const event of this.parser.push(chunk)) this.handleEvent(event);
  }

  private handleEvent(event: TerminalEvent): void {
    switch (event.type) {
      case 'output':
        if (this.running) {
          this.running.output.append(event.data);
          this.emit('commandOutput', event.data);
        }
        break;
      case 'promptStart':
        break;
      case 'promptEnd':
        if (!this.isReady) {
          this.isReady = true;
          this.emit('ready', undefined);
        }
        break;
      case 'commandLine':
        this.pendingCommandLine = event.commandLine;
        break;
      case 'commandStart': {
        this.endCommand(null); // a start without an end before it: never leave a run open
        // A line we typed ourselves is known exactly; the shell's report can fall
        // back to the first simple command when history skipped the line (ignoredups).
        const commandLine = this.submitted ?? this.pendingCommandLine ?? '';
        this.pendingCommandLine = null;
        this.submitted = null;
        const startedAt = new Date();
        this.running = { commandLine, startedAt, output: new OutputCapture() };
        this.emit('commandStart', { commandLine, cwd: this.currentCwd, startedAt });
        break;
      }
      case 'commandEnd':
        // A plain D (empty line, Ctrl-C at the prompt) has no command to end.
        this.submitted = null;
        this.endCommand(event.exitCode);
        break;
      case 'cwd':
        if (event.cwd !== this.currentCwd) {
          this.currentCwd = event.cwd;
          this.emit('cwd', event.cwd);
        }
        break;
    }
  }

  private endCommand(exitCode: number | null): void {
    const run = this.running;
    if (!run) return;
    this.running = null;
    this.pendingCommandLine = null;
    const { text, ...outputSizes } = run.output.captured();
    this.emit('commandEnd', {
      commandLine: run.commandLine,
      exitCode,
      output: text,
      outputSizes,
      startedAt: run.startedAt,
      endedAt: new Date(),
    });
  }

  private handleExit(exitCode: number, sig: number | undefined): void {
    for (const event of this.parser.end()) this.handleEvent(event);
    this.endCommand(null); // e.g. `exit` itself: it never reports an end
    this.hasExited = true;
    this.emit('exit', sig ? null : exitCode);
    this.resolveExited();
    // What it left running (a `nohup` job, then `exit`) goes with it; dispose() hands back this sweep.
    void this.dispose();
  }

  private emit<K extends keyof TerminalSessionEvents>(event: K, payload: TerminalSessionEvents[K]): void {
    const set: Set<TerminalSessionListener<K>> = this.listeners[event];
    for (const listener of [...set]) {
      // One failing listener must not leave the session half-updated for the others.
      try {
        listener(payload);
      } catch (err) {
        console.error(`TerminalSession ${event} listener failed:`, err);
      }
    }
  }
}

/** zsh's integration could not be set up (its ZDOTDIR): bash, with the reason, rather than no terminal. */
function launchOrBash(choice: ShellChoice, integrationDir: string, env: Record<string, string>): { shell: ShellChoice; launch: ReturnType<typeof shellLaunch> } {
  try {
    return { shell: choice, launch: shellLaunch(choice, integrationDir, env) };
  } catch (error) {
    if (choice.kind === 'bash') throw error;
    const shell: ShellChoice = { file: '/bin/bash', kind: 'bash', fallback: `${(error as Error).message}, so this terminal runs bash` };
    return { shell, launch: shellLaunch(shell, integrationDir, env) };
  }
}

function buildEnv(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...process.env, ...overrides })) {
    if (value !== undefined) env[key] = value;
  }
  // Leftovers from the terminal the engine was started in would mislead the shell.
  for (const key of ['COLUMNS', 'LINES', 'TERMCAP', 'WINDOWID', 'TMUX', 'TMUX_PANE', 'STY', 'WINDOW']) {
    delete env[key];
  }
  env.TERM = 'xterm-256color';
  env.COLORTERM = 'truecolor';
  return env;
}
