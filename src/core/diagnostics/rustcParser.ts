// Streaming parser for rustc/cargo "human" diagnostics in raw terminal output.
//
// It reads complete lines (see lines.ts for how raw pty chunks become lines):
// `push`/`end` take raw output, `line`/`flush` take lines already split and
// stripped, as OutputParser feeds it alongside the other line parsers.

import type { Diagnostic } from '../../shared/model';
import { LineSplitter, visibleText } from './lines';
import { LEVEL_NOTE, LintsByShape, lintFromLevelNote, lintOfLine } from './lintNames';

/** `error[E0432]: msg`, `warning: msg`, `error: msg` at column 0. */
const HEADER = /^(error|warning)(?:\[(E\d{4})\])?: (.*)$/;

/** The primary location: ` --> src/plugins.rs:7:5` (`:::` marks secondary spans). */
const LOCATION = /^\s*--> (.+):(\d+):(\d+)\s*$/;


/**
 * Lines that summarise diagnostics already reported (or say nothing new):
 * they must not become issues of their own.
 */
const SUMMARIES = new RegExp(
  [
    /^warning: `[^`]+` \([^)]*\) generated \d+ warnings?/,
    /^error: could not compile `/,
    /^warning: build failed, waiting for other jobs to finish/,
    /^error: aborting due to /,
    /^(?:warning|error): \d+ (?:warnings?|errors?) emitted/,
    // Cargo retries a failed download and says so; if every retry fails, the
    // error that follows carries the cause, so these add nothing to it.
    /^warning: spurious network error \(/,
  ]
    .map((re) => `(?:${re.source})`)
    .join('|'),
);

const NON_BLANK = /\S/;

/** Summaries start with `error: ` or `warning: `: test the regex on those only. */
function isSummary(line: string): boolean {
  const first = line.charCodeAt(0);
  return (first === 101 /* e */ || first === 119 /* w */) && SUMMARIES.test(line);
}

/** Status words are capitalised, and right-aligned with spaces (any `\s`: ASCII up to 32, others from 160). */
function isCargoStatus(line: string): boolean {
  const first = line.charCodeAt(0);
  return (first <= 32 || first >= 160 || (first >= 65 && first <= 90)) && CARGO_STATUS.test(line);
}

/** Cargo's right-aligned status lines (`   Compiling foo v0.1.0`). */
const CARGO_STATUS =
  /^\s*(?:Compiling|Checking|Finished|Running|Doc-tests|Fresh|Building|Blocking|Locking|Updating|Adding|Removing|Downloading|Downloaded|Documenting|Packaging|Verifying|Installing|Installed|Replacing|Fixing|Migrating)\s/;

/** `bash: foo: command not found`, `zsh: command not found: foo`, `sh: 1: foo: not found`. */
const COMMAND_NOT_FOUND = /^(?:bash|zsh|sh|dash|fish): (.*(?:command not found|: not found).*)$/;

/**
 * Consecutive lines of a block kept as the raw bytes they came in
 * (`bytes[start, end)`, `\n`-separated, escapes included): most of a block
 * is its snippet, decoded only when its text is wanted.
 */
interface RawLines {
  bytes: Buffer;
  start: number;
  end: number;
  /** The lint its notes name, once looked for (undefined: not yet). */
  lint?: string | null;
}

/**
 * Most of a block's text kept (a rustc diagnostic is a few KiB): past it the
 * block goes on to its end, but its lines are no longer kept, so that an
 * `error:` followed by a flood of text with no blank line holds no more.
 */
const MAX_BLOCK_CHARS = 1024 * 1024;

interface Block {
  severity: 'error' | 'warning';
  errorCode: string | null;
  message: string;
  lines: (string | RawLines)[];
  /** Bytes or characters in `lines`. */
  kept: number;
  /** A cargo block saw a blank line: it only goes on if `Caused by:` follows. */
  awaitingCause: boolean;
}

