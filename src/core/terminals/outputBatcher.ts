// Gathers terminal output for a few ms so it crosses to the client in fewer,
// larger messages; in a flood, for longer (up to a size), as a flood's
// latency matters less than its number of messages.
import { FLOOD_BATCH_CHARS, FLOOD_BATCH_MAX_CHARS, FLOOD_BATCH_MS, OUTPUT_BATCH_MS } from '../../shared/flowControl';

export class OutputBatcher {
  private parts: string[] = [];
  private chars = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  /** The last batch was a flood's: the next one gathers for floodDelayMs. */
  private flooding = false;

  constructor(
    private readonly flush: (data: string) => void,
    private readonly delayMs: number = OUTPUT_BATCH_MS,
    private readonly floodDelayMs: number = FLOOD_BATCH_MS,
  ) {}

  push(data: string): void {
    if (this.disposed || data.length === 0) return;
    this.parts.push(data);
    this.chars += data.length;
    if (this.chars >= FLOOD_BATCH_MAX_CHARS) return this.flushNow();
    // The first chunk of a batch starts the clock; later ones ride along.
    this.timer ??= setTimeout(() => this.flushNow(), this.flooding ? this.floodDelayMs : this.delayMs);
  }

  flushNow(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.parts.length === 0) return;
    const data = this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
    this.flooding = this.chars >= FLOOD_BATCH_CHARS;
    this.parts = [];
    this.chars = 0;
    this.flush(data);
  }

  /** Delivers what is pending, then ignores further pushes. */
  dispose(): void {
    this.flushNow();
    this.disposed = true;
  }
}
