import { describe, expect, it } from 'vitest';
import { comparisonOutcome } from '../../src/shared/words/comparisonOutcome';
import type { ToolchainCheck } from '../../src/shared/model';

const check = (toolchain: string, exitCode: number | null): ToolchainCheck => ({
  toolchain, version: null, command: `cargo +${toolchain} check`, runId: 1, exitCode, durationMs: 1, errors: 0, warnings: 0, only: [],
});

describe('the outcome of old against new', () => {
  it('names the side that failed, even with no problem listed on either', () => {
    expect(comparisonOutcome(check('debian-1.63', 0), check('stable', 101))).toBe('Only the new toolchain failed: stable (exit 101); debian-1.63 passed.');
    expect(comparisonOutcome(check('debian-1.63', 101), check('stable', 0))).toBe('Only the old toolchain failed: debian-1.63 (exit 101); stable passed.');
    expect(comparisonOutcome(check('a', 1), check('b', null))).toBe('Both failed: a (exit 1) and b (no exit code).');
    expect(comparisonOutcome(check('a', 0), check('b', 0))).toBe('Both passed.');
  });
});