export class RustDiagnosticParser {
  private readonly lines = new LineSplitter();
  private block: Block | null = null;
  /** Lints named earlier in this output: later occurrences of a lint carry no note. */
  private readonly lintsByShape = new LintsByShape();

  /** @param keepRendered false when no one reads `rendered`: it stays empty unless needed to name the error. */
  constructor(private readonly keepRendered = true) {}

  /** A block is open and takes any ordinary line (not waiting to see whether a cause follows a blank). */
  get collecting(): boolean {
    return this.block !== null && !this.block.awaitingCause;
  }

  /** After a blank line in a cargo block, every line decides whether the block goes on. */
  get awaitingCause(): boolean {
    return this.block?.awaitingCause === true;
  }

  /**
   * Appends a line to the open block without decoding it. Only for lines
   * that `line` would append as they are: non-blank, and starting with
   * nothing a header, summary, status, location or `Caused by:` starts with.
   */
  rawLine(bytes: Buffer, start: number, end: number): void {
    const block = this.block;
    if (!block || block.kept > MAX_BLOCK_CHARS) return;
    block.kept += end - start + 1;
    const lines = block.lines;
    const last = lines[lines.length - 1];
    // The line right after the last raw one (its `\n` between them): extend the run.
    if (typeof last === 'object' && last.bytes === bytes && last.end + 1 === start) last.end = end;
    else lines.push({ bytes, start, end });
  }

  /** Feeds a chunk of raw output; returns the diagnostics it completed. */
  push(chunk: string): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const line of this.lines.push(chunk)) this.line(line, out);
    return out;
  }

  /**
   * Flushes the last diagnostic. Call it when the command has finished:
   * cargo's own errors aren't followed by a blank line, so only the end of
   * the output tells they are complete.
   */
  end(): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const line of this.lines.end()) this.line(line, out);
    this.flush(out);
    return out;
  }

  /** Ends the open diagnostic, if any: the output ended, or another tool's line came. */
  flush(out: Diagnostic[]): void {
    this.finish(out);
  }

  /** Feeds one complete line, escapes already stripped (see `visibleText`). */
  line(line: string, out: Diagnostic[]): void {
    const block = this.block;

    if (!NON_BLANK.test(line)) {
      // rustc ends every diagnostic with a blank line; cargo separates its
      // `Caused by:` sections with blank lines, so wait for the next line.
      if (block && isCargoBlock(block)) block.awaitingCause = true;
      else this.finish(out);
      return;
    }
    if (block?.awaitingCause) {
      // A cause can have paragraphs of its own (`feature `x` is required`,
      // blank, then the indented explanation): indented text after a blank
      // still belongs to the cause.
      // (Raw lines never start with `Caused by:`: see rawLine.)
      const continues =
        /^Caused by:/.test(line) ||
        (/^\s/.test(line) && !CARGO_STATUS.test(line) && block.lines.some((l) => typeof l === 'string' && /^Caused by:/.test(l)));
      if (continues) {
        block.lines.push('', line);
        block.awaitingCause = false;
        return;
      }
      this.finish(out);
    }

    if (isSummary(line) || isCargoStatus(line)) {
      this.finish(out);
      return;
    }

    const header = HEADER.exec(line);
    if (header) {
      this.finish(out);
      this.block = {
        severity: header[1] === 'error' ? 'error' : 'warning',
        errorCode: header[2] ?? null,
        message: header[3] ?? '',
        lines: [line],
        kept: line.length,
        awaitingCause: false,
      };
      return;
    }

    const notFound = COMMAND_NOT_FOUND.exec(line);
    if (notFound) {
      this.finish(out);
      out.push({
        severity: 'error',
        tool: 'shell',
        code: null,
        message: notFound[1] ?? line,
        file: null,
        line: null,
        column: null,
        rendered: line,
      });
      return;
    }

    // Anything else belongs to the open block (snippet, notes, help), or is
    // ordinary output between diagnostics.
    if (this.block && this.block.kept <= MAX_BLOCK_CHARS) {
      this.block.kept += line.length + 1;
      this.block.lines.push(line);
    }
  }

  private finish(out: Diagnostic[]): void {
    const block = this.block;
    if (!block) return;
    this.block = null;

    let location: RegExpExecArray | null = null;
    let lint: string | null = null;
    for (const line of block.lines) {
      // Raw lines never hold the location: the line parser decodes lines starting with `-->`.
      if (typeof line === 'string') location ??= LOCATION.exec(line);
      lint ??= lintOf(line);
    }
    // A compiler warning or lint error (no E-code): named by its own notes, else by an earlier one of the same shape.
    if (block.errorCode === null && location !== null) {
      lint ??= levelNoteLint(block);
      if (lint !== null) this.lintsByShape.learn(block.message, lint);
      else lint = this.lintsByShape.lintOf(block.message);
    }

    const tool = toolOf(block, location !== null, lint);
    // cargo's and rustup's errors are named from their text (toolErrors.ts).
    const wanted = this.keepRendered || (block.errorCode === null && lint === null && location === null);
    out.push({
      severity: block.severity,
      tool,
      // An error code (E0432) is more specific than the lint that reports it.
      code: block.errorCode ?? lint,
      message: block.message,
      file: location?.[1] ?? null,
      line: location ? Number(location[2]) : null,
      column: location ? Number(location[3]) : null,
      rendered: wanted ? block.lines.flatMap(textOf).join('\n') : '',
    });
  }
}

