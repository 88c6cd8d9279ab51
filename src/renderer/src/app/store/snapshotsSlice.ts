import type { StateCreator } from 'zustand';
import type { RequestResults, RestoreResult, SnapshotSummary } from '../../../../shared/contract';
import type { RestoreMode, RestoreRecord } from '../../../../shared/model';
import type { DiffLayout } from '../../ui/DiffView';
import { engine } from '../../engine/client';
import type { AppState } from './index';

/** Two sides to compare: a snapshot, and the current tree (null) or another snapshot. */
export interface Comparison {
  from: number;
  against: number | null;
}

export interface SnapshotsSlice {
  /** The session the list below belongs to: another session's list is never shown. */
  snapshotsFor: number | null;
  snapshots: SnapshotSummary[];
  restores: RestoreRecord[];
  snapshotsLoading: boolean;
  snapshotsError: string | null;
  comparison: Comparison | null;
  diff: ({ comparison: Comparison } & RequestResults['snapshot.diff']) | null;
  diffLoading: boolean;
  diffError: string | null;
  diffLayout: DiffLayout;
  /** The latest restore (or undo) made from this page, with its toolchain commands; `typed`: the engine typed them in the terminal. */
  lastRestore: { result: RestoreResult; typed: boolean } | null;
  restoring: boolean;
  restoreError: string | null;
  loadSnapshots(): Promise<void>;
  takeSnapshot(label: string): Promise<boolean>;
  compare(comparison: Comparison): void;
  loadDiff(): Promise<void>;
  setDiffLayout(layout: DiffLayout): void;
  restoreSnapshot(snapshotId: number, mode: RestoreMode, files: string[]): Promise<void>;
  undoRestore(restoreId: number): Promise<void>;
  dismissRestore(): void;
  pruneSnapshots(snapshotIds: number[]): Promise<RequestResults['snapshots.prune'] | null>;
  subscribeToSnapshotEvents(): void;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));
const sameComparison = (a: Comparison | null, b: Comparison | null): boolean => a?.from === b?.from && a?.against === b?.against;

/** Events come in bursts (a restore takes a safety snapshot, then restores): one reload for the burst. */
const RELOAD_DELAY_MS = 150;
let reloadTimer: ReturnType<typeof setTimeout> | undefined;
/** Answers to older requests are dropped: the newest request wins. */
let listRequest = 0;
let diffRequest = 0;

export const createSnapshotsSlice: StateCreator<AppState, [], [], SnapshotsSlice> = (set, get) => {
  const sessionId = (): number | null => get().view?.session.id ?? null;

  /** Runs a restore or an undo, then shows its result and the tree as it is now. */
  const restoring = async (work: (terminalId: string | undefined) => Promise<RestoreResult>): Promise<void> => {
    set({ restoring: true, restoreError: null });
    try {
      const terminalId = get().terminalId ?? undefined;
      const result = await work(terminalId);
      set({ lastRestore: { result, typed: terminalId !== undefined && result.restore.mode === 'emergency' } });
      await Promise.all([get().loadSnapshots(), get().loadDiff()]);
    } catch (error) {
      set({ restoreError: message(error) });
    } finally {
      set({ restoring: false });
    }
  };

  return {
    snapshotsFor: null,
    snapshots: [],
    restores: [],
    snapshotsLoading: false,
    snapshotsError: null,
    comparison: null,
    diff: null,
    diffLoading: false,
    diffError: null,
    diffLayout: 'unified',
    lastRestore: null,
    restoring: false,
    restoreError: null,

    async loadSnapshots() {
      const id = sessionId();
      if (id === null) return;
      const request = ++listRequest;
      if (get().snapshotsFor !== id) {
        set({ snapshotsFor: id, snapshots: [], restores: [], comparison: null, diff: null, diffError: null, lastRestore: null, restoreError: null });
      }
      set({ snapshotsLoading: true, snapshotsError: null });
      try {
        const { snapshots, restores } = await engine().client.request('snapshots.list', { sessionId: id });
        if (request !== listRequest || sessionId() !== id) return;
        // Newest first, as the timeline shows them.
        set({ snapshots: [...snapshots].sort((a, b) => b.id - a.id), restores: [...restores].sort((a, b) => b.id - a.id) });
        const { comparison } = get();
        const newest = get().snapshots[0];
        if (comparison && !snapshots.some((s) => s.id === comparison.from)) set({ comparison: null, diff: null });
        if (!get().comparison && newest) get().compare({ from: newest.id, against: null });
      } catch (error) {
        if (request === listRequest) set({ snapshotsError: message(error) });
      } finally {
        if (request === listRequest) set({ snapshotsLoading: false });
      }
    },

    async takeSnapshot(label) {
      const id = sessionId();
      if (id === null) return false;
      set({ snapshotsError: null });
      try {
        const snapshot = await engine().client.request('snapshot.create', { sessionId: id, label });
        await get().loadSnapshots();
        get().compare({ from: snapshot.id, against: null });
        return true;
      } catch (error) {
        set({ snapshotsError: message(error) });
        return false;
      }
    },

    compare(comparison) {
      if (sameComparison(comparison, get().comparison) && get().diff) return;
      set({ comparison });
      void get().loadDiff();
    },

    async loadDiff() {
      const id = sessionId();
      const comparison = get().comparison;
      if (id === null || !comparison) return;
      const request = ++diffRequest;
      set({ diffLoading: true, diffError: null });
      try {
        const result = await engine().client.request('snapshot.diff', { sessionId: id, snapshotId: comparison.from, against: comparison.against });
        if (request === diffRequest) set({ diff: { comparison, ...result } });
      } catch (error) {
        if (request === diffRequest) set({ diffError: message(error), diff: null });
      } finally {
        if (request === diffRequest) set({ diffLoading: false });
      }
    },

    setDiffLayout(diffLayout) {
      set({ diffLayout });
    },

    async restoreSnapshot(snapshotId, mode, files) {
      const id = sessionId();
      if (id === null) return;
      await restoring((terminalId) => engine().client.request('snapshot.restore', { sessionId: id, snapshotId, mode, files, terminalId }));
    },

    async undoRestore(restoreId) {
      const id = sessionId();
      if (id === null) return;
      await restoring((terminalId) => engine().client.request('restore.undo', { sessionId: id, restoreId, terminalId }));
    },

    dismissRestore() {
      set({ lastRestore: null, restoreError: null });
    },

    async pruneSnapshots(snapshotIds) {
      const id = sessionId();
      if (id === null) return null;
      set({ snapshotsError: null });
      try {
        const result = await engine().client.request('snapshots.prune', { sessionId: id, snapshotIds });
        await get().loadSnapshots();
        return result;
      } catch (error) {
        set({ snapshotsError: message(error) });
        return null;
      }
    },

    subscribeToSnapshotEvents() {
      const { client } = engine();
      // Another window, a step, a fix or the CLI may change the list: reload it if it is shown.
      const changed = (eventSessionId: number, treeChanged: boolean): void => {
        if (eventSessionId !== get().snapshotsFor || eventSessionId !== sessionId()) return;
        clearTimeout(reloadTimer);
        reloadTimer = setTimeout(() => {
          void get().loadSnapshots();
          if (treeChanged && get().comparison?.against === null) void get().loadDiff();
        }, RELOAD_DELAY_MS);
      };
      client.on('snapshot.taken', (snapshot) => changed(snapshot.sessionId, false));
      client.on('snapshot.restored', (restore) => changed(restore.sessionId, true));
      client.on('snapshots.pruned', ({ sessionId: id }) => changed(id, false));
    },
  };
};
