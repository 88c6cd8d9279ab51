// A terminal's commands as runs: the shell reports a command started (the one
// the engine typed, or one typed by hand) and the RunRecorder journals it;
// it reports its end, and the run is parsed and recorded, in the order runs ended.
import { stripAnsi } from '../../shared/ansi';
import type { ParserService } from '../diagnostics/offThreadParser';
import type { EventBus } from '../engine/eventBus';
import type { JournalHealth } from '../engine/journalHealth';
import { withCargoMessages } from '../runs/cargoJsonStep';
import type { RunEnd, RunRecorder } from '../runs/runRecorder';
import { RunOutputProgress } from '../runs/runOutputProgress';
import type { TerminalHost } from './terminalHost';

export interface CommandRunDeps {
  bus: EventBus;
  recorder: RunRecorder;
  health: JournalHealth;
  parsers: ParserService;
}

export function commandStarted(deps: CommandRunDeps, host: TerminalHost, commandLine: string, cwd: string, startedAt: Date): void {
  const { bus, recorder } = deps;
  host.batcher.flushNow(); // clients see the output before the event about it
  // The command the engine typed is the one the shell reports (cargo's JSON capture happens in the shell's `cargo`).
  const pending = host.pending?.command.trim() === commandLine.trim() ? host.pending : null;
  const command = pending?.command ?? commandLine;
  // A step's run makes its step running (in the same transaction).
  const started = recorder.start({ sessionId: host.sessionId, root: host.root, stepId: pending?.stepId ?? null, origin: pending?.origin ?? 'typed', terminal: host.main ? null : host.title, command, cwd, startedAt }, pending?.startTree ?? null);
  const { run } = started;
  host.active = {
    started,
    expectExit: pending?.expectExit ?? 0,
    expectOutput: pending?.expectOutput ?? [],
    parser: deps.parsers.begin(),
    follower: pending?.follower ?? null,
    messagesFile: pending?.messagesFile ?? null,
    progress: run && new RunOutputProgress(recorder, run.id, () => host.shell.runningOutput),
    stoppedByUser: false,
  };
  bus.emit('terminal.state', { terminalId: host.id, busy: true, cwd });
  if (pending) {
    clearTimeout(pending.timer);
    host.pending = null;
    // Typed, and running: the journal could not take its start, so its end is held with it; the step waits no longer.
    if (!run) {
      pending.failed(deps.health.refusal());
      return;
    }
    pending.started(run.id);
  }
}

export function commandEnded(
  deps: CommandRunDeps,
  host: TerminalHost,
  exitCode: number | null,
  { output, outputSizes }: Pick<RunEnd, 'output' | 'outputSizes'>,
  endedAt: Date,
): void {
  const { bus, recorder } = deps;
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
    .then(({ diagnostics }) => (active.messagesFile ? withCargoMessages(deps.parsers, active.messagesFile, diagnostics) : diagnostics))
    .then((diagnostics) => {
      const run = recorder.finish(active.started, { exitCode, endedAt, output, outputSizes, passed, stoppedByUser: active.stoppedByUser, diagnostics });
      // Held while the journal cannot be written: `engine.health` lists it, and a measurement waiting for it fails.
      active.follower?.ended(run ? { run, output, diagnostics } : deps.health.refusal());
    })
    .catch((error: Error) => {
      console.error(`[stepwise] could not record the run of \`${active.started.start.command}\`: ${error.message}`);
      active.follower?.ended(error);
    });
}
