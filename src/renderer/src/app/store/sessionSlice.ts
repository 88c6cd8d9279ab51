import type { StateCreator } from 'zustand';
import type { RunRecord, SessionView, StepState } from '../../../../shared/model';
import { engine } from '../../engine/client';
import { queryClient } from '../../engine/queryClient';
import { sessionKeys } from '../../engine/queryKeys';
import type { AppState } from './index';

export type BottomTab = 'journal' | 'issues';

/** The wizard's first page: the project scan, preflight, parameters and plan. */
export const OVERVIEW = '#overview';
/** The Snapshots page: review, compare, restore, prune. */
export const SNAPSHOTS = '#snapshots';
/** The Metrics page: measurements, gates, trends, old against new. */
export const METRICS = '#metrics';

export interface SessionSlice {
  view: SessionView | null;
  selectedStepId: string | null;
  terminalId: string | null;
  terminalBusy: boolean;
  openError: string | null;
  opening: boolean;
  stepError: string | null;
  panel: BottomTab;
  openProject(path: string, options?: { newSession?: boolean }): Promise<void>;
  /** Show a session: the overview page first for a new one, else the next open step. */
  showSession(view: SessionView): void;
  closeProject(): void;
  /** The native folder picker (Electron), then open what was picked. */
  pickAndOpen(): Promise<void>;
  selectStep(stepId: string): void;
  selectAdjacentStep(delta: 1 | -1): void;
  runStep(stepId: string): Promise<void>;
  markStep(stepId: string, status: 'passed' | 'skipped' | 'pending'): Promise<void>;
  setTerminal(terminalId: string | null, busy: boolean): void;
  setPanel(panel: BottomTab): void;
  subscribeToSessionEvents(): void;
}

const upsertById = <T extends { id: number }>(records: T[], record: T): T[] =>
  records.some((r) => r.id === record.id) ? records.map((r) => (r.id === record.id ? record : r)) : [...records, record];

/** A step's run, started or ended, is that step's last run; the count grows when one starts. */
const withRun = (view: SessionView, run: RunRecord, started: boolean): Partial<SessionView> => ({
  runCount: view.runCount + (started ? 1 : 0),
  lastRuns: run.stepId === null ? view.lastRuns : [...view.lastRuns.filter((r) => r.stepId !== run.stepId), run],
});

const upsertStep = (steps: StepState[], step: StepState): StepState[] =>
  steps.map((s) => (s.stepId === step.stepId ? step : s));

export const createSessionSlice: StateCreator<AppState, [], [], SessionSlice> = (set, get) => ({
  view: null,
  selectedStepId: null,
  terminalId: null,
  terminalBusy: false,
  openError: null,
  opening: false,
  stepError: null,
  panel: 'journal',

  async openProject(path, options = {}) {
    set({ opening: true, openError: null });
    try {
      const view = await engine().client.request('project.open', { path, newSession: options.newSession ?? false });
      get().showSession(view);
      void get().loadRecent();
      void get().loadOverview();
    } catch (error) {
      set({ openError: (error as Error).message });
    } finally {
      set({ opening: false });
    }
  },

  showSession(view) {
    const started = view.runCount > 0 || view.steps.some((s) => s.status !== 'pending');
    const firstOpen = view.steps.find((s) => s.status !== 'passed' && s.status !== 'skipped');
    const selectedStepId = started ? (firstOpen?.stepId ?? OVERVIEW) : OVERVIEW;
    // What was cached of this session when it was open before may have changed since (the CLI, another window).
    queryClient.removeQueries({ queryKey: sessionKeys.all(view.session.id) });
    set({ view, selectedStepId, stepError: null, scan: null, preflight: null, editPreview: null, editError: null, metrics: null, metricsError: null });
  },

  closeProject() {
    set({ view: null, terminalId: null, selectedStepId: null });
    void get().loadRecent();
  },

  async pickAndOpen() {
    const picked = await engine().bridge?.pickFolder();
    if (picked) await get().openProject(picked);
  },

  selectStep(stepId) {
    set({ selectedStepId: stepId, stepError: null, editError: null });
  },

  selectAdjacentStep(delta) {
    const { view, selectedStepId } = get();
    if (!view) return;
    const ids = [OVERVIEW, ...view.plan.phases.flatMap((p) => p.steps.map((s) => s.id))];
    const index = ids.indexOf(selectedStepId ?? '');
    const next = ids[Math.min(ids.length - 1, Math.max(0, index + delta))];
    if (next) get().selectStep(next);
  },

  async runStep(stepId) {
    const { view, terminalId } = get();
    if (!view || !terminalId) return;
    set({ stepError: null });
    try {
      await engine().client.request('step.run', { sessionId: view.session.id, stepId, terminalId });
    } catch (error) {
      set({ stepError: (error as Error).message });
    }
  },

  async markStep(stepId, status) {
    const { view } = get();
    if (!view) return;
    try {
      await engine().client.request('step.mark', { sessionId: view.session.id, stepId, status });
    } catch (error) {
      set({ stepError: (error as Error).message });
    }
  },

  setTerminal(terminalId, busy) {
    set({ terminalId, terminalBusy: busy });
  },

  setPanel(panel) {
    set({ panel });
  },

  subscribeToSessionEvents() {
    const { client } = engine();
    const ours = (sessionId: number): boolean => get().view?.session.id === sessionId;
    const patch = (update: (view: SessionView) => Partial<SessionView>): void => {
      const view = get().view;
      if (view) set({ view: { ...view, ...update(view) } });
    };
    // Runs and issues are paged from the engine: their cached pages are asked again.
    const invalidate = (queryKey: readonly unknown[]): void => void queryClient.invalidateQueries({ queryKey });
    client.on('run.started', (run) => {
      if (ours(run.sessionId)) patch((v) => withRun(v, run, true));
      invalidate(sessionKeys.runs(run.sessionId));
    });
    client.on('run.finished', (run) => {
      if (ours(run.sessionId)) patch((v) => withRun(v, run, false));
      invalidate(sessionKeys.runs(run.sessionId));
    });
    client.on('step.changed', ({ sessionId, step }) => ours(sessionId) && patch((v) => ({ steps: upsertStep(v.steps, step) })));
    client.on('issues.changed', ({ sessionId }) => invalidate(sessionKeys.issues(sessionId)));
    client.on('edits.applied', ({ sessionId, edits }) => ours(sessionId) && patch((v) => ({ edits: [...v.edits, ...edits] })));
    client.on('snapshot.taken', (snapshot) => ours(snapshot.sessionId) && patch((v) => ({ snapshots: [...v.snapshots, snapshot] })));
    client.on('snapshot.restored', (restore) => ours(restore.sessionId) && patch((v) => ({ restores: upsertById(v.restores, restore) })));
    client.on('snapshots.pruned', ({ sessionId, snapshotIds }) => ours(sessionId) && patch((v) => ({ snapshots: v.snapshots.filter((s) => !snapshotIds.includes(s.id)) })));
    client.on('terminal.state', ({ terminalId, busy }) => {
      if (terminalId === get().terminalId) set({ terminalBusy: busy });
    });
  },
});
