// Which hunk of a failing stage breaks the check, apart from running
// anything. The toolchain bisection's search (bisectSearch.ts) fits: point i
// is "the stage's first i hunks applied", point 0 (none: the stages kept so
// far) passed and point n (all) failed, so the first failing point names the
// hunk it added. That assumes one culprit; two more checks say when it is
// wrong: the hunk alone (it may fail only together with earlier ones) and
// the stage without it (another hunk may fail too).
import { searchFirstChange, type CheckOutcome } from '../toolchain/bisectSearch';

export interface HunkBisection {
  /** Index of the hunk that breaks the check on its own; null when none does. */
  culprit: number | null;
  /** How many subsets were checked. */
  checks: number;
  /** What the reader must know: no culprit found, a failure only together, more than one culprit. */
  notes: string[];
}

/**
 * `probe(subset)` checks the hunks at those indices (ascending) applied on
 * top of the kept stages. The empty set is known to pass and the whole set
 * to fail (the stage's own check): neither is checked again.
 */
export async function bisectHunks(count: number, probe: (subset: number[]) => Promise<CheckOutcome>, name: (index: number) => string): Promise<HunkBisection> {
  if (!Number.isInteger(count) || count < 1) throw new Error(`a failing stage has at least one hunk to bisect (got ${count})`);
  const seen = new Map<string, CheckOutcome>([['', 'passed'], [range(0, count).join(','), 'failed']]);
  let checks = 0;
  const check = async (subset: number[]): Promise<CheckOutcome> => {
    const key = subset.join(',');
    const known = seen.get(key);
    if (known) return known;
    checks++;
    const outcome = await probe(subset);
    seen.set(key, outcome);
    return outcome;
  };
  const search = await searchFirstChange(count + 1, (i) => check(range(0, i)), (i) => (i === 0 ? 'no hunk' : `the first ${i} hunks`));
  // The search's own notes speak of toolchains; these speak of hunks.
  const notes: string[] = [];
  if (search.first === null || search.first === 0) {
    notes.push('no culprit found: the check could not run with the subsets between the passing and the failing ones');
    return { culprit: null, checks, notes };
  }
  // Points the check could not run at, right before the first failing one: the culprit may be a hunk they added.
  const lastPassed = search.outcomes.slice(0, search.first).lastIndexOf('passed');
  const unrun = range(lastPassed + 1, search.first);
  if (unrun.length > 0) notes.push(`the check could not run with ${unrun.map((i) => `the first ${i} hunks`).join(', ')}: the culprit may be any of ${range(lastPassed, search.first).map(name).join(', ')}`);
  const culprit = search.first - 1;
  if ((await check([culprit])) !== 'failed') {
    notes.push(`no single culprit: ${name(culprit)} breaks the check only together with hunks before it (alone it passes)`);
    return { culprit: null, checks, notes };
  }
  const rest = range(0, count).filter((i) => i !== culprit);
  if ((await check(rest)) === 'failed') notes.push(`more than one culprit: without ${name(culprit)} the stage still fails; it is the first`);
  return { culprit, checks, notes };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, k) => from + k);
}
