// A running command's kept output (its head and tail, outputCapture.ts),
// journaled every few seconds while it changes, so that a crash or a kill -9
// leaves the run `interrupted` with its output up to then, not none of it.
// Each save rewrites one row of at most a few MB (HEAD_BYTES + TAIL_BYTES):
// a flood costs the journal at most that every SAVE_EVERY_MS, whatever its rate.
import type { OutputCapture } from '../terminals/outputCapture';
import type { RunRecorder } from './runRecorder';

/** How often a running command's output is saved, at most. */
export const SAVE_EVERY_MS = 2000;

export class RunOutputProgress {
  private readonly timer: NodeJS.Timeout;
  /** The capture's byte count at the last save. */
  private saved = 0;

  constructor(
    private readonly recorder: RunRecorder,
    private readonly runId: number,
    /** The running command's capture; null once it has ended. */
    private readonly capture: () => OutputCapture | null,
    everyMs = SAVE_EVERY_MS,
  ) {
    this.timer = setInterval(() => this.save(), everyMs);
    this.timer.unref();
  }

  /** The run ended: its end writes the output from now on. */
  stop(): void {
    clearInterval(this.timer);
  }

  private save(): void {
    const capture = this.capture();
    if (!capture || capture.totalBytes === this.saved) return;
    this.saved = capture.totalBytes;
    try {
      this.recorder.saveOutput(this.runId, capture.captured());
    } catch (error) {
      // The journal may be closing, or the disk full: the run's end writes its output again.
      console.error(`[stepwise] could not save the output of run ${this.runId} so far: ${(error as Error).message}`);
    }
  }
}
