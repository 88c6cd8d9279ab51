import { describe, expect, it } from 'vitest';
import { PauseReasons } from '../../src/core/terminals/pauseReasons';

describe('PauseReasons', () => {
  it('pauses on the first reason, resumes only when none is left, once each', () => {
    const calls: string[] = [];
    const reasons = new PauseReasons({ pause: () => calls.push('pause'), resume: () => calls.push('resume') });
    reasons.hold('clients');
    reasons.hold('parser');
    reasons.hold('clients');
    reasons.release('clients');
    expect(calls).toEqual(['pause']);
    reasons.release('clients'); // not held: nothing changes
    reasons.release('parser');
    expect(calls).toEqual(['pause', 'resume']);
    reasons.release('parser');
    expect(calls).toEqual(['pause', 'resume']);
  });
});
