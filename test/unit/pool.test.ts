import { describe, expect, it } from 'vitest';
import { mapPool } from '../../src/core/platform/async/pool';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('mapPool', () => {
  it('keeps the items’ order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapPool([30, 5, 20, 1, 10], 2, async (ms, index) => {
      peak = Math.max(peak, ++running);
      await tick(ms);
      running--;
      return index * 10;
    });
    expect(results).toEqual([0, 10, 20, 30, 40]);
    expect(peak).toBe(2);
  });

  it('after a failure starts nothing new and throws only once every started item has ended', async () => {
    const ended: number[] = [];
    const started: number[] = [];
    const run = mapPool([0, 1, 2, 3, 4, 5], 3, async (item) => {
      started.push(item);
      if (item === 1) throw new Error('damaged object');
      await tick(item === 0 ? 40 : 5);
      ended.push(item);
    });
    await expect(run).rejects.toThrow('damaged object');
    // Item 0 was still writing when item 1 failed: the rejection waited for it.
    expect(ended).toContain(0);
    expect(started.length).toBeLessThan(6);
    expect(ended.sort()).toEqual(started.filter((item) => item !== 1).sort());
  });
});
