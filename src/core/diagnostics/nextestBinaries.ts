// One cargo-nextest run's counts per test binary. nextest names each test's
// binary on the line that says how it ended (`PASS [ 0.004s] photondrift
// tests::a`), so the counts are those lines', grouped by binary; a test's last
// line is its verdict (`TRY 1 FAIL` then `TRY 2 PASS` is a pass, and the
// failures repeated under the summary are the same tests again).
//
// nextest only lists what its status level shows: by default no `SKIP` line,
// and with `--status-level fail` no `PASS` either. What its `Summary` counts
// beyond the listed tests is one more entry, UNLISTED, so the binaries add up
// to the run's own totals.
import type { TestBinaryCounts } from '../../shared/model';
import { readNextestStatus, readNextestSummary, type NextestCounts, type NextestVerdict } from './nextestLines';

export const UNLISTED = 'not listed by nextest';

export class NextestBinaries {
  /** `binary test` → its last verdict; a Map keeps the order tests were first seen. */
  private readonly verdicts = new Map<string, { binary: string; test: string; verdict: NextestVerdict }>();
  private summary: NextestCounts | null = null;

  /** True once the run's summary was read: a `Starting` line after it begins another run. */
  get summarized(): boolean {
    return this.summary !== null;
  }

  /** Reads one line; true if it was a test's verdict or the summary. */
  line(text: string): boolean {
    const status = readNextestStatus(text);
    if (status) {
      this.verdicts.set(`${status.binary} ${status.test}`, status);
      return true;
    }
    const summary = readNextestSummary(text);
    if (summary) this.summary = summary;
    return summary !== null;
  }

  counts(): TestBinaryCounts[] {
    const binaries = new Map<string, TestBinaryCounts>();
    for (const { binary, test, verdict } of this.verdicts.values()) {
      let counts = binaries.get(binary);
      if (!counts) binaries.set(binary, (counts = { binary, passed: 0, failed: 0, ignored: 0, failing: [] }));
      counts[verdict]++;
      if (verdict === 'failed') counts.failing.push(test);
    }
    const found = [...binaries.values()];
    const unlisted = this.unlisted(found);
    return unlisted ? [...found, unlisted] : found;
  }

  /** What the summary counts and no line listed; null when the lines account for all of it (or there is no summary). */
  private unlisted(found: TestBinaryCounts[]): TestBinaryCounts | null {
    if (!this.summary) return null;
    const rest = (key: NextestVerdict): number => Math.max(0, this.summary![key] - found.reduce((sum, b) => sum + b[key], 0));
    const counts = { binary: UNLISTED, passed: rest('passed'), failed: rest('failed'), ignored: rest('ignored'), failing: [] };
    // A summary of a run with no tests at all is still a run: it says 0, not nothing.
    const empty = counts.passed + counts.failed + counts.ignored === 0;
    return empty && found.length > 0 ? null : counts;
  }
}
