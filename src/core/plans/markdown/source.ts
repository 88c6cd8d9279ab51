// Line numbers for tokens: marked gives each token its raw text but no
// position, so positions are found by walking the raw texts over the source.

export class SourceText {
  readonly lines: string[];
  private readonly starts: number[];

  constructor(readonly text: string) {
    this.lines = text.split('\n');
    this.starts = [0];
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  /** 1-based line of a character offset. */
  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /**
   * Where a token's raw text starts, at or after `from`: found by its first
   * line, since the raw text of nested tokens has lost its indentation.
   * `from` when it cannot be found.
   */
  locate(raw: string, from: number): number {
    const first = raw.split('\n', 1)[0]!.trim();
    const at = first ? this.text.indexOf(first, from) : -1;
    return at >= 0 ? at : from;
  }

  /**
   * 1-based lines of the opening fences (``` or ~~~) of fenced code blocks
   * between two lines (inclusive, 1-based), in order.
   */
  fencesBetween(first: number, last: number): number[] {
    const found: number[] = [];
    let open: { char: string; length: number } | null = null;
    for (let line = first; line <= Math.min(last, this.lines.length); line++) {
      const fence = /^\s*(`{3,}|~{3,})(.*)$/.exec(this.lines[line - 1]!);
      if (!fence) continue;
      const char = fence[1]![0]!;
      const length = fence[1]!.length;
      if (open) {
        if (char === open.char && length >= open.length && fence[2]!.trim() === '') open = null;
      } else {
        found.push(line);
        open = { char, length };
      }
    }
    return found;
  }
}
