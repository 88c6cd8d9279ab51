// Everything an upgrade's commands print, read as it streams: rustc/cargo and
// clippy diagnostics (human or JSON), test results (libtest, nextest),
// `cargo fmt --check`, `cargo audit`, rustup, make and docker errors.
//
// Raw chunks become complete lines of bytes (byteLines.ts). A line is
// decoded and stripped of escapes only when it could mean something: most of
// a big log is lines that no parser reads (see `byteLine`). A decoded line
// that starts a JSON object goes to the JSON collector and to nothing else;
// any other goes to every small line parser, and to the rustc/cargo parser
// unless one of them claimed it (it would otherwise take the line for part
// of an open `error:` block, or an issue of its own).

import type { Diagnostic } from '../../shared/model';
import { AuditTextParser, auditReportDiagnostics } from './cargoAudit';
import { cargoJsonDiagnostics } from './cargoJson';
import { GenericToolParser } from './generic';
import { AFTER_SPACE, AT_COLUMN_0, ByteLines, firstVisible, RedrawFinder, UNSURE, type CutLine } from './byteLines';
import { cutCargoMessage } from './cutJson';
import { JsonCollector, type Gathered } from './jsonLines';
import { LibtestParser } from './libtest';
import { visibleText, type LineParser } from './lines';
import { NextestParser } from './nextest';
import { RustDiagnosticParser } from './rustcParser';
import { RustfmtParser } from './rustfmt';
import { TestTally, type TestSummary } from './testTally';
import { classifyToolError } from './toolErrors';

export type { TestSummary } from './testTally';
export type { CutLine } from './byteLines';

export interface ParseResult {
  diagnostics: Diagnostic[];
  /** Summed over every test binary or run; null when the output ran no tests. */
  tests: TestSummary | null;
  /** Lines longer than MAX_LINE_BYTES, of which only the head was read: how many, and the first few. */
  cutLines: { count: number; first: CutLine[] };
}

/** Cut lines listed by number in a result; the rest are counted. */
const CUT_LINES_LISTED = 20;

export interface OutputParserOptions {
  /** False when no one reads the issues' `rendered` blocks (`stepwise parse`): they stay empty and cost nothing. */
  keepRendered?: boolean;
}

export class OutputParser {
  private readonly lines = new ByteLines();
  private readonly redraws = new RedrawFinder();
  private readonly leading = { space: false };
  private readonly json = new JsonCollector();
  private readonly keepRendered: boolean;
  private readonly rust: RustDiagnosticParser;
  private readonly tally = new TestTally();
  private readonly libtest = new LibtestParser(this.tally);
  private readonly audit = new AuditTextParser();
  private readonly parsers: LineParser[] = [this.libtest, new NextestParser(this.tally), new RustfmtParser(), this.audit, new GenericToolParser()];
  private readonly found: Diagnostic[] = [];
  private readonly theirs: Diagnostic[] = [];
  private readonly fromRust: Diagnostic[] = [];
  /** What the chunk being pushed completed. */
  private out: Diagnostic[] = [];
  /** A UTF-16 high surrogate that ended the last string chunk, waiting for its pair. */
  private highSurrogate = '';
  private readonly cutLines: ParseResult['cutLines'] = { count: 0, first: [] };

  constructor({ keepRendered = true }: OutputParserOptions = {}) {
    this.keepRendered = keepRendered;
    this.rust = new RustDiagnosticParser(keepRendered);
  }

