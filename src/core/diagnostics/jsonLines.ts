// Gathers the lines of one JSON object in a stream of text: cargo's messages
// take one line each, a `cargo audit --json` report one line or (through a
// pretty-printer) many.

/** What the collector gathered: the parsed value, or undefined when it was not JSON after all. */
export interface Gathered {
  value: unknown;
  lines: string[];
}

/**
 * Past this, a "JSON object" is more likely a stray `{`: give its lines back
 * as text. As much as one line may hold (MAX_LINE_BYTES): a pretty-printed
 * `cargo audit --json` report of hundreds of advisories is a few MB.
 */
const MAX_CHARS = 16 * 1024 * 1024;

export class JsonCollector {
  private lines: string[] = [];
  private chars = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;

  /** True while an object that started on an earlier line is still open. */
  get open(): boolean {
    return this.lines.length > 0;
  }

  /** Whether `line` starts an object (at column 0, as JSON printers put it). */
  static starts(line: string): boolean {
    return line.charCodeAt(0) === 123; /* { */
  }

  /**
   * Adds a line that starts an object or continues the open one; returns
   * what was gathered once the object closes (or turns out not to be one).
   */
  add(line: string): Gathered | null {
    if (!this.open) {
      // The common case, a whole object on one line: no need to scan it.
      const value = parseJson(line);
      if (value !== undefined) return { value, lines: [line] };
    } else if (!/^[\s}\]]/.test(line)) {
      // Pretty-printers indent everything inside the object: a line at
      // column 0 means this was no JSON object.
      const lines = [...this.lines, line];
      this.reset();
      return { value: undefined, lines };
    }
    this.lines.push(line);
    this.chars += line.length + 1;
    this.scan(line);
    if (this.depth > 0 && this.chars < MAX_CHARS) return null;
    const lines = this.lines;
    const value = this.depth === 0 ? parseJson(lines.join('\n')) : undefined;
    this.reset();
    return { value, lines };
  }

  /** The output ended inside an object: its lines, as text. */
  end(): Gathered | null {
    if (!this.open) return null;
    const lines = this.lines;
    this.reset();
    return { value: undefined, lines };
  }

  /** Tracks the nesting depth, braces inside strings excepted. */
  private scan(line: string): void {
    for (let i = 0; i < line.length; i++) {
      const c = line.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92 /* \ */) this.escaped = true;
        else if (c === 34 /* " */) this.inString = false;
      } else if (c === 34) this.inString = true;
      else if (c === 123 /* { */ || c === 91 /* [ */) this.depth++;
      else if (c === 125 /* } */ || c === 93 /* ] */) {
        this.depth--;
        // Closed on this line, with text after it: not one JSON value; stop so the parse fails.
        if (this.depth === 0 && i < line.trimEnd().length - 1) {
          this.depth = 0;
          return;
        }
      }
    }
  }

  private reset(): void {
    this.lines = [];
    this.chars = 0;
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
