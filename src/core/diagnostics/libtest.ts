// libtest, the harness behind `cargo test`: failing tests, their panics and
// the `test result:` counts of every test binary.

import type { Diagnostic } from '../../shared/model';
import type { LineParser } from './lines';
import type { TestTally } from './testTally';

const TEST_FAILED = /^test (.+?) \.\.\. FAILED\b/;
const RESULT = /^test result: \w+\. (\d+) passed; (\d+) failed; (\d+) ignored;/;
/** Rust >= 1.73: `thread 'tests::bad' (8651) panicked at src/lib.rs:33:16:`, the message on the next lines. */
const PANIC = /^thread '([^']*)'(?: \(\d+\))? panicked at (.+):(\d+):(\d+):$/;
/** Rust < 1.73: `thread 'tests::bad' panicked at 'message', src/lib.rs:33:16`. */
const OLD_PANIC = /^thread '([^']*)'(?: \(\d+\))? panicked at '(.*)', (.+):(\d+):(\d+)$/;
/** What ends a panic message: libtest's and the runtime's own lines. */
const AFTER_PANIC = /^(?:note: run with `RUST_BACKTRACE|stack backtrace:|thread '|test (?:.+ \.\.\. |result: )|---- |failures:$|successes:$)/;
/** Cargo starts another test binary (not nextest's progress bar, `Running [ 00:00:01] 3/10`). */
const NEXT_BINARY = /^\s+(?:Running (?!\[)|Doc-tests )/;
/** Cargo's verdicts on what libtest already reported. */
const RERUN = /^error: test failed, to rerun pass `/;
const TARGETS_FAILED = /^error: \d+ targets? failed:$/;
/** A panic message can be long (a Debug dump): keep its start, in lines and characters. */
const MAX_MESSAGE_LINES = 50;
const MAX_MESSAGE_CHARS = 64 * 1024;

interface Panic {
  test: string;
  file: string;
  line: number;
  column: number;
  lines: string[];
  chars: number;
}

export class LibtestParser implements LineParser {
  private panic: Panic | null = null;
  /** Failures of the running test binary, and which of them panicked. */
  private failed: string[] = [];
  private readonly panicked = new Set<string>();

  constructor(private readonly tally: TestTally) {}

  /** Inside a panic message, every line is either more of it or its end. */
  get readsEveryLine(): boolean {
    return this.panic !== null;
  }

  line(text: string, out: Diagnostic[]): boolean {
    if (this.panic) {
      if (text.trim() !== '' && !AFTER_PANIC.test(text)) {
        if (this.panic.lines.length <= MAX_MESSAGE_LINES && this.panic.chars < MAX_MESSAGE_CHARS) {
          this.panic.lines.push(text.slice(0, MAX_MESSAGE_CHARS - this.panic.chars));
          this.panic.chars += text.length;
        }
        return true;
      }
      this.endPanic(out);
    }
    // Every line of ours starts with one of these letters: skip the rest cheaply.
    const first = text.charCodeAt(0);
    if (first === 116 /* t */) return this.testLine(text, out);
    if (first === 101 /* e */) return this.cargoVerdict(text);
    if (NEXT_BINARY.test(text)) this.nextBinary(out);
    return false;
  }

  end(out: Diagnostic[]): void {
    this.endPanic(out);
    this.nextBinary(out);
  }

  private testLine(text: string, out: Diagnostic[]): boolean {
    const failed = TEST_FAILED.exec(text);
    if (failed) {
      const name = failed[1] ?? '';
      // Inside a nextest run, nextest reports the failure (and the panic is still ours).
      if (this.tally.nextestRun) return true;
      this.tally.fail(name);
      this.failed.push(name);
      return true;
    }
    const result = RESULT.exec(text);
    if (result) {
      if (!this.tally.nextestRun) this.tally.count(Number(result[1]), Number(result[2]), Number(result[3]));
      this.unexplained(out);
      return true;
    }
    const panic = PANIC.exec(text);
    if (panic) {
      this.panic = { test: panic[1] ?? '', file: panic[2] ?? '', line: Number(panic[3]), column: Number(panic[4]), lines: [text], chars: 0 };
      return true;
    }
    const old = OLD_PANIC.exec(text);
    if (old) {
      this.panic = { test: old[1] ?? '', file: old[3] ?? '', line: Number(old[4]), column: Number(old[5]), lines: [text, old[2] ?? ''], chars: 0 };
      this.endPanic(out);
      return true;
    }
    return false;
  }

  /**
   * `error: test failed, to rerun pass `--lib`` only repeats that a test of
   * that binary failed, so it is no issue of its own when one was recorded.
   * When none was (the binary crashed, or was killed), it is the only trace
   * of the failure: the human-diagnostics parser keeps it, with its cause.
   */
  private cargoVerdict(text: string): boolean {
    if (RERUN.test(text)) return this.failed.length > 0;
    if (TARGETS_FAILED.test(text)) return this.tally.failureCount > 0;
    return false;
  }

  private endPanic(out: Diagnostic[]): void {
    const panic = this.panic;
    if (!panic) return;
    this.panic = null;
    this.panicked.add(panic.test);
    const first = panic.lines[1];
    out.push({
      severity: 'error',
      tool: 'libtest',
      code: null,
      message: first ? `${panic.test} panicked: ${first}` : `${panic.test} panicked`,
      file: panic.file,
      line: panic.line,
      column: panic.column,
      rendered: panic.lines.join('\n'),
    });
  }

  private nextBinary(out: Diagnostic[]): void {
    this.tally.nextestRun = false;
    this.unexplained(out);
    this.failed = [];
    this.panicked.clear();
  }

  /** A failed test that printed no panic (it returned `Err`, or should have panicked) is still an issue. */
  private unexplained(out: Diagnostic[]): void {
    for (const name of this.failed) {
      if (this.panicked.has(name)) continue;
      this.panicked.add(name);
      out.push({ severity: 'error', tool: 'libtest', code: null, message: `test ${name} failed`, file: null, line: null, column: null, rendered: `test ${name} ... FAILED` });
    }
  }
}
