import { describe, expect, it } from 'vitest';
import { intervals, type Checkpoint, type Owner } from '../../src/core/ship/timeline';

const step = (stepId: string): Owner => ({ kind: 'step', stepId });
const typed = (command: string): Owner => ({ kind: 'outside', command });
const at = (second: number): string => `2026-12-07T05:00:${String(second).padStart(2, '0')}.000Z`;
const run = (second: number, tree: string, owner: Owner, runId: number): Checkpoint => ({ at: at(second), source: 'run', tree, owner, runId });
const end = (second: number, tree: string): Checkpoint => ({ at: at(second), source: 'end', tree, owner: { kind: 'outside', command: null } });
const snapshot = (second: number, tree: string, owner: Owner): Checkpoint => ({ at: at(second), source: 'snapshot', tree, owner });

describe('intervals', () => {
  it('gives each checkpoint the change up to the next one, the last one up to the end tree', () => {
    const spans = intervals([run(1, 'T0', step('a'), 1), run(2, 'T1', step('b'), 2)], 'T0', 'T2');
    expect(spans.map((s) => [s.from, s.to, s.owner, s.runIds])).toEqual([
      ['T0', 'T1', step('a'), [1]],
      ['T1', 'T2', step('b'), [2]],
    ]);
  });

  it('gives what came before the first checkpoint to the user (uncommitted work the session started with)', () => {
    const spans = intervals([run(1, 'T1', step('a'), 1)], 'BASE', 'T2');
    expect(spans.map((s) => [s.from, s.to, s.owner.kind])).toEqual([
      ['BASE', 'T1', 'outside'],
      ['T1', 'T2', 'step'],
    ]);
  });

  it('orders by time, a snapshot before the run that starts at the same moment, and merges neighbours of one owner', () => {
    // Given out of order: the edit step's snapshot, the step run twice, a command typed by hand between two steps.
    const spans = intervals(
      [run(5, 'T3', step('b'), 3), run(1, 'T0', step('a'), 1), snapshot(3, 'T1', step('a')), run(3, 'T1', step('a'), 2), run(4, 'T2', typed('vim x'), 9)],
      'T0',
      'T4',
    );
    expect(spans.map((s) => [s.from, s.to, s.owner, s.runIds])).toEqual([
      ['T0', 'T2', step('a'), [1, 2]],
      ['T2', 'T3', typed('vim x'), [9]],
      ['T3', 'T4', step('b'), [3]],
    ]);
  });

  it('drops what changed nothing, so one step on both sides of it is one span', () => {
    const spans = intervals([run(1, 'T0', step('a'), 1), run(2, 'T1', typed('ls'), 2), run(3, 'T1', step('a'), 3)], 'T0', 'T2');
    expect(spans.map((s) => [s.from, s.to, s.owner, s.runIds])).toEqual([['T0', 'T2', step('a'), [1, 3]]]);
  });

  it("gives what changed after a step's run or edit ended, until the next checkpoint, to the user", () => {
    // Step a ends on T1, the user edits by hand (T2 when b's snapshot is taken, at the same moment as a's end is journaled).
    const spans = intervals([run(1, 'T0', step('a'), 1), snapshot(2, 'T2', step('b')), end(2, 'T1'), end(3, 'T3')], 'T0', 'T4');
    expect(spans.map((s) => [s.from, s.to, s.owner.kind === 'step' ? s.owner.stepId : s.owner.kind])).toEqual([
      ['T0', 'T1', 'a'],
      ['T1', 'T2', 'outside'],
      ['T2', 'T3', 'b'],
      ['T3', 'T4', 'outside'],
    ]);
  });

  it('is empty for a session that changed nothing', () => {
    expect(intervals([run(1, 'T0', step('a'), 1)], 'T0', 'T0')).toEqual([]);
  });
});
