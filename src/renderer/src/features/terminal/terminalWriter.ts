// Feeds xterm.js one write at a time. What arrives while it parses is joined
// and written whole once it is done; while output keeps coming (a flood), the
// next write waits a little to gather at least FLOOD_CHUNK_CHARS. xterm.js
// draws between writes, and drawing is most of what a flood costs the page:
// large writes draw about ten times a second instead of every frame (while it
// parses one, Chromium draws nothing: xterm.js's own write() of 10 MB draws no
// frame at all). Output that
// trickles in is written as it comes. `parsed` is told how much xterm.js has
// parsed: the acknowledgements that let the engine's pty go on (flow control,
// whose watermarks leave several FLOOD_CHUNK_CHARS in flight). Output comes
// as text (the replay, Electron's messages) or as UTF-8 bytes (the browser's
// binary frames), each with its count of characters, what is acknowledged.
import type { Terminal } from '@xterm/xterm';

type Output = string | Uint8Array;

/**
 * In a flood, the least a write carries, unless GATHER_MS passed first. Two
 * fit in flow control's window: one parsed while the next arrives.
 */
export const FLOOD_CHUNK_CHARS = 1_000_000;
/**
 * How long a flood's next write may wait to gather FLOOD_CHUNK_CHARS: each
 * write is a frame drawn (the 10 MB cat drew 35 a second at 30 ms and 512 KiB a write,
 * and the frames' raster, compositing and GPU work took CPU from the parse).
 */
export const GATHER_MS = 100;
/** A write at least this large is a flood's: the one after it may wait to gather. */
export const FLOOD_WRITE_CHARS = 16 * 1024;

export class TerminalWriter {
  private queued: Output[] = [];
  private queuedChars = 0;
  private writing = false;
  private gathering: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(
    private readonly term: Pick<Terminal, 'write'>,
    private readonly parsed: (chars: number) => void,
  ) {}

  /** `chars`: the characters `data` holds (a string's length; a frame's header says a byte array's). */
  push(data: Output, chars: number = data.length): void {
    if (this.disposed || data.length === 0) return;
    this.queued.push(data);
    this.queuedChars += chars;
    if (this.writing) return;
    if (this.gathering === undefined || this.queuedChars >= FLOOD_CHUNK_CHARS) this.flush();
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.gathering);
    this.queued = [];
  }

  /**
   * A write of `chars` just ended: the next one now, unless that was a flood's
   * (a large write) and too little has come since: then once enough has, or
   * GATHER_MS passed. Keystrokes' echoes wait only right after a flood's write.
   */
  private afterWrite(chars: number): void {
    this.writing = false;
    if (chars < FLOOD_WRITE_CHARS) return this.flush();
    if (this.queuedChars >= FLOOD_CHUNK_CHARS) return this.flush();
    // Gathering even when nothing has come yet: a flood the page keeps up with
    // arrives in small messages, and writing each as it comes draws a frame
    // per message (drawing, not parsing, was most of the page's time).
    this.gathering = setTimeout(() => this.flush(), GATHER_MS);
  }

  private flush(): void {
    clearTimeout(this.gathering);
    this.gathering = undefined;
    if (this.disposed || this.queuedChars === 0) return;
    const writes = joined(this.queued);
    const chars = this.queuedChars;
    this.queued = [];
    this.queuedChars = 0;
    this.writing = true;
    // xterm.js parses its writes in order: the last one's callback says all were parsed.
    writes.forEach((data, i) =>
      this.term.write(
        data,
        i < writes.length - 1
          ? undefined
          : () => {
              if (this.disposed) return;
              this.parsed(chars);
              this.afterWrite(chars);
            },
      ),
    );
  }
}

/** Runs of text joined into one string, runs of bytes into one array: as few writes as the kinds allow. */
export function joined(parts: Output[]): Output[] {
  const out: Output[] = [];
  for (let i = 0; i < parts.length; ) {
    let end = i + 1;
    while (end < parts.length && typeof parts[end] === typeof parts[i]) end++;
    const run = parts.slice(i, end);
    out.push(typeof run[0] === 'string' ? (run as string[]).join('') : concatBytes(run as Uint8Array[]));
    i = end;
  }
  return out;
}

function concatBytes(arrays: Uint8Array[]): Uint8Array {
  if (arrays.length === 1) return arrays[0]!;
  const all = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    all.set(a, at);
    at += a.length;
  }
  return all;
}
