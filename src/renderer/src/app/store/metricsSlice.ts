import type { StateCreator } from 'zustand';
import type { MeasurementProgress, MetricsOverview, RequestParams } from '../../../../shared/contract';
import type { MeasurementRecord } from '../../../../shared/model';
import { engine } from '../../engine/client';
import type { AppState } from './index';

export type MeasureForm = Omit<RequestParams<'metrics.measure'>, 'sessionId' | 'terminalId'>;
export type CompareForm = Omit<RequestParams<'metrics.compareToolchains'>, 'sessionId' | 'terminalId'>;

export interface MetricsSlice {
  /** The open session's measurements, gates and comparisons; null until loaded. */
  metrics: MetricsOverview | null;
  metricsError: string | null;
  comparing: boolean;
  loadMetrics(): Promise<void>;
  measure(form: MeasureForm): Promise<void>;
  compareToolchains(form: CompareForm): Promise<void>;
  subscribeToMetricsEvents(): void;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const upsertMeasurement = (list: MeasurementRecord[], m: MeasurementRecord): MeasurementRecord[] =>
  list.some((x) => x.id === m.id) ? list.map((x) => (x.id === m.id ? m : x)) : [...list, m];

export const createMetricsSlice: StateCreator<AppState, [], [], MetricsSlice> = (set, get) => {
  /** Which session, and the terminal it runs in; null (and an error shown) when the terminal is not attached yet. */
  const target = (): { sessionId: number; terminalId: string } | null => {
    const { view, terminalId } = get();
    if (!view) return null;
    if (!terminalId) {
      set({ metricsError: 'The terminal is still starting; try again in a moment.' });
      return null;
    }
    return { sessionId: view.session.id, terminalId };
  };

  return {
    metrics: null,
    metricsError: null,
    comparing: false,

    async loadMetrics() {
      const view = get().view;
      if (!view) return;
      try {
        const metrics = await engine().client.request('metrics.list', { sessionId: view.session.id });
        if (get().view?.session.id === view.session.id) set({ metrics, metricsError: null });
      } catch (error) {
        set({ metricsError: message(error) });
      }
    },

    async measure(form) {
      const where = target();
      if (!where) return;
      set({ metricsError: null });
      try {
        await engine().client.request('metrics.measure', { ...where, ...form });
      } catch (error) {
        set({ metricsError: message(error) });
      }
    },

    async compareToolchains(form) {
      const where = target();
      if (!where) return;
      set({ metricsError: null, comparing: true });
      try {
        await engine().client.request('metrics.compareToolchains', { ...where, ...form });
      } catch (error) {
        set({ metricsError: message(error) });
      } finally {
        set({ comparing: false });
      }
    },

    subscribeToMetricsEvents() {
      const { client } = engine();
      const patch = (sessionId: number, update: (m: MetricsOverview) => Partial<MetricsOverview>): void => {
        const metrics = get().metrics;
        if (metrics && get().view?.session.id === sessionId) set({ metrics: { ...metrics, ...update(metrics) } });
      };
      client.on('metrics.progress', (progress: MeasurementProgress) => patch(progress.sessionId, () => ({ running: progress })));
      client.on('metrics.changed', ({ sessionId, measurement, gates }) =>
        patch(sessionId, (m) => ({
          measurements: upsertMeasurement(m.measurements, measurement),
          gates,
          running: measurement.endedAt === null ? m.running : null,
        })),
      );
      client.on('metrics.compared', (comparison) =>
        patch(comparison.sessionId, (m) => ({ comparisons: [...m.comparisons.filter((c) => c.id !== comparison.id), comparison] })),
      );
    },
  };
};
