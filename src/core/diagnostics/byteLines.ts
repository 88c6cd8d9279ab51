// Output as bytes, cut into complete lines, and a cheap look at where each
// line's visible text starts, so that the line parsers decode and read only
// the lines that could mean something to them (`AT_COLUMN_0`, below).
//
// A chunk may end anywhere: inside a line, a UTF-8 character or an escape
// sequence. `\n` never occurs inside a UTF-8 character or an escape sequence
// (see ansi.ts), so a line cut at `\n` is always whole.

/**
 * Most bytes of one line kept: past it a line is cut, its head kept and the
 * rest only counted. Real cargo JSON messages are a few KiB (13 KiB for a
 * type mismatch between long iterator types, measured with cargo 1.95);
 * the largest rustc diagnostics reported upstream run to 3.7 MB (E0320) and
 * 5 MB (a deeply generic type), which fit with room for JSON's escapes. A
 * longer one (rustc has printed 27 MB for one error) is cut, and its head
 * still names the error (see cutJson.ts).
 */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

/** A line longer than MAX_LINE_BYTES: which one, and how long it was. */
export interface CutLine {
  /** 1-based, counted in `\n`s from the start of the output. */
  line: number;
  /** The whole line's length in bytes, `\n` excluded; only the first MAX_LINE_BYTES were kept. */
  bytes: number;
}

/**
 * Receives each complete line as `bytes[start, end)`, its `\n` excluded;
 * `cut` when the line was longer than the cap and only its head is there.
 */
export type LineSink = (bytes: Buffer, start: number, end: number, cut?: CutLine) => void;

/**
 * Complete lines out of chunks that may end anywhere, in time linear in the
 * bytes pushed and memory bounded by the cap, however the chunks fall: a
 * line spread over many chunks is gathered once, into a buffer that grows by
 * doubling up to the cap, never by re-copying what it already holds.
 */
export class ByteLines {
  /** The incomplete last line so far: its first `partialLength` bytes (copied out of their chunks). */
  private partial: Buffer | null = null;
  private partialLength = 0;
  /** All bytes of the incomplete line, kept or not. */
  private partialTotal = 0;
  /** Lines completed so far. */
  private lines = 0;

  constructor(private readonly maxLineBytes = MAX_LINE_BYTES) {}

  /**
   * Hands every line this chunk completes to `sink`. The sink may keep
   * references into `chunk`: it is never written to here, and the caller
   * must not reuse it either.
   */
  push(chunk: Buffer, sink: LineSink): void {
    let from = 0;
    if (this.partialTotal > 0) {
      const newline = chunk.indexOf(10);
      if (newline === -1) {
        this.keep(chunk, 0, chunk.length);
        return;
      }
      this.keep(chunk, 0, newline);
      this.flushPartial(sink);
      from = newline + 1;
    }
    for (let newline = chunk.indexOf(10, from); newline !== -1; newline = chunk.indexOf(10, from)) {
      this.lines++;
      if (newline - from > this.maxLineBytes) sink(chunk, from, from + this.maxLineBytes, { line: this.lines, bytes: newline - from });
      else sink(chunk, from, newline);
      from = newline + 1;
    }
    if (from < chunk.length) this.keep(chunk, from, chunk.length);
  }

  /** The last line, when the output did not end with a newline. */
  end(sink: LineSink): void {
    if (this.partialTotal > 0) this.flushPartial(sink);
  }

  /** Appends `chunk[from, to)` to the incomplete line, up to the cap; counts the rest. */
  private keep(chunk: Buffer, from: number, to: number): void {
    this.partialTotal += to - from;
    const room = this.maxLineBytes - this.partialLength;
    const take = Math.min(room, to - from);
    if (take <= 0) return;
    const needed = this.partialLength + take;
    if (!this.partial || this.partial.length < needed) {
      // Doubling: each byte is copied a bounded number of times, however small the chunks.
      const grown = Buffer.allocUnsafe(Math.min(this.maxLineBytes, Math.max(needed, 2 * (this.partial?.length ?? 0), 256)));
      this.partial?.copy(grown, 0, 0, this.partialLength);
      this.partial = grown;
    }
    chunk.copy(this.partial, this.partialLength, from, from + take);
    this.partialLength = needed;
  }

  private flushPartial(sink: LineSink): void {
    const line = this.partial!;
    const length = this.partialLength;
    const total = this.partialTotal;
    // The sink may keep the buffer: a new line starts in a new one.
    this.partial = null;
    this.partialLength = 0;
    this.partialTotal = 0;
    this.lines++;
    if (total > length) sink(line, 0, length, { line: this.lines, bytes: total });
    else sink(line, 0, length);
  }
}

/** `firstVisible` could not tell cheaply: the line needs decoding. */
export const UNSURE = -1;

/**
 * Where the visible text of `bytes[start, end)` starts once escape sequences
 * and whitespace at its start are skipped, as `stripAnsi` and `\s*` would:
 * `end` for a blank line, UNSURE for anything this fast path does not know
 * (string sequences such as OSC, malformed ones, a lone ESC, a `\r` redraw,
 * non-ASCII text, where JavaScript's `\s` and the 8-bit CSI live).
 * `leading` reports whether whitespace came before that point.
 */
