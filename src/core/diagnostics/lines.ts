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

export class LineSplitter {
  /** The incomplete last line of the output so far (raw, escapes included). */
  private partial = '';

  /** The visible text of every line this chunk completed. */
  push(chunk: string): string[] {
    const text = this.partial + chunk;
    const lastNewline = text.lastIndexOf('\n');
    if (lastNewline === -1) {
      this.partial = text;
      return [];
    }
    this.partial = text.slice(lastNewline + 1);
    return text.slice(0, lastNewline).split('\n').map(visibleText);
  }

  /** The last line, when the output did not end with a newline. */
  end(): string[] {
    const rest = this.partial;
    this.partial = '';
    return rest === '' ? [] : [visibleText(rest)];
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
