// The last N characters a terminal printed, for a client that attaches late.
// Chunks are kept as they came and joined only when asked for: copying the
// whole tail on every chunk would cost a flood dearly.
export class ReplayBuffer {
  private chunks: string[] = [];
  private length = 0;

  constructor(private readonly maxChars: number) {}

  push(data: string): void {
    this.chunks.push(data);
    this.length += data.length;
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
}
