// The Snapshots page's engine data. The snapshot and restore records are the
// session view's (patched by events); this page adds each snapshot's distance
// from the current tree and why pruning keeps it, and the diffs it compares.
import { useIsMutating, useMutation, useMutationState, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RestoreResult, SnapshotSummary } from '../../../../shared/contract';
import type { RestoreMode, RestoreRecord, SessionView } from '../../../../shared/model';
import { useApp } from '../../app/store';
import type { Comparison } from '../../app/store/snapshotsSlice';
import { engine } from '../../engine/client';
import { sessionKeys } from '../../engine/queryKeys';

type SnapshotStatus = Pick<SnapshotSummary, 'changedFiles' | 'protectedReason'>;

export interface SnapshotTimeline {
  /** Newest first; only those whose status has come (a snapshot just taken shows once it is known). */
  snapshots: SnapshotSummary[];
  restores: RestoreRecord[];
  loaded: boolean;
  error: string | null;
  refresh(): void;
}

/** The view's snapshots with what the page adds to each (`snapshots.list`), newest first. */
export function summaries(records: SessionView['snapshots'], status: Record<number, SnapshotStatus> | undefined): SnapshotSummary[] {
  if (!status) return [];
  return records
    .filter((s) => s.id in status)
    .map((s) => ({ ...s, ...status[s.id]! }))
    .sort((a, b) => b.id - a.id);
}

export function useSnapshotTimeline(view: SessionView): SnapshotTimeline {
  const sessionId = view.session.id;
  const inFlight = useRestoreInFlight();
  const status = useQuery({
    queryKey: sessionKeys.snapshotStatus(sessionId),
    queryFn: async () => {
      const { snapshots } = await engine().client.request('snapshots.list', { sessionId });
      return Object.fromEntries(snapshots.map((s) => [s.id, { changedFiles: s.changedFiles, protectedReason: s.protectedReason }]));
    },
    // The files may change without an event (an editor, a command): asked again each time the page opens.
    staleTime: 0,
  });
  return {
    snapshots: summaries(view.snapshots, status.data),
    // A restore's record can come (by event) just before its answer: until then the page shows it under way, not done.
    restores: view.restores.filter((r) => !inFlight || r.id <= inFlight.after).sort((a, b) => b.id - a.id),
    loaded: status.data !== undefined || status.isError,
    error: status.error?.message ?? null,
    refresh: () => void status.refetch(),
  };
}

export function useSnapshotDiff(sessionId: number, comparison: Comparison | null) {
  return useQuery({
    queryKey: sessionKeys.snapshotDiff(sessionId, comparison?.from ?? 0, comparison?.against ?? null),
    queryFn: () => engine().client.request('snapshot.diff', { sessionId, snapshotId: comparison!.from, against: comparison!.against }),
    enabled: comparison !== null,
    staleTime: 0,
  });
}

export function useTakeSnapshot(sessionId: number) {
  const queryClient = useQueryClient();
  const compare = useApp((s) => s.compare);
  return useMutation({
    mutationFn: (label: string) => engine().client.request('snapshot.create', { sessionId, label }),
    onSuccess: async (snapshot) => {
      await queryClient.refetchQueries({ queryKey: sessionKeys.snapshotStatus(sessionId) });
      compare({ from: snapshot.id, against: null });
    },
  });
}

export function usePruneSnapshots(sessionId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (snapshotIds: number[]) => engine().client.request('snapshots.prune', { sessionId, snapshotIds }),
    onSuccess: () => queryClient.refetchQueries({ queryKey: sessionKeys.snapshotStatus(sessionId) }),
  });
}

const RESTORING = ['restoring'] as const;

/** A restore or an undo is under way (one at a time, whichever part of the page started it). */
export const useRestoring = (): boolean => useIsMutating({ mutationKey: RESTORING }) > 0;

/** A restore of a snapshot, or the undo of a restore; `after`: the newest restore's id when it started. */
export type RestoreWork = ({ snapshotId: number; mode: RestoreMode; files: string[] } | { undo: number }) & { after: number };

/** The restore or undo under way, if any: the page shows it, and only it, until its result is in. */
export function useRestoreInFlight(): RestoreWork | null {
  const pending = useMutationState({ filters: { mutationKey: RESTORING, status: 'pending' }, select: (m) => m.state.variables as RestoreWork });
  return pending[0] ?? null;
}

/** Restores a snapshot, or undoes a restore; then shows its result and the tree as it is now. */
export function useRestore(sessionId: number) {
  const queryClient = useQueryClient();
  const restoreDone = useApp((s) => s.restoreDone);
  const setRestoreError = useApp((s) => s.setRestoreError);
  const mutation = useMutation({
    mutationKey: RESTORING,
    mutationFn: async (work: RestoreWork): Promise<{ result: RestoreResult; terminalId: string | undefined }> => {
      const terminalId = useApp.getState().terminalId ?? undefined;
      const result =
        'undo' in work
          ? await engine().client.request('restore.undo', { sessionId, restoreId: work.undo, terminalId })
          : await engine().client.request('snapshot.restore', { sessionId, snapshotId: work.snapshotId, mode: work.mode, files: work.files, terminalId });
      return { result, terminalId };
    },
    onMutate: () => setRestoreError(null),
    onSuccess: ({ result, terminalId }) => {
      restoreDone(result, terminalId !== undefined && result.restore.mode === 'emergency');
      // Not waited for: the result shows at once; on a large project reading the tree again takes seconds.
      void queryClient.refetchQueries({ queryKey: sessionKeys.snapshotStatus(sessionId) });
      void queryClient.refetchQueries({ queryKey: sessionKeys.snapshotDiffs(sessionId), type: 'active' });
    },
    onError: (error) => setRestoreError(error instanceof Error ? error.message : String(error)),
  });
  const after = (): number => Math.max(0, ...(queryClient.getQueryData<SessionView>(sessionKeys.view(sessionId))?.restores.map((r) => r.id) ?? []));
  return {
    restoreSnapshot: (snapshotId: number, mode: RestoreMode, files: string[]) => mutation.mutateAsync({ snapshotId, mode, files, after: after() }).catch(() => undefined),
    undoRestore: (restoreId: number) => mutation.mutateAsync({ undo: restoreId, after: after() }).catch(() => undefined),
  };
}
