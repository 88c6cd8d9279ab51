// The event hub: each engine event updates the cached answer it changes, or
// marks stale what must be asked again, and nothing of another session.
import { QueryClient } from '@tanstack/react-query';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvents, MetricsOverview } from '../../../src/shared/contract';
import type { IssueRecord, RunRecord, SessionView } from '../../../src/shared/model';
import { journalProblem } from '../../../src/renderer/src/app/queries';
import { createAppStore } from '../../../src/renderer/src/app/store';
import type { ConnectionState } from '../../../src/renderer/src/engine/connect';
import { connectEngineEvents } from '../../../src/renderer/src/engine/eventHub';
import { appKeys, sessionKeys } from '../../../src/renderer/src/engine/queryKeys';
import { summaries } from '../../../src/renderer/src/features/snapshots/queries';
import { sessionView, snapshot } from './sessionFixture';

type Listener = (payload: never) => void;

/** The engine as the hub sees it: events to emit, and a connection state. */
function fakeEngine() {
  const listeners = new Map<string, Set<Listener>>();
  let onState: (state: ConnectionState) => void = () => undefined;
  return {
    connection: {
      client: {
        on: (event: string, listener: Listener) => {
          const set = listeners.get(event) ?? new Set();
          listeners.set(event, set.add(listener));
          return () => set.delete(listener);
        },
      } as never,
      onState: (listener: (state: ConnectionState) => void) => {
        onState = listener;
      },
    },
    emit<E extends keyof EngineEvents>(event: E, payload: EngineEvents[E]): void {
      for (const listener of listeners.get(event) ?? []) (listener as (p: EngineEvents[E]) => void)(payload);
    },
    setState: (state: ConnectionState) => onState(state),
    listening: () => [...listeners.values()].reduce((n, set) => n + set.size, 0),
  };
}

const run = (id: number, sessionId = 1, status: RunRecord['status'] = 'running'): RunRecord => ({
  id, sessionId, stepId: 'a', origin: 'step', terminal: null, command: 'cargo build', cwd: '/p', startedAt: '', endedAt: null, exitCode: null, durationMs: null, status,
});

const issue = (id: number, message: string): IssueRecord => ({ id, sessionId: 1, message, state: 'open' }) as IssueRecord;

let queryClient: QueryClient;
let store: ReturnType<typeof createAppStore>;
let engine: ReturnType<typeof fakeEngine>;
let stop: () => void;
const view = (sessionId = 1): SessionView | undefined => queryClient.getQueryData(sessionKeys.view(sessionId));
const stale = (key: readonly unknown[]): boolean | undefined => queryClient.getQueryState(key)?.isInvalidated;

beforeEach(() => {
  queryClient = new QueryClient();
  store = createAppStore();
  engine = fakeEngine();
  stop = connectEngineEvents(engine.connection, queryClient, store);
  queryClient.setQueryData(sessionKeys.view(1), sessionView(1));
});

