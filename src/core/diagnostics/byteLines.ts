// Output as bytes, cut into complete lines, and a cheap look at where each
// line's visible text starts, so that the line parsers decode and read only
// the lines that could mean something to them (see lineGate.ts).
//
// A chunk may end anywhere: inside a line, a UTF-8 character or an escape
// sequence. `\n` never occurs inside a UTF-8 character or an escape sequence
// (see ansi.ts), so a line cut at `\n` is always whole.

/** Receives each complete line as `bytes[start, end)`, its `\n` excluded. */
export type LineSink = (bytes: Buffer, start: number, end: number) => void;

export class ByteLines {
  /** The incomplete last line so far (raw bytes, copied out of its chunk). */
  private partial: Buffer | null = null;

  /**
   * Hands every line this chunk completes to `sink`. The sink may keep
   * references into `chunk`: it is never written to here, and the caller
   * must not reuse it either.
   */
  push(chunk: Buffer, sink: LineSink): void {
    let from = 0;
    if (this.partial) {
      const newline = chunk.indexOf(10);
      if (newline === -1) {
        this.partial = concat(this.partial, chunk, chunk.length);
        return;
      }
      const line = concat(this.partial, chunk, newline);
      this.partial = null;
      sink(line, 0, line.length);
      from = newline + 1;
    }
    for (let newline = chunk.indexOf(10, from); newline !== -1; newline = chunk.indexOf(10, from)) {
      sink(chunk, from, newline);
      from = newline + 1;
    }
    if (from < chunk.length) this.partial = Buffer.from(chunk.subarray(from));
  }

  /** The last line, when the output did not end with a newline. */
  end(sink: LineSink): void {
    const rest = this.partial;
    this.partial = null;
    if (rest && rest.length > 0) sink(rest, 0, rest.length);
  }
}

function concat(head: Buffer, chunk: Buffer, upTo: number): Buffer {
  return Buffer.concat([head, chunk.subarray(0, upTo)]);
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
