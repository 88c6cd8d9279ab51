import type { StateCreator } from 'zustand';
import type { IssueRecord, SessionView, StepState } from '../../../../shared/model';
import { engine } from '../../engine/client';
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

const upsertIssues = (current: IssueRecord[], changed: IssueRecord[]): IssueRecord[] => {
  const byId = new Map(current.map((i) => [i.id, i]));
  for (const issue of changed) byId.set(issue.id, issue);
  return [...byId.values()].sort((a, b) => a.id - b.id);
};

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
    const started = view.runs.length > 0 || view.steps.some((s) => s.status !== 'pending');
    const firstOpen = view.steps.find((s) => s.status !== 'passed' && s.status !== 'skipped');
    const selectedStepId = started ? (firstOpen?.stepId ?? OVERVIEW) : OVERVIEW;
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
    client.on('run.started', (run) => ours(run.sessionId) && patch((v) => ({ runs: upsertById(v.runs, run) })));
    client.on('run.finished', (run) => ours(run.sessionId) && patch((v) => ({ runs: upsertById(v.runs, run) })));
    client.on('step.changed', ({ sessionId, step }) => ours(sessionId) && patch((v) => ({ steps: upsertStep(v.steps, step) })));
    client.on('issues.changed', ({ sessionId, issues }) => ours(sessionId) && patch((v) => ({ issues: upsertIssues(v.issues, issues) })));
    client.on('edits.applied', ({ sessionId, edits }) => ours(sessionId) && patch((v) => ({ edits: [...v.edits, ...edits] })));
    client.on('snapshot.taken', (snapshot) => ours(snapshot.sessionId) && patch((v) => ({ snapshots: [...v.snapshots, snapshot] })));
    client.on('snapshot.restored', (restore) => ours(restore.sessionId) && patch((v) => ({ restores: upsertById(v.restores, restore) })));
    client.on('snapshots.pruned', ({ sessionId, snapshotIds }) => ours(sessionId) && patch((v) => ({ snapshots: v.snapshots.filter((s) => !snapshotIds.includes(s.id)) })));
    client.on('terminal.state', ({ terminalId, busy }) => {
      if (terminalId === get().terminalId) set({ terminalBusy: busy });
    });
  },
});
