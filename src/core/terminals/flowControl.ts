// Pauses the pty for the slowest client that is reading the terminal. Each
// client (an engine connection that shows it) acknowledges the characters it
// has parsed, and is counted on its own: the pty pauses once one of them is
// past the high watermark and resumes when every one is below the low one.
// A client that acknowledges nothing for a few seconds while the pty waits on
// it (a background tab, a frozen page) stops holding it: it gets no output
// until it acknowledges again, then what it missed from the replay buffer,
// after a notice if some of that is gone.
import { FlowControl } from '../../shared/flowControl';

export const SKIPPED_NOTICE = '\r\n\x1b[0;2m[… output skipped while this page was not reading …]\x1b[0m\r\n';

export interface TerminalFlowOptions<V> {
  /** Sends terminal output to one client. */
  deliver(viewer: V, data: string): void;
  /** What followed `position` in the output (a `sent` total), as far as it is still held, and how much of it is gone. */
  since(position: number): { text: string; skipped: number };
  onPause(): void;
  onResume(): void;
  highWatermarkChars?: number;
  lowWatermarkChars?: number;
  /** A client that acknowledges nothing for this long while the pty waits on it stops holding it. */
  stalledAfterMs?: number;
}

interface Viewer {
  unacked: number;
  /** Gets output as it comes; false once it stalled, until it catches up. */
  following: boolean;
  /** Where its output ends, in the terminal's output (`sent`). */
  position: number;
  lastAckAt: number;
  /** Held however long it takes (the CLI, whose output is the run's record): never dropped. */
  patient: boolean;
}

/** How long a page may leave the pty waiting without acknowledging anything. */
export const STALLED_AFTER_MS = 5_000;

export class TerminalFlow<V> {
  private readonly viewers = new Map<V, Viewer>();
  private sent = 0;
  private isPaused = false;
  private pausedAt = 0;
  private stallTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly high: number;
  private readonly low: number;
  private readonly stalledAfterMs: number;

  constructor(private readonly options: TerminalFlowOptions<V>) {
    this.high = options.highWatermarkChars ?? FlowControl.HighWatermarkChars;
    this.low = options.lowWatermarkChars ?? FlowControl.LowWatermarkChars;
    this.stalledAfterMs = options.stalledAfterMs ?? STALLED_AFTER_MS;
  }

  get paused(): boolean {
    return this.isPaused;
  }

  /** Characters sent to `viewer` and not acknowledged yet; undefined if it does not show the terminal. */
  unacknowledged(viewer: V): number | undefined {
    return this.viewers.get(viewer)?.unacked;
  }

  /** Whether `viewer` gets output as it comes (false while it is left behind for not reading). */
  following(viewer: V): boolean {
    return this.viewers.get(viewer)?.following ?? false;
  }

  /** `viewer` shows the terminal from now on (it was given everything before, as the replay); again: starts afresh. */
  attach(viewer: V, options: { patient?: boolean } = {}): void {
    this.viewers.set(viewer, { unacked: 0, following: true, position: this.sent, lastAckAt: Date.now(), patient: options.patient ?? false });
    this.update();
  }

  detach(viewer: V): void {
    if (this.viewers.delete(viewer)) this.update();
  }

  /** New output: to every client that is following. */
  send(data: string): void {
    this.sent += data.length;
    for (const [key, viewer] of this.viewers) {
      if (!viewer.following) continue;
      viewer.unacked += data.length;
      viewer.position = this.sent;
      this.options.deliver(key, data);
    }
    this.update();
  }

  /** `viewer` has parsed `chars` more characters. */
  ack(viewer: V, chars: number): void {
    const state = this.viewers.get(viewer);
    if (!state) return;
    // A client may ack more than it was sent (it re-attached meanwhile): never go negative.
    state.unacked = Math.max(0, state.unacked - chars);
    state.lastAckAt = Date.now();
    if (!state.following && state.unacked < this.low) this.catchUp(viewer, state);
    this.update();
  }

  dispose(): void {
    clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
    this.viewers.clear();
  }

  /** A client that stalled and has now read what it had: what it missed, and follows again. */
  private catchUp(key: V, state: Viewer): void {
    const missed = this.options.since(state.position);
    state.following = true;
    state.position = this.sent;
    const data = missed.skipped > 0 ? SKIPPED_NOTICE + missed.text : missed.text;
    if (!data) return;
    state.unacked += data.length;
    this.options.deliver(key, data);
  }

  private update(): void {
    const following = [...this.viewers.values()].filter((v) => v.following);
    if (!this.isPaused && following.some((v) => v.unacked > this.high)) {
      this.isPaused = true;
      this.pausedAt = Date.now();
      this.options.onPause();
    } else if (this.isPaused && following.every((v) => v.unacked < this.low)) {
      this.isPaused = false;
      this.options.onResume();
    }
    this.scheduleStallCheck();
  }

  /** While paused: when the first client holding the pty would count as stalled. */
  private scheduleStallCheck(): void {
    clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
    if (!this.isPaused) return;
    const due = this.holders().map((v) => this.silentSince(v) + this.stalledAfterMs);
    if (due.length === 0) return;
    this.stallTimer = setTimeout(() => this.dropStalled(), Math.max(0, Math.min(...due) - Date.now()));
    this.stallTimer.unref?.(); // never what keeps a CLI process alive
  }

  private dropStalled(): void {
    const now = Date.now();
    for (const viewer of this.holders()) {
      if (now - this.silentSince(viewer) >= this.stalledAfterMs) viewer.following = false;
    }
    this.update();
  }

  /** Clients the pty is waiting on, that may be dropped for silence. */
  private holders(): Viewer[] {
    return [...this.viewers.values()].filter((v) => v.following && !v.patient && v.unacked >= this.low);
  }

  /** A client's silence counts from its last acknowledgement, or from the pause if it acknowledged since before it. */
  private silentSince(viewer: Viewer): number {
    return Math.max(viewer.lastAckAt, this.pausedAt);
  }
}
