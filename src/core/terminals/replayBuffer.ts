// The last N characters a terminal printed, for a client that attaches late.
// Chunks are kept as they came and joined only when asked for: copying the
// whole tail on every chunk would cost a flood dearly.
export class ReplayBuffer {
  private chunks: string[] = [];
  private length = 0;
  private pushed = 0;

  constructor(private readonly maxChars: number) {}

  /** Characters pushed since the start: a position in the terminal's output. */
  get end(): number {
    return this.pushed;
  }

  push(data: string): void {
    this.chunks.push(data);
    this.length += data.length;
    this.pushed += data.length;
    // Drop whole chunks while what is left still covers the limit.
    while (this.chunks.length > 1 && this.length - this.chunks[0]!.length >= this.maxChars) {
      this.length -= this.chunks.shift()!.length;
    }
  }

  text(): string {
    const joined = this.chunks.join('');
    this.chunks = [joined];
    return joined.slice(-this.maxChars);
  }

  /** What came after `position` (an earlier `end`): the part still held, and how many characters of it are gone. */
  since(position: number): { text: string; skipped: number } {
    const held = this.text();
    const heldFrom = this.pushed - held.length;
    if (position >= heldFrom) return { text: held.slice(position - heldFrom), skipped: 0 };
    return { text: held, skipped: heldFrom - position };
  }
}
