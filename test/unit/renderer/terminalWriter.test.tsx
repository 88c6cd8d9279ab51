import { afterEach, describe, expect, it, vi } from 'vitest';
import { FlowControl } from '../../../src/shared/flowControl';
import { FLOOD_CHUNK_CHARS, FLOOD_WRITE_CHARS, GATHER_MS, TerminalWriter } from '../../../src/renderer/src/features/terminal/terminalWriter';

/** xterm.js's write(), as far as the writer sees it: parses asynchronously, then calls back. */
function parser() {
  const writes: (string | Uint8Array)[] = [];
  const done: (() => void)[] = [];
  return {
    writes,
    term: { write: (data: string | Uint8Array, callback?: () => void) => void (writes.push(data), done.push(() => callback?.())) },
    finishOne: () => done.shift()!(),
  };
}

describe('TerminalWriter', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("leaves room in flow control's window for the next flood write while one is parsed", () => {
    // Less, and the pty pauses while the page gathers: the page then waits for the acknowledgement's round trip.
    expect(FlowControl.HighWatermarkChars).toBeGreaterThanOrEqual(2 * FLOOD_CHUNK_CHARS);
    expect(FlowControl.LowWatermarkChars).toBeGreaterThan(FLOOD_CHUNK_CHARS);
  });

  it('writes at once when idle, and what arrived during a small write right after it', () => {
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
    expect(writes).toEqual(['a', 'bbccc']); // joined, and not held back: a keystroke's echo
    finishOne();
    expect(acked).toEqual([1, 5]);
    writer.push('d');
    expect(writes).toEqual(['a', 'bbccc', 'd']);
  });

  it("after a flood's large write, gathers what comes for a short while at most", () => {
    vi.useFakeTimers();
    const { writes, term, finishOne } = parser();
    const writer = new TerminalWriter(term, () => undefined);
    writer.push('x'.repeat(FLOOD_WRITE_CHARS));
    writer.push('y');
    finishOne();
    writer.push('z');
    expect(writes).toHaveLength(1); // more may be on its way: not written piecemeal
    vi.advanceTimersByTime(GATHER_MS);
    expect(writes.slice(1)).toEqual(['yz']);
  });

  it('in a flood, writes as soon as a large piece has gathered', () => {
    vi.useFakeTimers();
    const { writes, term, finishOne } = parser();
    const writer = new TerminalWriter(term, () => undefined);
    writer.push('x');
    writer.push('y'.repeat(FLOOD_CHUNK_CHARS)); // arrived while 'x' was parsed: enough for a write of its own
    finishOne();
    expect(writes.map((w) => w.length)).toEqual([1, FLOOD_CHUNK_CHARS]);
    finishOne();
    writer.push('z'.repeat(FLOOD_CHUNK_CHARS - 1));
    expect(writes).toHaveLength(2); // right after a flood's write: gathered, though nothing was queued when it ended
    vi.advanceTimersByTime(GATHER_MS);
    expect(writes).toHaveLength(3);
    finishOne();
    vi.advanceTimersByTime(GATHER_MS); // the flood is over: nothing came
    writer.push('w'.repeat(FLOOD_CHUNK_CHARS));
    expect(writes).toHaveLength(4); // idle: written at once, however large
  });

  it('writes a 10 MB/s flood about ten times a second, each write a frame drawn', () => {
    vi.useFakeTimers();
    const writes: number[] = [];
    // xterm.js parsing at 16 MB/s, as it does in Chromium on this machine: the callback once the write is parsed.
    const term = { write: (data: string | Uint8Array, done?: () => void) => void (writes.push(data.length), setTimeout(() => done?.(), data.length / 16_000)) };
    const writer = new TerminalWriter(term, () => undefined);
    const message = 'x'.repeat(80_000); // what the engine sends every 8 ms in a flood (20 ms batches in its 4 KiB reads)
    for (let ms = 0; ms < 1000; ms += 8) {
      writer.push(message);
      vi.advanceTimersByTime(8);
    }
    expect(writes.reduce((a, b) => a + b, 0)).toBeGreaterThan(9_000_000); // keeping up: all but the last gathering
    expect(writes.length).toBeLessThanOrEqual(12);
  });

  it('writes output that came as bytes in one piece, and acknowledges the characters its frames said', () => {
    const { writes, term, finishOne } = parser();
    const acked: number[] = [];
    const writer = new TerminalWriter(term, (chars) => acked.push(chars));
    writer.push('a');
    writer.push(new Uint8Array([0xc3, 0xa9]), 1); // é
    writer.push(new Uint8Array([0x62]), 1);
    writer.push('c');
    finishOne();
    expect(writes.slice(1)).toEqual([new Uint8Array([0xc3, 0xa9, 0x62]), 'c']); // one write per kind, in order
    finishOne();
    expect(acked).toEqual([1]); // not yet: the bytes' write has no callback, the last one has
    finishOne();
    expect(acked).toEqual([1, 3]);
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
