// Everything an upgrade's commands print, read as it streams: rustc/cargo and
// clippy diagnostics (human or JSON), test results (libtest, nextest),
// `cargo fmt --check`, `cargo audit`, rustup, make and docker errors.
//
// Raw chunks become complete, escape-stripped lines (lines.ts). A line that
// starts a JSON object goes to the JSON collector and to nothing else; any
// other line goes to every small line parser, and to the rustc/cargo parser
// unless one of them claimed it (it would otherwise take the line for part
// of an open `error:` block, or an issue of its own).

import type { Diagnostic } from '../../shared/model';
import { AuditTextParser, auditReportDiagnostics } from './cargoAudit';
import { cargoJsonDiagnostics } from './cargoJson';
import { GenericToolParser } from './generic';
import { JsonCollector, type Gathered } from './jsonLines';
import { LibtestParser } from './libtest';
import { LineSplitter, type LineParser } from './lines';
import { NextestParser } from './nextest';
import { RustDiagnosticParser } from './rustcParser';
import { RustfmtParser } from './rustfmt';
import { TestTally, type TestSummary } from './testTally';
import { classifyToolError } from './toolErrors';

export type { TestSummary } from './testTally';

export interface ParseResult {
  diagnostics: Diagnostic[];
  /** Summed over every test binary or run; null when the output ran no tests. */
  tests: TestSummary | null;
}

export class OutputParser {
  private readonly lines = new LineSplitter();
  private readonly json = new JsonCollector();
  private readonly rust = new RustDiagnosticParser();
  private readonly tally = new TestTally();
  private readonly parsers: LineParser[] = [
    new LibtestParser(this.tally),
    new NextestParser(this.tally),
    new RustfmtParser(),
    new AuditTextParser(),
    new GenericToolParser(),
  ];
  private readonly found: Diagnostic[] = [];
  private readonly theirs: Diagnostic[] = [];
  private readonly fromRust: Diagnostic[] = [];

  /** Feeds a chunk of raw output; returns the diagnostics it completed. */
  push(chunk: string): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const line of this.lines.push(chunk)) this.line(line, out);
    for (const d of out) this.found.push(d);
    return out;
  }

  /** The output has ended: flushes, and returns everything found in it. */
  end(): ParseResult {
    const out: Diagnostic[] = [];
    for (const line of this.lines.end()) this.line(line, out);
    const rest = this.json.end();
    if (rest) this.gathered(rest, out);
    for (const parser of this.parsers) parser.end(out);
    this.flushRust(out);
    for (const d of out) this.found.push(d);
    return { diagnostics: [...this.found], tests: this.tally.summary() };
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
    const found = cargoJsonDiagnostics(value) ?? auditReportDiagnostics(value) ?? [];
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
