import type { StateCreator } from 'zustand';
import type { RestoreResult } from '../../../../shared/contract';
import type { DiffLayout } from '../../ui/DiffView';
import type { AppState } from './index';

/** Two sides to compare: a snapshot, and the current tree (null) or another snapshot. */
export interface Comparison {
  from: number;
  against: number | null;
}

/** What the Snapshots page shows; the snapshots themselves are in the query cache. */
export interface SnapshotsSlice {
  comparison: Comparison | null;
  diffLayout: DiffLayout;
  /** The latest restore (or undo) made from this page, with its toolchain commands; `typed`: the engine typed them in the terminal. */
  lastRestore: { result: RestoreResult; typed: boolean } | null;
  restoreError: string | null;
  compare(comparison: Comparison | null): void;
  setDiffLayout(layout: DiffLayout): void;
  restoreDone(result: RestoreResult, typed: boolean): void;
  setRestoreError(error: string | null): void;
  dismissRestore(): void;
}

export const createSnapshotsSlice: StateCreator<AppState, [], [], SnapshotsSlice> = (set) => ({
  comparison: null,
  diffLayout: 'unified',
  lastRestore: null,
  restoreError: null,
  compare(comparison) {
    set({ comparison });
  },
  setDiffLayout(diffLayout) {
    set({ diffLayout });
  },
  restoreDone(result, typed) {
    set({ lastRestore: { result, typed }, restoreError: null });
  },
  setRestoreError(restoreError) {
    set({ restoreError });
  },
  dismissRestore() {
    set({ lastRestore: null, restoreError: null });
  },
});
