// Test counts per test binary, baseline against after. The totals only say
// that a count dropped; binary by binary one sees how (a test binary no
// longer built, a module's tests compiled out, tests now ignored). The
// metrics page and the guide read it here, so both flag the same binaries.
import { metricOf } from './measurements';
import type { MeasurementRecord, TestBinaryCounts } from './model';

/** A measurement's counts per binary, or why it has none (the tests did not compile, were not asked for...). */
export type TestFigures = { measured: true; binaries: TestBinaryCounts[] } | { measured: false; failed: boolean; reason: string };

export function testFigures(m: MeasurementRecord): TestFigures {
  const passed = metricOf(m, 'tests_passed');
  if (passed?.status === 'measured') return { measured: true, binaries: m.tests };
  return { measured: false, failed: passed?.status === 'failed', reason: passed?.reason ?? 'not measured' };
}

/** `same` and `more` are not flagged; the others are how tests go missing or come in. */
export type BinaryChange = 'disappeared' | 'appeared' | 'fewer' | 'more' | 'same';

export interface TestBinaryRow {
  /** The binary's crate and name (`beta_core · unittests src/lib.rs`), or its name and place (`unittests src/lib.rs (#2)`) when a side has no crates recorded. */
  label: string;
  baseline: TestBinaryCounts | null;
  after: TestBinaryCounts | null;
  /** Null when there is only one side to look at. */
  change: BinaryChange | null;
}

/** Tests that ran: an ignored test did not, as the tests gate counts them. */
const ranCount = (t: TestBinaryCounts): number => t.passed + t.failed;
const totalCount = (t: TestBinaryCounts): number => t.passed + t.failed + t.ignored;

function changeOf(baseline: TestBinaryCounts | null, after: TestBinaryCounts | null): BinaryChange {
  if (!after) return 'disappeared';
  if (!baseline) return 'appeared';
  if (ranCount(after) < ranCount(baseline) || totalCount(after) < totalCount(baseline)) return 'fewer';
  return totalCount(after) > totalCount(baseline) ? 'more' : 'same';
}

/** `beta_core · unittests src/lib.rs`; `Doc-tests beta_core` already says its crate. */
export function crateLabel(b: TestBinaryCounts): string {
  return b.crate && !b.binary.endsWith(` ${b.crate}`) ? `${b.crate} · ${b.binary}` : b.binary;
}

/**
 * Each label's n-th binary, keyed `label` or `label (#n)`: cargo runs a
 * workspace's crates in the same order every time, so binaries it does not
 * tell apart (`tests/it.rs` of two crates) still pair by their place.
 */
function keyed(binaries: readonly TestBinaryCounts[], label: (b: TestBinaryCounts) => string): Map<string, TestBinaryCounts> {
  const seen = new Map<string, number>();
  const out = new Map<string, TestBinaryCounts>();
  for (const b of binaries) {
    const name = label(b);
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    out.set(n === 1 ? name : `${name} (#${n})`, b);
  }
  return out;
}

const hasCrates = (side: readonly TestBinaryCounts[] | null): boolean => side === null || side.some((b) => b.crate !== undefined);

/**
 * One row per binary of either side: the baseline's in its order, then those
 * only the after has. Binaries pair by crate and name when both sides
 * recorded crates, else (a measurement from before crates were recorded) by
 * name and place. A side that is null (its tests were not measured) leaves
 * the rows unjudged rather than every binary "disappeared".
 */
export function compareTestBinaries(baseline: readonly TestBinaryCounts[] | null, after: readonly TestBinaryCounts[] | null): TestBinaryRow[] {
  const label = hasCrates(baseline) && hasCrates(after) ? crateLabel : (b: TestBinaryCounts): string => b.binary;
  const before = keyed(baseline ?? [], label);
  const now = keyed(after ?? [], label);
  const judged = baseline !== null && after !== null;
  const labels = [...before.keys(), ...[...now.keys()].filter((k) => !before.has(k))];
  return labels.map((key) => {
    const b = before.get(key) ?? null;
    const a = now.get(key) ?? null;
    return { label: key, baseline: b, after: a, change: judged ? changeOf(b, a) : null };
  });
}

const tests = (n: number, what = ''): string => `${n} ${what}test${n === 1 ? '' : 's'}`;

/** Whether a row wants attention: a binary gone, new, with fewer tests, or with failures after. */
export function rowFlag(row: TestBinaryRow): 'bad' | 'note' | null {
  if (row.change === 'disappeared' || row.change === 'fewer' || (row.after?.failed ?? 0) > 0) return 'bad';
  return row.change === 'appeared' ? 'note' : null;
}

/** What changed, in words: `disappeared (had 5 tests)`, `1 fewer test, 1 more ignored, 1 failing`. */
export function changeText(row: TestBinaryRow): string {
  const { baseline: b, after: a } = row;
  const parts: string[] = [];
  if (row.change === 'disappeared' && b) parts.push(`disappeared (had ${tests(totalCount(b))})`);
  if (row.change === 'appeared' && a) parts.push(`new binary, ${tests(totalCount(a))}`);
  if (a && b) {
    const added = totalCount(a) - totalCount(b);
    if (added !== 0) parts.push(tests(Math.abs(added), added < 0 ? 'fewer ' : 'more '));
    // Tests marked #[ignore] in the upgrade: as many tests, fewer of them run.
    if (a.ignored > b.ignored) parts.push(`${a.ignored - b.ignored} more ignored`);
  }
  if (a && a.failed > 0) parts.push(`${a.failed} failing`);
  return parts.join(', ');
}

/**
 * Both sides have binaries and no name in common: most likely one was
 * measured with cargo test (binaries named by source file) and the other with
 * cargo-nextest (named by crate), so their rows cannot be paired.
 */
export function noBinaryInCommon(rows: readonly TestBinaryRow[]): boolean {
  return rows.some((r) => r.change === 'disappeared') && rows.some((r) => r.change === 'appeared') && rows.every((r) => r.change === 'disappeared' || r.change === 'appeared');
}

export const NO_BINARY_IN_COMMON =
  'No test binary has the same name in both: cargo test names a binary by its source file (unittests src/lib.rs), cargo-nextest by its crate. Were the two measured with different test runners?';

/** Failing tests after that were not failing in the baseline's binary it is paired with. */
export function newlyFailing(row: TestBinaryRow): string[] {
  const before = new Set(row.baseline?.failing ?? []);
  return (row.after?.failing ?? []).filter((name) => !before.has(name));
}
