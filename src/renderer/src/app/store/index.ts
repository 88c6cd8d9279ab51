// One zustand store, one slice per concern, combined here.
import { create } from 'zustand';
import { createConnectionSlice, type ConnectionSlice } from './connectionSlice';
import { createMetricsSlice, type MetricsSlice } from './metricsSlice';
import { createOverviewSlice, type OverviewSlice } from './overviewSlice';
import { createSessionSlice, type SessionSlice } from './sessionSlice';
import { createSnapshotsSlice, type SnapshotsSlice } from './snapshotsSlice';

export type AppState = ConnectionSlice & SessionSlice & OverviewSlice & SnapshotsSlice & MetricsSlice;

export const useApp = create<AppState>()((...a) => ({
  ...createConnectionSlice(...a),
  ...createSessionSlice(...a),
  ...createOverviewSlice(...a),
  ...createSnapshotsSlice(...a),
  ...createMetricsSlice(...a),
}));
