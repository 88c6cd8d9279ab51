// The lines of cargo-nextest's human output that say how a test ended, and
// its `Summary`, read into plain values. Shared by the issue parser
// (nextest.ts) and the per-binary counts (nextestBinaries.ts).

/** How a test ended, in the words of a test binary's counts. */
export type NextestVerdict = 'passed' | 'failed' | 'ignored';

export interface NextestStatusLine {
  /** As nextest prints it: `PASS`, `FAIL`, `TRY 2 FAIL`, `SIGSEGV`, `SKIP`... */
  status: string;
  verdict: NextestVerdict;
  /** `photondrift`, `photondrift::integration`, `photondrift::bin/photondrift`. */
  binary: string;
  /** The test's name inside its binary: `tests::bad`. */
  test: string;
}

/**
 * `        FAIL [  19.954s] server::organization test_authorization`: the
 * status right-aligned in 12 columns, the duration (blank for `SKIP`), an
 * optional stress index `[1/3]` and counter `( 3/10)` (or `(-----)`, `(─────)`
 * when padded), the binary id and the test name. Older nextest pads the binary
 * id to a common width, so any run of spaces may follow the duration.
 */
const STATUS_LINE = /^\s*([A-Z][A-Z0-9 +/-]*?) \[(?: *([\d.]+)m?s| +)\] +(?:\[[\d /]+\] +)?(?:\((?: *\d+\/\d+|[-─]+)\) +)?(\S+) +(.+?)\s*$/;
/** Statuses that mean the test passed; `TRY n PASS` passed on a retry (flaky), `LEAK` passed but left a process behind. */
const PASSED = /^(?:PASS|LEAK|SLOW|SLOW \+ LEAK|FLAKY \d+\/\d+|TRY \d+ (?:PASS|LEAK))$/;
/**
 * Statuses that mean it failed: an assertion, a binary that could not start
 * (`XFAIL`), a time-out, a leak treated as failure, a signal, and any of
 * these on a retry (`TRY 2 FAIL`, `TRY 2 TMT`, `TRY 2 SEGV`).
 */
const FAILED = /^(?:FAIL(?: \+ LEAK)?|XFAIL|TIMEOUT|LEAK-FAIL|ABORT|ABO?RT SIG \d+|SIG[A-Z0-9]+|TRY \d+ [A-Z][A-Z0-9 -]*)$/;

export function readNextestStatus(text: string): NextestStatusLine | null {
  const match = STATUS_LINE.exec(text);
  if (!match) return null;
  const [, status = '', duration, binary = '', test = ''] = match;
  // Only `SKIP` has a blank duration: `RETRY 2/3 [         ]` announces a retry, not an end.
  if (duration === undefined) return status === 'SKIP' ? { status, verdict: 'ignored', binary, test } : null;
  if (PASSED.test(status)) return { status, verdict: 'passed', binary, test };
  if (FAILED.test(status)) return { status, verdict: 'failed', binary, test };
  return null;
}

export interface NextestCounts {
  passed: number;
  failed: number;
  ignored: number;
}

/**
 * `     Summary [   2.000s] 5 tests run: 5 passed, 0 skipped`, `Summary [ 0.123s] 10 tests run: 9 passed, 1 failed, 2 skipped`,
 * or when cancelled `8/10 tests run: 5 passed (1 slow, 1 flaky, 1 leaky), 2 failed, 1 exec failed, 1 timed out, 2 skipped`.
 */
const SUMMARY = /^\s*Summary \[\s*[\d.]+m?s\]\s+(?:\d+\/)?\d+ tests? run: (.*)$/;
const COUNT = /^(\d+) (passed|failed|exec failed|timed out|skipped)$/;

export function readNextestSummary(text: string): NextestCounts | null {
  const summary = SUMMARY.exec(text);
  if (!summary) return null;
  const counts = { passed: 0, failed: 0, ignored: 0 };
  // `(1 slow, 1 flaky)` and `(1 due to being leaky)` qualify a count already given.
  for (const part of (summary[1] ?? '').replace(/\([^)]*\)/g, '').split(',')) {
    const count = COUNT.exec(part.trim());
    if (!count) continue;
    const n = Number(count[1]);
    if (count[2] === 'passed') counts.passed += n;
    else if (count[2] === 'skipped') counts.ignored += n;
    // A test that could not run, or ran out of time, failed as much as one that asserted.
    else counts.failed += n;
  }
  return counts;
}

/** `    Starting 12 tests across 3 binaries (2 tests skipped)`: a nextest run begins. */
const STARTING = /^\s*Starting \d+ tests? across \d+ binar(?:y|ies)\b/;

export function isNextestStart(text: string): boolean {
  return STARTING.test(text);
}
