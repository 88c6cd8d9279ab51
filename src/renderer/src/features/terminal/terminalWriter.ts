// Feeds xterm.js one write at a time: what arrives while it parses is joined
// and written whole once it is done. In a flood xterm.js then parses large
// pieces, and draws once per piece rather than once per WebSocket message
// (drawing is most of what a flood costs the page); output that trickles in
// is written as it comes. `parsed` is told how much xterm.js has parsed: the
// acknowledgements that let the engine's pty go on (flow control).
import type { Terminal } from '@xterm/xterm';

export class TerminalWriter {
  private queued: string[] = [];
  private writing = false;
  private disposed = false;

  constructor(
    private readonly term: Pick<Terminal, 'write'>,
    private readonly parsed: (chars: number) => void,
  ) {}

  push(data: string): void {
    if (this.disposed || data.length === 0) return;
    this.queued.push(data);
    if (!this.writing) this.next();
  }

  dispose(): void {
    this.disposed = true;
    this.queued = [];
  }

  private next(): void {
    if (this.disposed || this.queued.length === 0) {
      this.writing = false;
      return;
    }
    const data = this.queued.length === 1 ? this.queued[0]! : this.queued.join('');
    this.queued = [];
    this.writing = true;
    this.term.write(data, () => {
      if (this.disposed) return;
      this.parsed(data.length);
      this.next();
    });
  }
}
