// The one place engine events reach the renderer's state: each event updates
// the cached answer it changes (the session view, the metrics) or marks stale
// what must be asked again (a snapshot's distance from the tree). Components
// never subscribe to these events themselves; they read the cache.
import type { QueryClient } from '@tanstack/react-query';
import type { EngineHealth, MetricsOverview } from '../../../shared/contract';
import type { MeasurementRecord, RunRecord, SessionView, StepState } from '../../../shared/model';
import type { AppStore } from '../app/store';
import type { Connection } from './connect';
import { appKeys, sessionKeys } from './queryKeys';

const upsertById = <T extends { id: number }>(records: T[], record: T): T[] =>
  records.some((r) => r.id === record.id) ? records.map((r) => (r.id === record.id ? record : r)) : [...records, record];

/** A step's run, started or ended, is that step's last run; the count grows when one starts. */
const withRun = (view: SessionView, run: RunRecord, started: boolean): Partial<SessionView> => ({
  runCount: view.runCount + (started ? 1 : 0),
  lastRuns: run.stepId === null ? view.lastRuns : [...view.lastRuns.filter((r) => r.stepId !== run.stepId), run],
});

const upsertStep = (steps: StepState[], step: StepState): StepState[] => steps.map((s) => (s.stepId === step.stepId ? step : s));

const upsertMeasurement = (list: MeasurementRecord[], m: MeasurementRecord): MeasurementRecord[] =>
  list.some((x) => x.id === m.id) ? list.map((x) => (x.id === m.id ? m : x)) : [...list, m];

/** Listens to the engine until the returned function is called. */
export function connectEngineEvents(connection: Pick<Connection, 'client' | 'onState'>, queryClient: QueryClient, store: AppStore): () => void {
  const { client } = connection;
  /** A session's view, patched in place when it is cached (a session not open is fetched whole when it is). */
  const patchView = (sessionId: number, update: (view: SessionView) => Partial<SessionView>): void => {
    queryClient.setQueryData<SessionView>(sessionKeys.view(sessionId), (view) => view && { ...view, ...update(view) });
  };
  const patchMetrics = (sessionId: number, update: (m: MetricsOverview) => Partial<MetricsOverview>): void => {
    queryClient.setQueryData<MetricsOverview>(sessionKeys.metrics(sessionId), (m) => m && { ...m, ...update(m) });
  };
  const invalidate = (queryKey: readonly unknown[]): void => void queryClient.invalidateQueries({ queryKey });
  /** Another window, a step, a fix or the CLI changed the snapshots: their distances from the tree are asked again. */
  const snapshotsChanged = (sessionId: number, treeChanged: boolean): void => {
    invalidate(sessionKeys.snapshotStatus(sessionId));
    if (treeChanged) {
      void queryClient.invalidateQueries({ queryKey: sessionKeys.snapshotDiffs(sessionId), predicate: (q) => q.queryKey[4] === null });
    }
  };

  connection.onState((state) => store.getState().setConnection(state));
  const off = [
    client.on('engine.health', (health: EngineHealth) => queryClient.setQueryData(appKeys.health, health)),
    // Runs and issues are paged from the engine (not in the view): their cached pages are asked again.
    client.on('run.started', (run) => {
      patchView(run.sessionId, (v) => withRun(v, run, true));
      invalidate(sessionKeys.runs(run.sessionId));
    }),
    client.on('run.finished', (run) => {
      patchView(run.sessionId, (v) => withRun(v, run, false));
      invalidate(sessionKeys.runs(run.sessionId));
    }),
    client.on('step.changed', ({ sessionId, step }) => patchView(sessionId, (v) => ({ steps: upsertStep(v.steps, step) }))),
    client.on('issues.changed', ({ sessionId }) => {
      // The view itself is unchanged, but its revision (what the guide preview follows) moves on.
      patchView(sessionId, () => ({}));
      invalidate(sessionKeys.issues(sessionId));
    }),
    client.on('edits.applied', ({ sessionId, edits }) => patchView(sessionId, (v) => ({ edits: [...v.edits, ...edits] }))),
    client.on('snapshot.taken', (snapshot) => {
      patchView(snapshot.sessionId, (v) => ({ snapshots: [...v.snapshots, snapshot] }));
      snapshotsChanged(snapshot.sessionId, false);
    }),
    client.on('snapshot.restored', (restore) => {
      patchView(restore.sessionId, (v) => ({ restores: upsertById(v.restores, restore) }));
      snapshotsChanged(restore.sessionId, true);
    }),
    client.on('snapshots.pruned', ({ sessionId, snapshotIds }) => {
      patchView(sessionId, (v) => ({ snapshots: v.snapshots.filter((s) => !snapshotIds.includes(s.id)) }));
      snapshotsChanged(sessionId, false);
    }),
    client.on('terminal.state', ({ terminalId, busy }) => store.getState().terminalState(terminalId, busy)),
    client.on('metrics.progress', (progress) => patchMetrics(progress.sessionId, () => ({ running: progress }))),
    client.on('metrics.changed', ({ sessionId, measurement, gates }) =>
      patchMetrics(sessionId, (m) => ({
        measurements: upsertMeasurement(m.measurements, measurement),
        gates,
        running: measurement.endedAt === null ? m.running : null,
      })),
    ),
    client.on('metrics.compared', (comparison) =>
      patchMetrics(comparison.sessionId, (m) => ({ comparisons: [...m.comparisons.filter((c) => c.id !== comparison.id), comparison] })),
    ),
    client.on('metrics.bisectProgress', (progress) =>
      patchMetrics(progress.sessionId, (m) => {
        // In the order the checks started, each toolchain's latest event.
        const so = m.bisecting ?? [];
        return { bisecting: so.some((p) => p.toolchain === progress.toolchain) ? so.map((p) => (p.toolchain === progress.toolchain ? progress : p)) : [...so, progress] };
      }),
    ),
    client.on('metrics.bisected', ({ sessionId, record }) =>
      patchMetrics(sessionId, (m) => ({ bisecting: null, bisections: record ? [...m.bisections.filter((b) => b.id !== record.id), record] : m.bisections })),
    ),
  ];
  return () => off.forEach((stop) => stop());
}