describe('the engine event hub', () => {
  it('counts a run when it starts, and keeps it as its step’s last run, replaced when it ends', () => {
    engine.emit('run.started', run(7));
    engine.emit('run.finished', { ...run(7), status: 'passed', exitCode: 0 });
    expect(view()?.runCount).toBe(1);
    expect(view()?.lastRuns).toEqual([{ ...run(7), status: 'passed', exitCode: 0 }]);
    engine.emit('run.started', run(8));
    expect(view()?.runCount).toBe(2);
    expect(view()?.lastRuns).toEqual([run(8)]);
  });

  it('counts a typed command, which is no step’s last run', () => {
    engine.emit('run.started', { ...run(9), stepId: null });
    expect(view()?.runCount).toBe(1);
    expect(view()?.lastRuns).toEqual([]);
  });

  it('leaves the cache of a session not cached alone, and never creates one', () => {
    engine.emit('run.started', run(7, 2));
    expect(view(2)).toBeUndefined();
    expect(view()?.runCount).toBe(0);
  });

  it('holds no issues in the view, but moves its revision on when they change', () => {
    const revision = (): number | undefined => queryClient.getQueryState(sessionKeys.view(1))?.dataUpdatedAt;
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const before = revision()!;
      vi.setSystemTime(before + 1_000);
      engine.emit('issues.changed', { sessionId: 1, issues: [issue(2, 'two'), issue(1, 'one')] });
      expect(revision()).toBe(before + 1_000);
      expect(view()).toEqual(sessionView(1));
    } finally {
      vi.useRealTimers();
    }
  });

  it('marks the paged issues and runs of the session stale, not another session’s', () => {
    for (const key of [sessionKeys.issues(1), sessionKeys.runs(1), sessionKeys.issues(2)]) queryClient.setQueryData([...key, 'page', 0], []);
    engine.emit('issues.changed', { sessionId: 1, issues: [issue(1, 'one')] });
    engine.emit('run.started', run(8));
    expect(stale([...sessionKeys.issues(1), 'page', 0])).toBe(true);
    expect(stale([...sessionKeys.runs(1), 'page', 0])).toBe(true);
    expect(stale([...sessionKeys.issues(2), 'page', 0])).toBe(false);
  });

  it('replaces a step’s state', () => {
    engine.emit('step.changed', { sessionId: 1, step: { stepId: 'b', status: 'failed', lastRunId: 7, updatedAt: 'now', note: null } });
    expect(view()?.steps.map((s) => s.status)).toEqual(['pending', 'failed', 'pending']);
  });

  it('keeps each snapshot once, in the view, and asks the page’s status of them again', () => {
    queryClient.setQueryData(sessionKeys.snapshotStatus(1), {});
    engine.emit('snapshot.taken', snapshot(1));
    engine.emit('snapshot.taken', snapshot(2));
    expect(view()?.snapshots.map((s) => s.id)).toEqual([1, 2]);
    expect(stale(sessionKeys.snapshotStatus(1))).toBe(true);
    engine.emit('snapshots.pruned', { sessionId: 1, snapshotIds: [1] });
    expect(view()?.snapshots.map((s) => s.id)).toEqual([2]);
  });

  it('after a restore, compares with the tree again, but not one snapshot with another', () => {
    queryClient.setQueryData(sessionKeys.snapshotDiff(1, 1, null), { files: [], truncated: false });
    queryClient.setQueryData(sessionKeys.snapshotDiff(1, 1, 2), { files: [], truncated: false });
    engine.emit('snapshot.restored', {
      id: 5, sessionId: 1, snapshotId: 1, safetySnapshotId: 2, mode: 'all', files: [], status: 'done', startedAt: '', endedAt: '', toolchainCommands: [], error: null,
    });
    expect(view()?.restores.map((r) => r.id)).toEqual([5]);
    expect(stale(sessionKeys.snapshotDiff(1, 1, null))).toBe(true);
    expect(stale(sessionKeys.snapshotDiff(1, 1, 2))).toBe(false);
  });

  it('follows a measurement: its progress, then its end with the gates', () => {
    const overview: MetricsOverview = { measurements: [], gates: [], comparisons: [], bisections: [], bisecting: null, running: null, toolchains: [] };
    queryClient.setQueryData(sessionKeys.metrics(1), overview);
    const progress = { sessionId: 1, measurementId: 3, step: 1, steps: 4, label: 'cargo build', build: null };
    engine.emit('metrics.progress', progress);
    expect(queryClient.getQueryData<MetricsOverview>(sessionKeys.metrics(1))?.running).toEqual(progress);
    const measurement = { id: 3, endedAt: 'now' } as never;
    engine.emit('metrics.changed', { sessionId: 1, measurement, gates: [] });
    const after = queryClient.getQueryData<MetricsOverview>(sessionKeys.metrics(1));
    expect([after?.measurements, after?.running]).toEqual([[measurement], null]);
  });

  it('keeps the connection state and the attached terminal’s busy state in the UI store', () => {
    engine.setState('open');
    expect(store.getState().connection).toBe('open');
    store.getState().setTerminal('t1', false);
    engine.emit('terminal.state', { terminalId: 't1', busy: true, cwd: '/p' });
    expect(store.getState().terminalBusy).toBe(true);
  });

  it('holds the journal’s health as the engine last told it, over app.info’s answer', () => {
    const problem = { kind: 'full', headline: 'The disk is full' } as never;
    const info = { health: { journal: problem } } as never;
    expect(journalProblem(info, undefined)).toBe(problem);
    engine.emit('engine.health', { journal: null });
    expect(journalProblem(info, queryClient.getQueryData(appKeys.health))).toBeNull();
  });

  it('stops listening when disconnected', () => {
    expect(engine.listening()).toBeGreaterThan(0);
    stop();
    expect(engine.listening()).toBe(0);
  });
});

describe('the Snapshots page’s list', () => {
  it('shows the view’s snapshots whose status has come, newest first, with it', () => {
    const status = { 1: { changedFiles: 0, protectedReason: null }, 2: { changedFiles: 3, protectedReason: 'newest' } };
    expect(summaries([snapshot(1), snapshot(2), snapshot(3)], status).map((s) => [s.id, s.changedFiles, s.protectedReason])).toEqual([
      [2, 3, 'newest'],
      [1, 0, null],
    ]);
    expect(summaries([snapshot(1)], undefined)).toEqual([]);
  });
});
