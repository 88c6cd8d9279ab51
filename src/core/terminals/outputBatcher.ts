// Gathers terminal output for a few ms so it crosses to the client in fewer,
// larger messages.
import { OUTPUT_BATCH_MS } from '../../shared/flowControl';

export class OutputBatcher {
  private parts: string[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(
    private readonly flush: (data: string) => void,
    private readonly delayMs: number = OUTPUT_BATCH_MS,
  ) {}

  push(data: string): void {
    if (this.disposed || data.length === 0) return;
    this.parts.push(data);
    // The first chunk of a batch starts the clock; later ones ride along.
    this.timer ??= setTimeout(() => this.flushNow(), this.delayMs);
  }

  flushNow(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.parts.length === 0) return;
    const data = this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
    this.parts = [];
    this.flush(data);
  }

  /** Delivers what is pending, then ignores further pushes. */
  dispose(): void {
    this.flushNow();
    this.disposed = true;
  }
}
