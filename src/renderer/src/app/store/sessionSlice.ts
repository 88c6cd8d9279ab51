import type { StateCreator } from 'zustand';
import type { SessionView } from '../../../../shared/model';
import type { AppState } from './index';

export type BottomTab = 'journal' | 'issues';

/** The wizard's first page: the project scan, preflight, parameters and plan. */
export const OVERVIEW = '#overview';
/** The Snapshots page: review, compare, restore, prune. */
export const SNAPSHOTS = '#snapshots';
/** The Metrics page: measurements, gates, trends, old against new. */
export const METRICS = '#metrics';

export interface SessionSlice {
  /** The open session (its data: the query cache), or null on the welcome page. */
  sessionId: number | null;
  selectedStepId: string | null;
  terminalId: string | null;
  terminalBusy: boolean;
  stepError: string | null;
  panel: BottomTab;
  /** Show a session: the overview page first for a new one, else the next open step. */
  openSession(view: SessionView): void;
  closeSession(): void;
  selectStep(stepId: string): void;
  selectAdjacentStep(view: SessionView, delta: 1 | -1): void;
  setTerminal(terminalId: string | null, busy: boolean): void;
  /** The engine says whether a terminal runs a command; only the attached one matters here. */
  terminalState(terminalId: string, busy: boolean): void;
  setStepError(error: string | null): void;
  setPanel(panel: BottomTab): void;
}

/** The page a session opens on: the overview until something has happened, then the first step not done. */
export function firstStep(view: SessionView): string {
  const started = view.runs.length > 0 || view.steps.some((s) => s.status !== 'pending');
  const firstOpen = view.steps.find((s) => s.status !== 'passed' && s.status !== 'skipped');
  return started ? (firstOpen?.stepId ?? OVERVIEW) : OVERVIEW;
}

export const createSessionSlice: StateCreator<AppState, [], [], SessionSlice> = (set, get) => ({
  sessionId: null,
  selectedStepId: null,
  terminalId: null,
  terminalBusy: false,
  stepError: null,
  panel: 'journal',

  openSession(view) {
    // A session's choices and messages do not carry over to another, nor to the same one opened again.
    set({
      sessionId: view.session.id,
      selectedStepId: firstStep(view),
      stepError: null,
      comparison: null,
      lastRestore: null,
      restoreError: null,
      metricsError: null,
    });
  },

  closeSession() {
    set({ sessionId: null, terminalId: null, selectedStepId: null });
  },

  selectStep(stepId) {
    set({ selectedStepId: stepId, stepError: null });
  },

  selectAdjacentStep(view, delta) {
    const ids = [OVERVIEW, ...view.plan.phases.flatMap((p) => p.steps.map((s) => s.id))];
    const index = ids.indexOf(get().selectedStepId ?? '');
    const next = ids[Math.min(ids.length - 1, Math.max(0, index + delta))];
    if (next) get().selectStep(next);
  },

  setTerminal(terminalId, busy) {
    set({ terminalId, terminalBusy: busy });
  },

  terminalState(terminalId, busy) {
    if (terminalId === get().terminalId) set({ terminalBusy: busy });
  },

  setStepError(stepError) {
    set({ stepError });
  },

  setPanel(panel) {
    set({ panel });
  },
});
