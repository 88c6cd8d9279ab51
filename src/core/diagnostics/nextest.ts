// cargo-nextest: its final verdict per failing test (`FAIL`, `TIMEOUT`, a
// signal) as an issue, and the run's `Summary` counts.

import type { Diagnostic } from '../../shared/model';
import type { LineParser } from './lines';
import { isNextestStart, readNextestStatus, readNextestSummary } from './nextestLines';
import type { TestTally } from './testTally';

/** nextest's closing verdict, once its failures have been reported. */
const RUN_FAILED = /^error: test run failed\b/;

const PHRASE: Record<string, string> = {
  FAIL: 'failed',
  'FAIL + LEAK': 'failed (and leaked)',
  'LEAK-FAIL': 'failed (leaked)',
  XFAIL: 'could not be run',
  TIMEOUT: 'timed out',
  TMT: 'timed out',
  ABORT: 'aborted',
};

export class NextestParser implements LineParser {
  private failures = 0;
  /** Under the summary nextest lists each failure's final verdict again, a retry's too. */
  private summarized = false;

  constructor(private readonly tally: TestTally) {}

  line(text: string, out: Diagnostic[]): boolean {
    // Verdicts are indented, summaries start with `Summary` or spaces, the
    // closing verdict with `error` (any `\s`: ASCII up to 32, others from 160).
    const first = text.charCodeAt(0);
    if (first > 32 && first < 160 && first !== 83 /* S */ && first !== 101 /* e */) return false;
    if (isNextestStart(text)) {
      this.tally.nextestRun = true;
      return true;
    }
    const status = readNextestStatus(text);
    if (status) {
      this.tally.nextestRun = true;
      // During the run `TRY 2 FAIL` may still be followed by a pass; under the summary it is final.
      if (status.verdict !== 'failed' || (status.status.startsWith('TRY ') && !this.summarized)) return true;
      const name = `${status.binary} ${status.test}`;
      this.failures++;
      // nextest lists every failure again under its summary: one issue each.
      if (this.tally.fail(name)) {
        const what = PHRASE[status.status.replace(/^TRY \d+ /, '')] ?? `crashed (${status.status})`;
        out.push({ severity: 'error', tool: 'nextest', code: null, message: `${name} ${what}`, file: null, line: null, column: null, rendered: text.trim() });
      }
      return true;
    }
    const summary = readNextestSummary(text);
    if (summary) {
      this.tally.nextestRun = true;
      this.summarized = true;
      this.tally.count(summary.passed, summary.failed, summary.ignored);
      return true;
    }
    return this.failures > 0 && RUN_FAILED.test(text);
  }

  end(): void {}
}
