// One file's text, and how to turn an offset in it into a pin: 1-based line
// and column (UTF-16 code units, as JavaScript strings count them), and the
// whole line, trimmed. Lines end at `\n`; a `\r` before it is not part of the
// line's text, so `line.slice(column - 1, column - 1 + value.length) === value`
// holds for a file split on `\n` as well as on `\r?\n`.
import type { Pin, PinKind } from '../../shared/scan';

export interface SourceLine {
  /** Offset of the line's first character in the file. */
  start: number;
  /** The line without its `\r\n` / `\n`. */
  text: string;
}

export class Source {
  private lineStarts: number[] | null = null;

  constructor(
    /** Path relative to the project root, `/`-separated. */
    readonly file: string,
    readonly text: string,
  ) {}

  /** Every line, in order (a final line without a newline included). */
  *lines(): Generator<SourceLine> {
    const { text } = this;
    let start = 0;
    while (start <= text.length) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = text.length;
      const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      yield { start, text: text.slice(start, stop) };
      start = end + 1;
    }
  }

  /** A pin for `value`, which starts at `offset` in the file. */
  pin(offset: number, kind: PinKind, value: string, name?: string): Pin {
    const starts = this.starts();
    // The last line start at or before the offset.
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    const lineStart = starts[low]!;
    let lineEnd = this.text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = this.text.length;
    // Keys in this order, so the JSON report reads file, line, column, kind, name, value, text.
    return {
      file: this.file,
      line: low + 1,
      column: offset - lineStart + 1,
      kind,
      ...(name !== undefined ? { name } : {}),
      value,
      text: this.text.slice(lineStart, lineEnd).trim(),
    };
  }

  private starts(): number[] {
    if (!this.lineStarts) {
      const starts = [0];
      for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }
}
