// The hunk bisection's search: one culprit found in about log2(n) checks,
// and what it says when there is no single culprit or more than one.
import { describe, expect, it } from 'vitest';
import { bisectHunks } from '../../src/core/migrate/hunkBisect';
import type { CheckOutcome } from '../../src/core/toolchain/bisectSearch';

/** A check that fails when `breaks` says the applied subset breaks it; records every subset it was asked about. */
function checker(breaks: (subset: number[]) => boolean): { probe: (subset: number[]) => Promise<CheckOutcome>; asked: number[][] } {
  const asked: number[][] = [];
  return { asked, probe: async (subset) => (asked.push(subset), breaks(subset) ? 'failed' : 'passed') };
}
const name = (i: number): string => `hunk ${i}`;

describe('bisectHunks', () => {
  it('finds the one hunk that breaks the check, applying first-hunks prefixes, and verifies it alone and the rest without it', async () => {
    for (const culprit of [0, 5, 9, 15]) {
      const { probe, asked } = checker((s) => s.includes(culprit));
      const result = await bisectHunks(16, probe, name);
      expect(result).toMatchObject({ culprit, notes: [] });
      // log2(16) prefixes at most, plus the two verifications.
      expect(result.checks).toBeLessThanOrEqual(6);
      expect(asked.length).toBe(result.checks);
      expect(asked.some((s) => s.length === 0 || s.length === 16)).toBe(false);
    }
  });

  it('names a single hunk without checking anything more', async () => {
    const { probe, asked } = checker(() => true);
    expect(await bisectHunks(1, probe, name)).toEqual({ culprit: 0, checks: 0, notes: [] });
    expect(asked).toEqual([]);
  });

  it('says when hunks fail only together: no culprit', async () => {
    const { probe } = checker((s) => s.includes(2) && s.includes(6));
    const result = await bisectHunks(8, probe, name);
    expect(result.culprit).toBeNull();
    expect(result.notes).toEqual(['no single culprit: hunk 6 breaks the check only together with hunks before it (alone it passes)']);
  });

  it('says when more than one hunk breaks the check, and names the first', async () => {
    const { probe } = checker((s) => s.includes(3) || s.includes(7));
    const result = await bisectHunks(10, probe, name);
    expect(result.culprit).toBe(3);
    expect(result.notes).toEqual(['more than one culprit: without hunk 3 the stage still fails; it is the first']);
  });

  it('finds no single culprit when only the whole stage failed (a flaky check)', async () => {
    const { probe } = checker(() => false);
    const result = await bisectHunks(4, probe, name);
    expect(result.culprit).toBeNull();
    expect(result.notes).toEqual(['no single culprit: hunk 3 breaks the check only together with hunks before it (alone it passes)']);
  });

  it('skips subsets the check could not run with, and says where the culprit may be when they hide it', async () => {
    const unrunAt = (length: number, culprit: number) => async (s: number[]): Promise<CheckOutcome> => (s.length === length ? 'could-not-run' : s.includes(culprit) ? 'failed' : 'passed');
    // Could not run with the first 2 hunks, but the culprit came later: nothing hidden.
    expect(await bisectHunks(4, unrunAt(2, 3), name)).toMatchObject({ culprit: 3, notes: [] });
    // The first 2 could not be checked and the first 3 failed: hunk 1 or 2 added the failure; the culprit check tells.
    const hidden = await bisectHunks(4, unrunAt(2, 1), name);
    expect(hidden.notes[0]).toBe('the check could not run with the first 2 hunks: the culprit may be any of hunk 1, hunk 2');
    expect(hidden.culprit).toBeNull();
  });

  it('refuses a stage without hunks', async () => {
    await expect(bisectHunks(0, checker(() => true).probe, name)).rejects.toThrow('at least one hunk');
  });
});