/** A block with a code, a source location or lint notes came from the compiler. */
function isCargoBlock(block: Block): boolean {
  return block.errorCode === null && !block.lines.some((line) => (typeof line === 'string' && LOCATION.test(line)) || lintOf(line) !== null);
}

/** The lint named by a line's note or clippy link (lintNames.ts); the first one of raw lines. */
function lintOf(line: string | RawLines): string | null {
  if (typeof line !== 'string') return (line.lint ??= rawLint(line));
  return lintOfLine(line);
}

/** The notes quote with backticks, clippy's link has `index.html#`: only lines holding one are decoded. */
function rawLint({ bytes, start, end }: RawLines): string | null {
  const run = bytes.subarray(start, end);
  for (const marker of RAW_MARKERS) {
    for (let at = run.indexOf(marker); at !== -1; ) {
      const lineStart = run.lastIndexOf(10, at) + 1;
      const newline = run.indexOf(10, at);
      const lineEnd = newline === -1 ? run.length : newline;
      const lint = lintOfLine(visibleText(run.toString('utf8', lineStart, lineEnd)));
      if (lint !== null) return lint;
      at = newline === -1 ? -1 : run.indexOf(marker, newline);
    }
  }
  return null;
}
const RAW_MARKERS = [Buffer.from('`'), Buffer.from('index.html#')];

/** `the lint level is defined here` over `#![warn(missing_docs)]`: decoded only for a block that says so. */
function levelNoteLint(block: Block): string | null {
  const says = block.lines.some((line) => (typeof line === 'string' ? line.includes(LEVEL_NOTE) : line.bytes.subarray(line.start, line.end).includes(LEVEL_NOTE)));
  return says ? lintFromLevelNote(block.lines.flatMap(textOf)) : null;
}

function textOf(line: string | RawLines): string | string[] {
  // A pty's \r\n endings go with the split: `visibleText` would drop the \r anyway, more slowly.
  return typeof line === 'string' ? line : line.bytes.toString('utf8', line.start, line.end).split(/\r*\n/).map(visibleText);
}

function toolOf(block: Block, hasLocation: boolean, lint: string | null): string {
  if (lint?.startsWith('clippy::')) return 'clippy';
  if (block.errorCode !== null || hasLocation || lint !== null) return 'rustc';
  // rustup, when cargo/rustc is its proxy: `error: toolchain '1.81.0-...' is not installed`.
  if (/^toolchain '|^rustup\b/.test(block.message)) return 'rustup';
  return 'cargo';
}
