// Turning a pty's raw chunks into the lines a user sees, and the contract of
// the line-based parsers that read them.
//
// Chunks split anywhere: inside a line, inside an escape sequence, between
// the `\r` and `\n` of a line ending. We only ever hand out complete lines:
// the partial last line of a chunk is kept until its `\n` arrives. Escape
// sequences never span a newline, so stripping them from a complete line is
// safe whichever byte a chunk boundary fell on.

import type { Diagnostic } from '../../shared/model';
import { stripAnsi } from '../../shared/ansi';
import { MAX_LINE_BYTES } from './byteLines';

/** A parser fed one complete, escape-stripped line at a time. */
export interface LineParser {
  /**
   * Reads one line; pushes the diagnostics it completed to `out`. Returns
   * true when the line was this parser's own, so that the human-diagnostics
   * parser must not read it as part of a rustc/cargo message.
   */
  line(text: string, out: Diagnostic[]): boolean;
  /** The output has ended: flush what is pending. */
  end(out: Diagnostic[]): void;
}

/**
 * Lines of text out of string chunks: linear in the text however the chunks
 * fall (an unfinished line is kept in parts, joined once its end arrives),
 * and a line keeps at most `maxLineChars` (its head) however long it runs.
 */
export class LineSplitter {
  /** The incomplete last line of the output so far (raw, escapes included), in parts. */
  private partial: string[] = [];
  private partialChars = 0;

  constructor(private readonly maxLineChars = MAX_LINE_BYTES) {}

  /** The visible text of every line this chunk completed. */
  push(chunk: string): string[] {
    const lastNewline = chunk.lastIndexOf('\n');
    if (lastNewline === -1) {
      this.keep(chunk);
      return [];
    }
    const firstNewline = chunk.indexOf('\n');
    this.keep(chunk.slice(0, firstNewline));
    const lines = [this.take()];
    if (firstNewline < lastNewline) {
      for (const line of chunk.slice(firstNewline + 1, lastNewline).split('\n')) lines.push(line.slice(0, this.maxLineChars));
    }
    this.keep(chunk.slice(lastNewline + 1));
    return lines.map(visibleText);
  }

  /** The last line, when the output did not end with a newline. */
  end(): string[] {
    const rest = this.take();
    return rest === '' ? [] : [visibleText(rest)];
  }

  private keep(text: string): void {
    const room = this.maxLineChars - this.partialChars;
    if (room <= 0 || text === '') return;
    this.partial.push(text.length > room ? text.slice(0, room) : text);
    this.partialChars += Math.min(room, text.length);
  }

  private take(): string {
    const text = this.partial.join('');
    this.partial = [];
    this.partialChars = 0;
    return text;
  }
}

/**
 * The text a terminal would show for one raw line: escapes removed, `\r\n`
 * ending dropped, and of a line redrawn with `\r` (progress bars) only the
 * last segment that shows anything.
 */
const NON_BLANK = /\S/;

export function visibleText(raw: string): string {
  // Most lines of a big log have no escape and no \r: skip the regex work.
  const text = raw.includes('\x1b') || raw.includes('\x9b') ? stripAnsi(raw) : raw;
  if (!text.includes('\r')) return NON_BLANK.test(text) ? text : '';
  const segments = text.replace(/\r+$/, '').split('\r');
  for (let i = segments.length - 1; i >= 0; i--) {
    const segment = segments[i];
    if (segment && segment.trim() !== '') return segment;
  }
  return '';
}
