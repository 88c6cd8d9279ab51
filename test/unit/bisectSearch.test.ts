// The bisection's search over outcomes known in advance (the real checks are
// in test/integration/bisectToolchains.test.ts): which points it checks, how
// few, and what it says of skipped points and outcomes that change back.
import { describe, expect, it } from 'vitest';
import { searchFirstChange, type CheckOutcome } from '../../src/core/toolchain/bisectSearch';
import { releaseNotesUrl } from '../../src/core/toolchain/bisect';

const P = 'passed';
const F = 'failed';
const X = 'could-not-run';

async function search(line: CheckOutcome[], exhaustive = false) {
  const probed: number[] = [];
  const result = await searchFirstChange(
    line.length,
    async (i) => {
      probed.push(i);
      return line[i]!;
    },
    (i) => `t${i}`,
    exhaustive,
  );
  return { ...result, probed };
}

describe('searchFirstChange', () => {
  it('finds the first change of a long list in about log2 checks, each point checked once', async () => {
    const line: CheckOutcome[] = [...Array<CheckOutcome>(23).fill(F), ...Array<CheckOutcome>(41).fill(P)];
    const result = await search(line);
    expect(result.first).toBe(23);
    expect(result.baseline).toBe(0);
    expect(result.probed.length).toBeLessThanOrEqual(2 + Math.ceil(Math.log2(64)));
    expect(new Set(result.probed).size).toBe(result.probed.length);
    expect(result.monotonic).toBeNull();
  });

  it('finds every possible change point of a short list', async () => {
    for (let at = 1; at < 6; at++) {
      const line: CheckOutcome[] = Array.from({ length: 6 }, (_, i) => (i < at ? P : F));
      expect((await search(line)).first, `change at ${at}`).toBe(at);
    }
  });

  it('reports no change when the ends agree, and says the middle was not checked', async () => {
    const result = await search([P, F, P]);
    expect(result.first).toBeNull();
    expect(result.probed).toEqual([0, 2]);
    expect(result.notes.join('\n')).toMatch(/t0 and t2 agree; the 1 between/);
  });

  it('skips points where the check could not run: never the baseline, never a change', async () => {
    const result = await search([X, X, F, X, P]);
    expect(result.baseline).toBe(2);
    expect(result.first).toBe(4);
    expect(result.outcomes).toEqual([X, X, F, X, P]);
    const notes = result.notes.join('\n');
    expect(notes).toMatch(/could not run under t0, t1: t2, the oldest where it ran, is the baseline/);
    expect(notes).toMatch(/could not run under t3, between t2 and t4/);
  });

  it('has no answer when the check ran under one point or none', async () => {
    expect(await search([X, X])).toMatchObject({ baseline: null, first: null });
    expect(await search([X, P, X])).toMatchObject({ baseline: 1, first: null, notes: [expect.stringMatching(/only under t1/)] });
  });

  it('with exhaustive, checks every point and says when the outcome changes back', async () => {
    const result = await search([F, P, F, P], true);
    expect(result.probed).toEqual([0, 1, 2, 3]);
    expect(result.first).toBe(1);
    expect(result.monotonic).toBe(false);
    expect(result.notes.join('\n')).toMatch(/not monotonic: the outcome changes 3 times/);
    expect(await search([F, F, P, P], true)).toMatchObject({ first: 2, monotonic: true });
  });
});

describe('releaseNotesUrl', () => {
  it('links any 1.NN release, nightly included, by its minor version', () => {
    expect(releaseNotesUrl('1.63.0')).toBe('https://releases.rs/docs/1.63.0/');
    expect(releaseNotesUrl('1.85.1')).toBe('https://releases.rs/docs/1.85.0/');
    expect(releaseNotesUrl('1.97.0-nightly')).toBe('https://releases.rs/docs/1.97.0/');
    expect(releaseNotesUrl(null)).toBeNull();
  });
});
