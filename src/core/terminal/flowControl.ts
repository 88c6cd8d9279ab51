// Pauses the pty when the client falls behind. The client acknowledges the
// characters it has parsed; we count what it has not acknowledged yet.
import { FlowControl } from '../../shared/flowControl';

export interface FlowControllerOptions {
  onPause: () => void;
  onResume: () => void;
  highWatermarkChars?: number;
  lowWatermarkChars?: number;
}

export class FlowController {
  private unacked = 0;
  private isPaused = false;
  private readonly high: number;
  private readonly low: number;

  constructor(private readonly options: FlowControllerOptions) {
    this.high = options.highWatermarkChars ?? FlowControl.HighWatermarkChars;
    this.low = options.lowWatermarkChars ?? FlowControl.LowWatermarkChars;
  }

  get paused(): boolean {
    return this.isPaused;
  }

  get unacknowledgedChars(): number {
    return this.unacked;
  }

  /** `chars` more characters went to the client. */
  sent(chars: number): void {
    this.unacked += chars;
    if (!this.isPaused && this.unacked > this.high) {
      this.isPaused = true;
      this.options.onPause();
    }
  }

  /** The client has parsed `chars` more characters. */
  ack(chars: number): void {
    // A client may ack more than it was sent (e.g. after a reset): never go negative.
    this.unacked = Math.max(0, this.unacked - chars);
    if (this.isPaused && this.unacked < this.low) {
      this.isPaused = false;
      this.options.onResume();
    }
  }

  /** Forget outstanding characters (client reconnected or cleared); resumes if paused. */
  reset(): void {
    this.unacked = 0;
    if (this.isPaused) {
      this.isPaused = false;
      this.options.onResume();
    }
  }
}
