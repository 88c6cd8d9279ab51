// A small TOML reader that keeps positions. It does not build a document: it
// reports every scalar value with its full key path (table header + dotted
// keys + array indices) and the offset where the value starts, and every table
// header. That is all the extractors need, and what a full parser would not
// give: the exact place of a value, so an edit can replace just that range.
//
// It follows TOML 1.0 closely enough for manifests and config files: table and
// array-of-table headers with bare, "basic" and 'literal' keys, dotted keys,
// comments, strings (raw text between the quotes, escapes left as written),
// multi-line strings (skipped), inline tables and (multi-line) arrays. On
// anything it does not understand it skips to the next line and goes on.

export type TomlKey = string | number;

export interface TomlValue {
  /** Table header keys, then the dotted keys, then array indices. */
  path: TomlKey[];
  /** For a string: the text between the quotes, exactly as written. Otherwise the bare token (`true`, `1.75`). */
  value: string;
  /** Offset of the first character of `value`. */
  offset: number;
  quoted: boolean;
}

export interface TomlHeader {
  path: string[];
  /** The header as written, e.g. `[lints.rust]`. */
  raw: string;
  /** Offset of its `[`. */
  offset: number;
  arrayTable: boolean;
}

export interface TomlScan {
  values: TomlValue[];
  headers: TomlHeader[];
}

const BARE_KEY = /[A-Za-z0-9_-]/;
/** A table no key can match: the header before it could not be read. */
const INVALID_TABLE = ['\u0000invalid'];

export function readToml(text: string): TomlScan {
  return new TomlReader(text).read();
}

class TomlReader {
  private pos = 0;
  private readonly values: TomlValue[] = [];
  private readonly headers: TomlHeader[] = [];

  constructor(private readonly text: string) {}

  read(): TomlScan {
    const { text } = this;
    let table: string[] = [];
    for (;;) {
      this.skipBlank();
      if (this.pos >= text.length) break;
      if (text[this.pos] === '[') {
        table = this.header() ?? INVALID_TABLE;
      } else {
        const keys = this.key();
        this.skipSpaces();
        if (keys && text[this.pos] === '=') {
          this.pos++;
          this.skipSpaces();
          this.value([...table, ...keys]);
        }
      }
      this.skipLine();
    }
    return { values: this.values, headers: this.headers };
  }

  private header(): string[] | null {
    const { text } = this;
    const start = this.pos;
    const arrayTable = text[start + 1] === '[';
    this.pos += arrayTable ? 2 : 1;
    const keys = this.key();
    this.skipSpaces();
    if (!keys || text[this.pos] !== ']') return null;
    this.pos++;
    if (arrayTable) {
      if (text[this.pos] !== ']') return null;
      this.pos++;
    }
    this.headers.push({ path: keys, raw: text.slice(start, this.pos), offset: start, arrayTable });
    return keys;
  }

  /** A dotted key; null if there is none here. */
  private key(): string[] | null {
    const { text } = this;
    const keys: string[] = [];
    for (;;) {
      this.skipSpaces();
      const c = text[this.pos];
      if (c === '"' || c === "'") {
        const end = this.stringEnd(this.pos);
        if (end === -1) return null;
        keys.push(text.slice(this.pos + 1, end));
        this.pos = end + 1;
      } else if (c !== undefined && BARE_KEY.test(c)) {
        const start = this.pos;
        while (this.pos < text.length && BARE_KEY.test(text[this.pos]!)) this.pos++;
        keys.push(text.slice(start, this.pos));
      } else {
        return null;
      }
      this.skipSpaces();
      if (text[this.pos] !== '.') return keys;
      this.pos++;
    }
  }

  private value(path: TomlKey[]): void {
    const { text } = this;
    const c = text[this.pos];
    if (c === '"' || c === "'") {
      if (text.startsWith(c.repeat(3), this.pos)) {
        this.skipMultilineString(c);
        return;
      }
      const end = this.stringEnd(this.pos);
      if (end === -1) {
        // Unterminated: nothing to report, go on at the end of the line.
        const newline = text.indexOf('\n', this.pos);
        this.pos = newline === -1 ? text.length : newline;
        return;
      }
      this.values.push({ path, value: text.slice(this.pos + 1, end), offset: this.pos + 1, quoted: true });
      this.pos = end + 1;
    } else if (c === '[') {
      this.pos++;
      for (let index = 0; ; index++) {
        this.skipBlank();
        if (this.pos >= text.length) return;
        if (text[this.pos] === ']') break;
        this.value([...path, index]);
        this.skipBlank();
        if (text[this.pos] === ',') this.pos++;
        else if (text[this.pos] === ']') break;
        else return; // not TOML: give up on this value
      }
      this.pos++;
    } else if (c === '{') {
      this.pos++;
      for (;;) {
        this.skipBlank();
        if (this.pos >= text.length) return;
        if (text[this.pos] === '}') break;
        const keys = this.key();
        this.skipSpaces();
        if (!keys || text[this.pos] !== '=') return;
        this.pos++;
        this.skipSpaces();
        this.value([...path, ...keys]);
        this.skipBlank();
        if (text[this.pos] === ',') this.pos++;
        else if (text[this.pos] === '}') break;
        else return;
      }
      this.pos++;
    } else {
      // A bare scalar: number, boolean, date. Ends at a separator, a comment or the line's end.
      const start = this.pos;
      while (this.pos < text.length && !',]}#\n\r'.includes(text[this.pos]!)) this.pos++;
      const raw = text.slice(start, this.pos).trimEnd();
      if (raw) this.values.push({ path, value: raw, offset: start, quoted: false });
    }
  }

  /** Index of the closing quote of the one-line string opening at `start`, or -1. */
  private stringEnd(start: number): number {
    const { text } = this;
    const quote = text[start];
    for (let i = start + 1; i < text.length; i++) {
      const c = text[i];
      if (c === '\n') return -1;
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) return i;
    }
    return -1;
  }

  private skipMultilineString(quote: string): void {
    const { text } = this;
    const close = quote.repeat(3);
    let i = this.pos + 3;
    for (; i < text.length; i++) {
      if (text[i] === '\\' && quote === '"') i++;
      else if (text.startsWith(close, i)) break;
    }
    // Up to two quotes may sit right before the closing three ("""a"""").
    i += 3;
    while (i < text.length && text[i] === quote) i++;
    this.pos = Math.min(i, text.length);
  }

  private skipSpaces(): void {
    const { text } = this;
    while (this.pos < text.length && (text[this.pos] === ' ' || text[this.pos] === '\t')) this.pos++;
  }

  /** Spaces, newlines and comments. */
  private skipBlank(): void {
    const { text } = this;
    while (this.pos < text.length) {
      const c = text[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.pos++;
      else if (c === '#') this.skipToNewline();
      else break;
    }
  }

  private skipToNewline(): void {
    const newline = this.text.indexOf('\n', this.pos);
    this.pos = newline === -1 ? this.text.length : newline;
  }

  /** The rest of the current line (a comment, or what could not be read), and its newline. */
  private skipLine(): void {
    this.skipToNewline();
    if (this.pos < this.text.length) this.pos++;
  }
}

/** Whether `path` is exactly `expected`. */
export function pathIs(path: readonly TomlKey[], ...expected: TomlKey[]): boolean {
  return path.length === expected.length && path.every((key, i) => key === expected[i]);
}
