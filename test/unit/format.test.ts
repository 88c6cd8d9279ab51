import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../src/shared/format';

describe('formatBytes', () => {
  it('uses binary units, one decimal below ten', () => {
    expect([0, 1023, 1024, 1536, 10 * 1024 - 1, 200 * 1024, 3.25 * 1024 ** 3, 5000 * 1024 ** 4].map(formatBytes)).toEqual([
      '0 B',
      '1023 B',
      '1.0 KiB',
      '1.5 KiB',
      '10 KiB',
      '200 KiB',
      '3.3 GiB',
      '5000 TiB',
    ]);
  });
});
