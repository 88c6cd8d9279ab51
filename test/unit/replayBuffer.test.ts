import { describe, expect, it } from 'vitest';
import { ReplayBuffer } from '../../src/core/terminals/replayBuffer';

describe('the replay buffer', () => {
  it('keeps exactly the last N characters, whatever the chunk sizes', () => {
    const buffer = new ReplayBuffer(10);
    let all = '';
    for (const chunk of ['abc', 'defghij', 'k', 'lmnopqrstuvwxyz', '0123', '4']) {
      buffer.push(chunk);
      all += chunk;
      expect(buffer.text()).toBe(all.slice(-10));
    }
  });

  it('keeps everything under the limit', () => {
    const buffer = new ReplayBuffer(100);
    buffer.push('prompt$ ');
    buffer.push('ls\r\n');
    expect(buffer.text()).toBe('prompt$ ls\r\n');
  });

  it('gives what came after a position, and how much of it is no longer held', () => {
    const buffer = new ReplayBuffer(10);
    buffer.push('abcdef');
    const mark = buffer.end;
    expect(buffer.since(mark)).toEqual({ text: '', skipped: 0 });
    buffer.push('ghi');
    expect(buffer.since(mark)).toEqual({ text: 'ghi', skipped: 0 });
    buffer.push('jklmnopq');
    expect(buffer.end).toBe(17);
    expect(buffer.since(mark)).toEqual({ text: 'hijklmnopq', skipped: 1 });
    expect(buffer.since(0)).toEqual({ text: 'hijklmnopq', skipped: 7 });
  });
});
