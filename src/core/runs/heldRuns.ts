// Runs that ended while the journal could not be written (journalHealth.ts),
// kept in memory and journaled in the order they ended once it can be again:
// a full disk loses no command the user typed meanwhile (the shell is theirs,
// and goes on). Bounded: past MAX_HELD_RUNS runs or MAX_HELD_CHARS of output
// the oldest is dropped, named in the log and counted in the banner; an engine
// that stops before the journal can be written names in the log those it held.
import type { WaitingRun } from '../../shared/contract';
import type { RunOrigin } from '../../shared/model';
import type { RunEnd } from './runRecorder';

export const MAX_HELD_RUNS = 100;
/** Each run keeps at most 2 MiB of output (its head and tail): at least 16 whole runs fit. */
export const MAX_HELD_CHARS = 32 * 2 ** 20;

/** What a run is journaled with as it starts. */
export interface RunStart {
  sessionId: number;
  /** The project folder: the tree captured for the run. */
  root: string;
  stepId: string | null;
  origin: RunOrigin;
  /** The tab it runs in, when not the session's main terminal. */
  terminal?: string | null;
  command: string;
  cwd: string;
  startedAt: Date;
}

export interface HeldRun {
  /** Its id once its start is journaled; null while even that could not be. */
  runId: number | null;
  start: RunStart;
  /** The project's tree as it started. */
  tree: Promise<string | null>;
  end: RunEnd;
}

export class HeldRuns {
  private readonly runs: HeldRun[] = [];
  private chars = 0;
  private dropped = 0;

  get size(): number {
    return this.runs.length;
  }

  /** Runs dropped past the bound since the journal could last be written. */
  get lost(): number {
    return this.dropped;
  }

  hold(run: HeldRun): void {
    this.runs.push(run);
    this.chars += run.end.output.length;
    while (this.runs.length > MAX_HELD_RUNS || this.chars > MAX_HELD_CHARS) {
      const oldest = this.runs.shift()!;
      this.chars -= oldest.end.output.length;
      this.dropped++;
      console.error(`[stepwise] not journaled (the journal cannot be written, and more runs wait than can be kept): ${describe(oldest)}`);
    }
  }

  summaries(): WaitingRun[] {
    return this.runs.map(({ runId, start, end }) => ({
      runId,
      sessionId: start.sessionId,
      stepId: start.stepId,
      command: start.command,
      exitCode: end.exitCode,
      endedAt: end.endedAt.toISOString(),
    }));
  }

  /** Journals the runs with `write`, oldest first; one that throws stays, with those after it. */
  writeAll(write: (run: HeldRun) => void): void {
    while (this.runs.length > 0) {
      const run = this.runs[0]!;
      write(run);
      this.runs.shift();
      this.chars -= run.end.output.length;
    }
    this.dropped = 0;
  }

  /** The engine stops with runs it could not journal: the log names them, since the journal never will. */
  abandon(): void {
    for (const run of this.runs.splice(0)) console.error(`[stepwise] not journaled (the journal could not be written before Stepwise stopped): ${describe(run)}`);
    this.chars = 0;
  }
}

function describe({ runId, start, end }: HeldRun): string {
  const id = runId === null ? '' : `run ${runId}, `;
  const exit = end.exitCode === null ? 'no exit code' : `exit ${end.exitCode}`;
  return `${id}\`${start.command}\` in ${start.cwd}, started ${start.startedAt.toISOString()}, ended ${end.endedAt.toISOString()} with ${exit}`;
}
