// Test counts summed over every test binary (libtest) or run (nextest) in
// one command's output, and the names of the tests that failed.

export interface TestSummary {
  passed: number;
  failed: number;
  ignored: number;
  /** Failing test names, in order, each once: `tests::bad`, `server::organization test_authorization`. */
  failures: string[];
}

export class TestTally {
  private passed = 0;
  private failed = 0;
  private ignored = 0;
  /** A Set keeps order and drops repeats: nextest lists its failures again after the summary. */
  private readonly failures = new Set<string>();
  /** Stays false for output without any test run, so the result says "no tests" (null), not "0 tests". */
  private seen = false;
  /**
   * Inside a nextest run (from its first line to cargo's next `Running`), a
   * libtest line is a failing test's captured output: nextest counts that test.
   */
  nextestRun = false;

  count(passed: number, failed: number, ignored: number): void {
    this.passed += passed;
    this.failed += failed;
    this.ignored += ignored;
    this.seen = true;
  }

  /** Records a failing test; false if it was already recorded. */
  fail(name: string): boolean {
    this.seen = true;
    if (this.failures.has(name)) return false;
    this.failures.add(name);
    return true;
  }

  get failureCount(): number {
    return this.failures.size;
  }

  summary(): TestSummary | null {
    if (!this.seen) return null;
    return { passed: this.passed, failed: this.failed, ignored: this.ignored, failures: [...this.failures] };
  }
}
