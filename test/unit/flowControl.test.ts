import { afterEach, describe, expect, it, vi } from 'vitest';
import { FlowControl, OUTPUT_BATCH_MS } from '../../src/shared/flowControl';
import { FlowController } from '../../src/core/terminal/flowControl';
import { OutputBatcher } from '../../src/core/terminal/outputBatcher';

function controller() {
  const calls: string[] = [];
  const flow = new FlowController({ onPause: () => calls.push('pause'), onResume: () => calls.push('resume') });
  return { flow, calls };
}

describe('FlowController', () => {
  it('pauses past the high watermark and resumes below the low one', () => {
    const { flow, calls } = controller();
    flow.sent(FlowControl.HighWatermarkChars);
    expect(calls).toEqual([]);
    flow.sent(1);
    expect(calls).toEqual(['pause']);
    expect(flow.paused).toBe(true);
    flow.sent(50_000); // still paused: no second pause
    expect(calls).toEqual(['pause']);

    flow.ack(FlowControl.HighWatermarkChars + 50_001 - FlowControl.LowWatermarkChars);
    expect(calls).toEqual(['pause']); // exactly at the low watermark: not below it
    flow.ack(1);
    expect(calls).toEqual(['pause', 'resume']);
    expect(flow.paused).toBe(false);
    expect(flow.unacknowledgedChars).toBe(FlowControl.LowWatermarkChars - 1);
  });

  it('never counts below zero and resumes on reset', () => {
    const { flow, calls } = controller();
    flow.ack(10_000);
    expect(flow.unacknowledgedChars).toBe(0);
    flow.sent(FlowControl.HighWatermarkChars + 1);
    flow.reset();
    expect(calls).toEqual(['pause', 'resume']);
    expect(flow.unacknowledgedChars).toBe(0);
    flow.reset();
    expect(calls).toEqual(['pause', 'resume']);
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
