// cargo-nextest: its final verdict per test (`FAIL`, `TIMEOUT`, a signal) and
// the run's `Summary` counts.

import type { Diagnostic } from '../../shared/model';
import type { LineParser } from './lines';
import type { TestTally } from './testTally';

/**
 * `        FAIL [  19.954s] server::organization test_authorization`: status
 * right-aligned, then the duration, an optional `(3/10)` counter, the
 * binary and the test. `TRY 2 FAIL` is a retry, not a verdict: not matched.
 */
const VERDICT = /^\s+(FAIL|TIMEOUT|ABORT|SIG[A-Z]+) \[\s*[\d.]+m?s\]\s+(?:\(\s*\d+\/\s*\d+\)\s+)?(.+?)\s*$/;
/** `     Summary [   2.000s] 5 tests run: 5 passed, 0 skipped`, or `8/10 tests run: ...` when cancelled. */
const SUMMARY = /^\s*Summary \[\s*[\d.]+m?s\]\s+(?:\d+\/)?\d+ tests? run: (.*)$/;
const COUNT = /^(\d+) (passed|failed|exec failed|timed out|skipped)$/;
/** nextest's closing verdict, once its failures have been reported. */
const RUN_FAILED = /^error: test run failed\b/;

const PHRASE: Record<string, string> = { FAIL: 'failed', TIMEOUT: 'timed out', ABORT: 'aborted' };

export class NextestParser implements LineParser {
  private failures = 0;

  constructor(private readonly tally: TestTally) {}

  line(text: string, out: Diagnostic[]): boolean {
    // Verdicts are indented, summaries start with `Summary` or spaces, the
    // closing verdict with `error` (any `\s`: ASCII up to 32, others from 160).
    const first = text.charCodeAt(0);
    if (first > 32 && first < 160 && first !== 83 /* S */ && first !== 101 /* e */) return false;
    const verdict = VERDICT.exec(text);
    if (verdict) {
      const status = verdict[1] ?? 'FAIL';
      const name = verdict[2] ?? '';
      this.failures++;
      // nextest lists every failure again under its summary: one issue each.
      if (this.tally.fail(name)) {
        const what = PHRASE[status] ?? `crashed (${status})`;
        out.push({ severity: 'error', tool: 'nextest', code: null, message: `${name} ${what}`, file: null, line: null, column: null, rendered: text.trim() });
      }
      return true;
    }
    const summary = SUMMARY.exec(text);
    if (summary) {
      this.count(summary[1] ?? '');
      return true;
    }
    return this.failures > 0 && RUN_FAILED.test(text);
  }

  end(): void {}

  /** `5 passed (1 slow, 1 flaky, 1 leaky), 2 failed, 1 exec failed, 1 timed out, 2 skipped`. */
  private count(list: string): void {
    let passed = 0;
    let failed = 0;
    let ignored = 0;
    for (const part of list.replace(/\([^)]*\)/g, '').split(',')) {
      const count = COUNT.exec(part.trim());
      if (!count) continue;
      const n = Number(count[1]);
      if (count[2] === 'passed') passed += n;
      else if (count[2] === 'skipped') ignored += n;
      // A test that could not run, or ran out of time, failed as much as one that asserted.
      else failed += n;
    }
    this.tally.count(passed, failed, ignored);
  }
}
