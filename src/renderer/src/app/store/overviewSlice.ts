import type { StateCreator } from 'zustand';
import { EngineError } from '../../../../shared/client';
import type { EditPreviewResult, PlanSummary, RequestResults } from '../../../../shared/contract';
import type { ScanReport } from '../../../../shared/scan';
import { engine } from '../../engine/client';
import type { AppState } from './index';

export type PlanChoice = { builtin: string } | { fileName: string; content: string };

export interface OverviewSlice {
  scan: ScanReport | null;
  preflight: RequestResults['session.preflight'] | null;
  overviewError: string | null;
  /** A parameter value the engine refused, shown beside its field. */
  paramError: { param: string; value: string | undefined; message: string } | null;
  builtinPlans: PlanSummary[];
  /** The diff of the selected edit step, once previewed. */
  editPreview: { stepId: string; result: EditPreviewResult } | null;
  editError: string | null;
  loadOverview(): Promise<void>;
  refreshPreflight(): Promise<void>;
  setParams(params: Record<string, string>): Promise<void>;
  startSession(plan: PlanChoice, params?: Record<string, string>): Promise<void>;
  trustPlan(): Promise<void>;
  previewEdit(stepId: string): Promise<void>;
  applyEdit(stepId: string): Promise<void>;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export const createOverviewSlice: StateCreator<AppState, [], [], OverviewSlice> = (set, get) => ({
  scan: null,
  preflight: null,
  overviewError: null,
  paramError: null,
  builtinPlans: [],
  editPreview: null,
  editError: null,

  async loadOverview() {
    const view = get().view;
    if (!view) return;
    const { client } = engine();
    set({ overviewError: null });
    try {
      set({ builtinPlans: await client.request('plans.list', {}) });
    } catch (error) {
      set({ overviewError: message(error) });
    }
    await get().refreshPreflight();
  },

  async refreshPreflight() {
    const view = get().view;
    if (!view) return;
    try {
      const preflight = await engine().client.request('session.preflight', { sessionId: view.session.id });
      set({ preflight, scan: preflight.scan });
    } catch (error) {
      set({ overviewError: message(error) });
    }
  },

  async setParams(params) {
    const view = get().view;
    if (!view) return;
    set({ paramError: null });
    try {
      set({ view: await engine().client.request('session.setParams', { sessionId: view.session.id, params }), editPreview: null });
      await get().refreshPreflight();
    } catch (error) {
      if (error instanceof EngineError && error.param) set({ paramError: { param: error.param, value: params[error.param], message: error.message } });
      else set({ overviewError: message(error) });
    }
  },

  async startSession(plan, params = {}) {
    const view = get().view;
    if (!view) return;
    const next = await engine().client.request('session.start', { path: view.project.path, plan, params });
    get().showSession(next);
    await get().loadOverview();
  },

  async trustPlan() {
    const view = get().view;
    if (!view) return;
    set({ view: await engine().client.request('session.trust', { sessionId: view.session.id }) });
  },

  async previewEdit(stepId) {
    const view = get().view;
    if (!view) return;
    set({ editError: null, editPreview: null });
    try {
      const result = await engine().client.request('step.preview', { sessionId: view.session.id, stepId });
      set({ editPreview: { stepId, result } });
    } catch (error) {
      set({ editError: message(error) });
    }
  },

  async applyEdit(stepId) {
    const { view, editPreview } = get();
    if (!view || editPreview?.stepId !== stepId) return;
    try {
      await engine().client.request('step.apply', { sessionId: view.session.id, stepId, digest: editPreview.result.digest });
      // Show what is left to change (nothing, normally), and the pins as they are now.
      await get().previewEdit(stepId);
      void get().loadOverview();
    } catch (error) {
      set({ editError: message(error) });
    }
  },
});
