import { afterEach, describe, expect, it, vi } from 'vitest';
import { FLOOD_BATCH_CHARS, FLOOD_BATCH_MAX_CHARS, FLOOD_BATCH_MS, FlowControl, OUTPUT_BATCH_MS } from '../../src/shared/flowControl';
import { SKIPPED_NOTICE, TerminalFlow } from '../../src/core/terminals/flowControl';
import { OutputBatcher } from '../../src/core/terminals/outputBatcher';
import { ReplayBuffer } from '../../src/core/terminals/replayBuffer';

/** A terminal's flow with a real replay buffer behind it, and viewers that record what they are sent. */
function terminal(options: { replayChars?: number; stalledAfterMs?: number } = {}) {
  const calls: string[] = [];
  const received = new Map<string, string>();
  const replay = new ReplayBuffer(options.replayChars ?? 1_000_000);
  const flow = new TerminalFlow<string>({
    deliver: (viewer, data) => received.set(viewer, (received.get(viewer) ?? '') + data),
    since: (position) => replay.since(position),
    onPause: () => calls.push('pause'),
    onResume: () => calls.push('resume'),
    stalledAfterMs: options.stalledAfterMs ?? 1000,
  });
  /** The shell prints `chars` characters of `char`. */
  const print = (chars: number, char = 'x'): void => {
    const data = char.repeat(chars);
    replay.push(data);
    flow.send(data);
  };
  const got = (viewer: string): string => received.get(viewer) ?? '';
  return { flow, calls, print, got };
}

const { HighWatermarkChars: HIGH, LowWatermarkChars: LOW } = FlowControl;

describe('TerminalFlow', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('pauses past the high watermark and resumes below the low one', () => {
    const { flow, calls, print } = terminal();
    flow.attach('page');
    print(HIGH);
    expect(calls).toEqual([]);
    print(1);
    expect(calls).toEqual(['pause']);
    expect(flow.paused).toBe(true);
    print(50_000); // still paused: no second pause
    expect(calls).toEqual(['pause']);

    flow.ack('page', HIGH + 50_001 - LOW);
    expect(calls).toEqual(['pause']); // exactly at the low watermark: not below it
    flow.ack('page', 1);
    expect(calls).toEqual(['pause', 'resume']);
    expect(flow.unacknowledged('page')).toBe(LOW - 1);
  });

  it('counts each client on its own: the pty waits for the slowest that is reading', () => {
    const { flow, calls, print } = terminal();
    flow.attach('fast');
    flow.attach('slow');
    print(HIGH + 1);
    expect(calls).toEqual(['pause']);
    // One client's acks are not another's: the fast one has caught up, the slow one has not.
    flow.ack('fast', HIGH + 1);
    flow.ack('fast', HIGH + 1);
    expect(flow.unacknowledged('slow')).toBe(HIGH + 1);
    expect(calls).toEqual(['pause']);
    flow.ack('slow', HIGH + 1);
    expect(calls).toEqual(['pause', 'resume']);
    expect(flow.unacknowledged('fast')).toBe(0);
  });

  it('never counts a client that no longer shows the terminal, nor one that went away', () => {
    const { flow, calls, print, got } = terminal();
    flow.attach('page');
    flow.attach('hidden');
    print(HIGH + 1);
    flow.ack('page', HIGH + 1);
    expect(calls).toEqual(['pause']);
    flow.detach('hidden');
    expect(calls).toEqual(['pause', 'resume']);
    print(10);
    expect(got('hidden')).toHaveLength(HIGH + 1);
    flow.ack('hidden', 10); // from a client that detached: ignored
    expect(flow.unacknowledged('hidden')).toBeUndefined();
  });

  it('leaves a client that stopped reading behind after a silence, and the others go on', () => {
    vi.useFakeTimers();
    const { flow, calls, print, got } = terminal({ stalledAfterMs: 1000 });
    flow.attach('reader');
    flow.attach('background-tab');
    print(HIGH + 1);
    flow.ack('reader', HIGH + 1);
    expect(calls).toEqual(['pause']);
    vi.advanceTimersByTime(999);
    expect(flow.paused).toBe(true);
    vi.advanceTimersByTime(1);
    expect(calls).toEqual(['pause', 'resume']);
    expect(flow.following('background-tab')).toBe(false);

    // The reader gets everything; the silent tab nothing more, and it holds nothing.
    print(3 * HIGH, 'y');
    flow.ack('reader', 3 * HIGH);
    expect(flow.paused).toBe(false);
    expect(got('reader')).toHaveLength(4 * HIGH + 1);
    expect(got('background-tab')).toHaveLength(HIGH + 1);
  });

  it('counts silence from the pause, not from an acknowledgement long before it', () => {
    vi.useFakeTimers();
    const { flow, calls, print } = terminal({ stalledAfterMs: 1000 });
    flow.attach('page');
    vi.advanceTimersByTime(60_000); // idle for a minute
    print(HIGH + 1);
    vi.advanceTimersByTime(500);
    expect(flow.following('page')).toBe(true);
    flow.ack('page', HIGH + 1);
    expect(calls).toEqual(['pause', 'resume']);
  });

  it('brings a client back, once it has read what it had, with exactly what it missed when the replay still holds it', () => {
    vi.useFakeTimers();
    const { flow, print, got } = terminal({ stalledAfterMs: 1000 });
    flow.attach('tab');
    print(HIGH + 1);
    vi.advanceTimersByTime(1000);
    expect(flow.following('tab')).toBe(false);
    print(20_000, 'y');
    flow.ack('tab', 5_000); // still reading its backlog: not yet
    expect(got('tab')).toBe('x'.repeat(HIGH + 1));
    flow.ack('tab', HIGH + 1 - 5_000);
    expect(flow.following('tab')).toBe(true);
    expect(got('tab')).toBe('x'.repeat(HIGH + 1) + 'y'.repeat(20_000));
    print(3, 'z');
    expect(got('tab').endsWith('yzzz')).toBe(true);
  });

  it('says output was skipped when the replay no longer holds all a client missed', () => {
    vi.useFakeTimers();
    const { flow, print, got } = terminal({ replayChars: 1_000, stalledAfterMs: 1000 });
    flow.attach('tab');
    print(HIGH + 1);
    vi.advanceTimersByTime(1000);
    print(5_000, 'y');
    flow.ack('tab', HIGH + 1);
    expect(got('tab')).toBe('x'.repeat(HIGH + 1) + SKIPPED_NOTICE + 'y'.repeat(1_000));
    expect(flow.unacknowledged('tab')).toBe(SKIPPED_NOTICE.length + 1_000);
  });

  it('never leaves a patient client (the CLI) behind', () => {
    vi.useFakeTimers();
    const { flow, calls, print } = terminal({ stalledAfterMs: 1000 });
    flow.attach('cli', { patient: true });
    print(HIGH + 1);
    vi.advanceTimersByTime(60_000);
    expect(flow.following('cli')).toBe(true);
    expect(calls).toEqual(['pause']);
  });
});