export function firstVisible(bytes: Uint8Array, start: number, end: number, leading: { space: boolean }): number {
  leading.space = false;
  let i = start;
  while (i < end) {
    const c = bytes[i]!;
    if (c === 0x20 || c === 0x09 || c === 0x0b || c === 0x0c) {
      leading.space = true;
      i++;
      continue;
    }
    if (c === 0x0d) return trailingReturns(bytes, i, end) ? end : UNSURE;
    if (c >= 0x80) return UNSURE;
    if (c !== 0x1b) return i;
    const next = escapeEnd(bytes, i, end);
    if (next === UNSURE) return UNSURE;
    i = next;
  }
  return end;
}

/** Only `\r`s from `i` to the end of the line: a CRLF ending, not a redraw. */
function trailingReturns(bytes: Uint8Array, i: number, end: number): boolean {
  for (; i < end; i++) if (bytes[i] !== 0x0d) return false;
  return true;
}

/** The end of the CSI (`ESC [ params intermediates final`) or short escape (`ESC ( B`) at `i`. */
function escapeEnd(bytes: Uint8Array, i: number, end: number): number {
  let j = i + 1;
  const kind = j < end ? bytes[j]! : -1;
  // String sequences (OSC, DCS, SOS, PM, APC) run to BEL or ST: rare at a line's start.
  if (kind === 0x5d || kind === 0x50 || kind === 0x58 || kind === 0x5e || kind === 0x5f) return UNSURE;
  if (kind === 0x5b) {
    j++;
    while (j < end && bytes[j]! >= 0x30 && bytes[j]! <= 0x3f) j++;
    while (j < end && bytes[j]! >= 0x20 && bytes[j]! <= 0x2f) j++;
    return j < end && bytes[j]! >= 0x40 && bytes[j]! <= 0x7e ? j + 1 : UNSURE;
  }
  while (j < end && bytes[j]! >= 0x20 && bytes[j]! <= 0x2f) j++;
  return j < end && bytes[j]! >= 0x30 && bytes[j]! <= 0x7e ? j + 1 : UNSURE;
}

/**
 * Finds, lazily, the `\r`s inside lines (a progress bar redrawn in place):
 * such a line's visible text is its last segment, not what it starts with.
 * A `\r` right before the line's `\n` (or before more `\r`s that are) is a
 * line ending, not a redraw.
 */
export class RedrawFinder {
  private bytes: Uint8Array | null = null;
  /** The first `\r` at or after the last line asked about; Infinity when there is none. */
  private next = -1;

  /** Whether `bytes[start, end)` holds a `\r` followed by more text on the same line. */
  within(bytes: Uint8Array, start: number, end: number): boolean {
    if (bytes !== this.bytes || this.next < start) {
      this.bytes = bytes;
      this.next = this.find(bytes, start);
    }
    if (this.next >= end) return false;
    const redraw = !trailingReturns(bytes, this.next, end);
    if (!redraw) this.next = this.find(bytes, end);
    return redraw;
  }

  private find(bytes: Uint8Array, from: number): number {
    const at = bytes.indexOf(0x0d, from);
    return at === -1 ? Number.POSITIVE_INFINITY : at;
  }
}

// How the lines some parser reads can start: their first two visible
// characters, so that a line starting otherwise is neither decoded nor read
// (outputParser.ts). One letter was too coarse: `ls -l`'s `-rw-r--r--` and
// `drwxr-xr-x` and its `total 48` start with letters of `-->`, `docker` and
// `test`, and a 10 MB listing was decoded and read line by line.

/** First characters that let any second one through: cargo's status words, `Caused by:`, nextest's verdicts... */
const CAPITALS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * Every line a parser reads, at column 0: rustc/cargo's `error`/`warning`,
 * libtest's `test`/`thread`, a JSON message's `{`, `-->` and `---- `, make
 * and gmake, the shells of `command not found`, docker, and capitals.
 */
export const AT_COLUMN_0 = lineStarts([...CAPITALS, 'error', 'warning', 'test', 'thread', '{', '--', 'make', 'gmake', 'bash', 'zsh', 'sh', 'dash', 'fish', 'docker']);

/** After leading whitespace: `  --> src/lib.rs:1:1`, and cargo's and nextest's indented status words. */
export const AFTER_SPACE = lineStarts([...CAPITALS, '--']);

export interface LineStarts {
  /** Whether a line whose visible text starts at `bytes[at]` (and ends before `end`) may be one a parser reads. */
  admits(bytes: Uint8Array, at: number, end: number): boolean;
}

function lineStarts(words: string[]): LineStarts {
  // first[c]: 0 no line starts with c; 1 any second character; 2 only those in second[c].
  const first = new Uint8Array(128);
  const second = new Uint8Array(128 * 128);
  for (const word of words) {
    const a = word.charCodeAt(0);
    if (word.length === 1) first[a] = 1;
    else if (first[a] !== 1) {
      first[a] = 2;
      second[a * 128 + word.charCodeAt(1)] = 1;
    }
  }
  return {
    admits(bytes, at, end) {
      const a = bytes[at]!;
      const kind = a < 128 ? first[a]! : 0;
      if (kind !== 2) return kind === 1;
      // A second character this cannot see plainly (the line's end, an escape, non-ASCII): let the parsers look.
      const b = at + 1 < end ? bytes[at + 1]! : 0x1b;
      return b === 0x1b || b >= 0x80 || second[a * 128 + b] === 1;
    },
  };
}