  /** Feeds a chunk of raw output as text; returns the diagnostics it completed. */
  push(chunk: string): Diagnostic[] {
    let text = this.highSurrogate + chunk;
    this.highSurrogate = '';
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.highSurrogate = text.slice(-1);
      text = text.slice(0, -1);
    }
    return this.pushBytes(Buffer.from(text, 'utf8'));
  }

  /** Feeds a chunk of raw output as bytes (kept by reference: do not reuse it); returns the diagnostics it completed. */
  pushBytes(chunk: Uint8Array): Diagnostic[] {
    const out: Diagnostic[] = (this.out = []);
    this.lines.push(asBuffer(chunk), this.byteLine);
    return this.completed(out);
  }

  /** The output has ended: flushes, and returns everything found in it. */
  end(): ParseResult {
    const out: Diagnostic[] = (this.out = []);
    if (this.highSurrogate) this.lines.push(Buffer.from(this.highSurrogate, 'utf8'), this.byteLine);
    this.highSurrogate = '';
    this.lines.end(this.byteLine);
    const rest = this.json.end();
    if (rest) this.gathered(rest, out);
    for (const parser of this.parsers) parser.end(out);
    this.flushRust(out);
    this.completed(out);
    return { diagnostics: [...this.found], tests: this.tally.summary(), cutLines: { count: this.cutLines.count, first: [...this.cutLines.first] } };
  }

  private completed(out: Diagnostic[]): Diagnostic[] {
    for (const d of out) {
      if (!this.keepRendered) d.rendered = '';
      this.found.push(d);
    }
    return out;
  }

  /**
   * One raw line: decoded and read only if a parser could make something of
   * it. A parser in the middle of something (a JSON object, a panic message,
   * an advisory, a cargo error that may have a `Caused by:`) reads every line.
   */
  private readonly byteLine = (bytes: Buffer, start: number, end: number, cut?: CutLine): void => {
    if (cut) return this.cutLine(bytes, start, end, cut);
    if (this.readsEveryLine() || this.redraws.within(bytes, start, end)) return this.decoded(bytes, start, end);
    const at = firstVisible(bytes, start, end, this.leading);
    if (at === UNSURE) return this.decoded(bytes, start, end);
    // A blank line ends an open block; no other parser reads one unless busy (above).
    if (at === end) return this.rust.collecting ? this.rustLine('', this.out) : undefined;
    if ((this.leading.space ? AFTER_SPACE : AT_COLUMN_0).admits(bytes, at, end)) return this.decoded(bytes, start, end);
    if (this.rust.collecting) this.rust.rawLine(bytes, start, end);
  };

  /**
   * The head of a line too long to keep whole. It cannot be (part of) a JSON
   * value: an object open before it is given back as text, and a cargo
   * message it starts is named from its head. Any other head is read as the
   * line's text, so the line after it is read as if the line had been whole.
   */
  private cutLine(bytes: Buffer, start: number, end: number, cut: CutLine): void {
    this.cutLines.count++;
    if (this.cutLines.first.length < CUT_LINES_LISTED) this.cutLines.first.push(cut);
    const unfinished = this.json.end();
    if (unfinished) this.gathered(unfinished, this.out);
    const text = visibleText(bytes.toString('utf8', start, end));
    if (!JsonCollector.starts(text)) return this.textLine(text, this.out);
    this.flushRust(this.out);
    const named = cutCargoMessage(text, cut, this.keepRendered);
    if (named) this.out.push(named);
  }

  private readsEveryLine(): boolean {
    return this.json.open || this.libtest.readsEveryLine || this.audit.readsEveryLine || this.rust.awaitingCause;
  }

  private decoded(bytes: Buffer, start: number, end: number): void {
    // A pty ends lines with \r\n: `visibleText` would drop the \r anyway,
    // and a line without one takes its quicker path.
    while (end > start && bytes[end - 1] === 0x0d) end--;
    this.line(visibleText(bytes.toString('utf8', start, end)), this.out);
  }

  private line(text: string, out: Diagnostic[]): void {
    if (this.json.open || JsonCollector.starts(text)) {
      const gathered = this.json.add(text);
      if (gathered) this.gathered(gathered, out);
      return;
    }
    this.textLine(text, out);
  }

  private gathered({ value, lines }: Gathered, out: Diagnostic[]): void {
    if (value === undefined) {
      // Not JSON after all (a stray `{`): read its lines as text.
      for (const line of lines) this.textLine(line, out);
      return;
    }
    // A JSON value ends whatever human-readable block was open.
    this.flushRust(out);
    const found = cargoJsonDiagnostics(value, this.keepRendered) ?? auditReportDiagnostics(value) ?? [];
    for (const d of found) out.push(d);
  }

  private textLine(text: string, out: Diagnostic[]): void {
    // Scratch arrays, reused: a big log has millions of lines and few issues.
    const theirs = this.theirs;
    let claimed = false;
    for (const parser of this.parsers) if (parser.line(text, theirs)) claimed = true;
    // The rustc/cargo block this line ends came before this line's own issues.
    if (claimed) this.flushRust(out);
    else this.rustLine(text, out);
    if (theirs.length > 0) {
      for (const d of theirs) out.push(d);
      theirs.length = 0;
    }
  }

  private rustLine(text: string, out: Diagnostic[]): void {
    this.rust.line(text, this.fromRust);
    this.classified(out);
  }

  private flushRust(out: Diagnostic[]): void {
    this.rust.flush(this.fromRust);
    this.classified(out);
  }

  private classified(out: Diagnostic[]): void {
    if (this.fromRust.length === 0) return;
    for (const d of this.fromRust) out.push(classifyToolError(d));
    this.fromRust.length = 0;
  }
}

/** Parses a whole captured output at once. */
export function parseOutput(text: string): ParseResult {
  const parser = new OutputParser();
  parser.push(text);
  return parser.end();
}

function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}