describe('OutputBatcher', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('coalesces pushes within the delay into one flush', () => {
    vi.useFakeTimers();
    const flushed: string[] = [];
    const batcher = new OutputBatcher((data) => flushed.push(data));
    batcher.push('a');
    vi.advanceTimersByTime(OUTPUT_BATCH_MS - 1);
    batcher.push('b');
    batcher.push('c');
    expect(flushed).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(flushed).toEqual(['abc']);
    batcher.push('d');
    vi.advanceTimersByTime(OUTPUT_BATCH_MS);
    expect(flushed).toEqual(['abc', 'd']);
  });

  it('in a flood, gathers longer batches, up to a size; back to short ones once it ebbs', () => {
    vi.useFakeTimers();
    const flushed: number[] = [];
    const batcher = new OutputBatcher((data) => flushed.push(data.length));
    batcher.push('x'.repeat(FLOOD_BATCH_CHARS));
    vi.advanceTimersByTime(OUTPUT_BATCH_MS);
    expect(flushed).toEqual([FLOOD_BATCH_CHARS]);
    batcher.push('y');
    vi.advanceTimersByTime(OUTPUT_BATCH_MS);
    expect(flushed).toHaveLength(1); // a flood's next batch waits longer
    vi.advanceTimersByTime(FLOOD_BATCH_MS - OUTPUT_BATCH_MS);
    expect(flushed).toEqual([FLOOD_BATCH_CHARS, 1]);
    batcher.push('z');
    vi.advanceTimersByTime(OUTPUT_BATCH_MS);
    expect(flushed).toEqual([FLOOD_BATCH_CHARS, 1, 1]); // a small batch ended the flood
    batcher.push('w'.repeat(FLOOD_BATCH_MAX_CHARS));
    expect(flushed).toEqual([FLOOD_BATCH_CHARS, 1, 1, FLOOD_BATCH_MAX_CHARS]); // full: sent without waiting
  });

  it('flushes on demand, and delivers what is pending on dispose', () => {
    vi.useFakeTimers();
    const flushed: string[] = [];
    const batcher = new OutputBatcher((data) => flushed.push(data), 50);
    batcher.push('x');
    batcher.flushNow();
    batcher.flushNow();
    expect(flushed).toEqual(['x']);
    batcher.push('y');
    batcher.dispose();
    batcher.push('z');
    vi.advanceTimersByTime(100);
    expect(flushed).toEqual(['x', 'y']);
  });
});
