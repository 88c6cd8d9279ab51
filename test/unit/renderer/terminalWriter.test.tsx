import { describe, expect, it } from 'vitest';
import { TerminalWriter } from '../../../src/renderer/src/features/terminal/terminalWriter';

/** xterm.js's write(), as far as the writer sees it: parses asynchronously, then calls back. */
function parser() {
  const writes: string[] = [];
  const done: (() => void)[] = [];
  return {
    writes,
    term: { write: (data: string, callback?: () => void) => void (writes.push(data), done.push(() => callback?.())) },
    finishOne: () => done.shift()!(),
  };
}

describe('TerminalWriter', () => {
  it('writes at once when idle, and joins what arrives while xterm parses into one write', () => {
    const { writes, term, finishOne } = parser();
    const acked: number[] = [];
    const writer = new TerminalWriter(term, (chars) => acked.push(chars));
    writer.push('a');
    expect(writes).toEqual(['a']);
    writer.push('bb');
    writer.push('ccc');
    expect(writes).toEqual(['a']); // still parsing 'a'
    finishOne();
    expect(acked).toEqual([1]);
    expect(writes).toEqual(['a', 'bbccc']);
    finishOne();
    expect(acked).toEqual([1, 5]);
    writer.push('d');
    expect(writes).toEqual(['a', 'bbccc', 'd']);
  });

  it('writes and acknowledges nothing once disposed', () => {
    const { writes, term, finishOne } = parser();
    const acked: number[] = [];
    const writer = new TerminalWriter(term, (chars) => acked.push(chars));
    writer.push('a');
    writer.push('b');
    writer.dispose();
    finishOne();
    writer.push('c');
    expect(writes).toEqual(['a']);
    expect(acked).toEqual([]);
  });
});
