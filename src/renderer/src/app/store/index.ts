// The renderer's UI state: which session and page are open, the terminal,
// choices and messages of the pages. The engine's data is not here: it lives
// in the query cache (engine/queryClient.ts). Read it through selectors only:
// `useApp((s) => s.x)`, never the whole store.
import { create } from 'zustand';
import { createConnectionSlice, type ConnectionSlice } from './connectionSlice';
import { createLayoutSlice, type LayoutSlice } from './layoutSlice';
import { createMetricsSlice, type MetricsSlice } from './metricsSlice';
import { createSessionSlice, type SessionSlice } from './sessionSlice';
import { createSnapshotsSlice, type SnapshotsSlice } from './snapshotsSlice';

export type AppState = ConnectionSlice & SessionSlice & SnapshotsSlice & MetricsSlice & LayoutSlice;

export const createAppStore = () =>
  create<AppState>()((...a) => ({
    ...createConnectionSlice(...a),
    ...createSessionSlice(...a),
    ...createSnapshotsSlice(...a),
    ...createMetricsSlice(...a),
    ...createLayoutSlice(...a),
  }));

export const useApp = createAppStore();
export type AppStore = typeof useApp;
