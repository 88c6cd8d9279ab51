// The search of a toolchain bisection, apart from running anything: over a
// list ordered oldest first, the first point whose outcome differs from the
// oldest point where the check could run. Points where it could not run (a
// toolchain without clippy) are skipped, as `git bisect skip` does: they are
// neither the baseline nor a change. By default a binary search (about log2 n
// checks) that assumes one change; `exhaustive` checks every point, which is
// the only way to see an outcome that changes and changes back.

import type { CheckOutcome } from '../../shared/toolchain/bisection';

export type { CheckOutcome };

export interface SearchResult {
  /** Index of the oldest point where the check ran: what the others are compared with; null when it ran nowhere. */
  baseline: number | null;
  /** Index of the first point whose outcome differs from the baseline's; null when none was found. */
  first: number | null;
  /** Each point's outcome, or undefined where it was not checked. */
  outcomes: (CheckOutcome | undefined)[];
  /** True or false once every point was checked; null when some were skipped by the binary search. */
  monotonic: boolean | null;
  /** What the reader must know about the answer: skipped points, assumptions, outcomes that changed back. */
  notes: string[];
}

/** Runs the search; `probe(i)` runs the check at point i (called at most once per point, one at a time). */
export async function searchFirstChange(
  count: number,
  probe: (index: number) => Promise<CheckOutcome>,
  name: (index: number) => string,
  exhaustive = false,
): Promise<SearchResult> {
  const outcomes: (CheckOutcome | undefined)[] = new Array<CheckOutcome | undefined>(count).fill(undefined);
  const check = async (i: number): Promise<CheckOutcome> => (outcomes[i] ??= await probe(i));
  const notes: string[] = [];
  const ran = (i: number): boolean => outcomes[i] === 'passed' || outcomes[i] === 'failed';

  if (exhaustive) for (let i = 0; i < count; i++) await check(i);

  let lo = -1;
  for (let i = 0; i < count && lo < 0; i++) if ((await check(i)) !== 'could-not-run') lo = i;
  if (lo < 0) {
    notes.push('the check could not run under any of the toolchains');
    return { baseline: null, first: null, outcomes, monotonic: null, notes };
  }
  let hi = -1;
  for (let i = count - 1; i > lo && hi < 0; i--) if ((await check(i)) !== 'could-not-run') hi = i;
  if (hi < 0) {
    notes.push(`the check could run only under ${name(lo)}: there is nothing to compare it with`);
    return { baseline: lo, first: null, outcomes, monotonic: null, notes };
  }
  const baseline = lo;
  const base = outcomes[lo];
  if (lo > 0) notes.push(`the check could not run under ${range(0, lo).map(name).join(', ')}: ${name(lo)}, the oldest where it ran, is the baseline`);
  const tail = range(hi + 1, count);
  if (tail.length > 0) notes.push(`the check could not run under ${tail.map(name).join(', ')}, after ${name(hi)}`);

  if (exhaustive) {
    const runnable = outcomes.flatMap((o, i) => (ran(i) ? [{ o, i }] : []));
    const changes = runnable.filter((p, k) => k > 0 && p.o !== runnable[k - 1]?.o).length;
    const first = runnable.find((p) => p.o !== base)?.i ?? null;
    if (changes > 1) notes.push(`not monotonic: the outcome changes ${changes} times along the list; the first change is reported`);
    return { baseline, first, outcomes, monotonic: changes <= 1, notes };
  }

  if (outcomes[hi] === base) {
    const between = hi - lo - 1;
    if (between > 0) notes.push(`${name(lo)} and ${name(hi)} agree; the ${between} between them were not checked (a change and back would be missed: use exhaustive)`);
    return { baseline, first: null, outcomes, monotonic: between > 0 ? null : true, notes };
  }

  // Invariant: outcome(lo) is the baseline's, outcome(hi) differs; points with no outcome yet in between are candidates.
  for (;;) {
    const candidates = range(lo + 1, hi).filter((i) => outcomes[i] === undefined);
    if (candidates.length === 0) break;
    const mid = (lo + hi) / 2;
    const next = candidates.reduce((best, i) => (Math.abs(i - mid) < Math.abs(best - mid) ? i : best));
    const outcome = await check(next);
    if (outcome === 'could-not-run') continue;
    if (outcome === base) lo = next;
    else hi = next;
  }
  const skipped = range(lo + 1, hi).filter((i) => outcomes[i] === 'could-not-run');
  if (skipped.length > 0) notes.push(`the check could not run under ${skipped.map(name).join(', ')}, between ${name(lo)} and ${name(hi)}: the change may have come there`);
  const unchecked = outcomes.filter((o) => o === undefined).length;
  // Every point checked: the binary search's halves agree with one change.
  return { baseline, first: hi, outcomes, monotonic: unchecked === 0 ? true : null, notes };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, k) => from + k);
}
