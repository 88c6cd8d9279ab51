import type { StateCreator } from 'zustand';
import type { AppState } from './index';

export interface MetricsSlice {
  /** Why the last measurement or comparison could not start, shown on the Metrics page. */
  metricsError: string | null;
  setMetricsError(error: string | null): void;
}

export const createMetricsSlice: StateCreator<AppState, [], [], MetricsSlice> = (set) => ({
  metricsError: null,
  setMetricsError(metricsError) {
    set({ metricsError });
  },
});
