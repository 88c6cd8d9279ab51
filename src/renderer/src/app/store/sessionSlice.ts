import type { StateCreator } from 'zustand';
import type { SessionView } from '../../../../shared/model';
import { adjacentPage, firstPage, type Page } from '../page';
import type { AppState } from './index';

export type BottomTab = 'journal' | 'issues';

export interface SessionSlice {
  /** The open session (its data: the query cache), or null on the welcome page. */
  sessionId: number | null;
  /** The page shown; null on the welcome page. */
  page: Page | null;
  terminalId: string | null;
  terminalBusy: boolean;
  stepError: string | null;
  panel: BottomTab;
  /** Show a session: the overview page first for a new one, else the next open step. */
  openSession(view: SessionView): void;
  closeSession(): void;
  showPage(page: Page): void;
  /** The previous or next page in the plan's order. */
  showAdjacentPage(view: SessionView, delta: 1 | -1): void;
  setTerminal(terminalId: string | null, busy: boolean): void;
  /** The engine says whether a terminal runs a command; only the attached one matters here. */
  terminalState(terminalId: string, busy: boolean): void;
  setStepError(error: string | null): void;
  setPanel(panel: BottomTab): void;
}

export const createSessionSlice: StateCreator<AppState, [], [], SessionSlice> = (set, get) => ({
  sessionId: null,
  page: null,
  terminalId: null,
  terminalBusy: false,
  stepError: null,
  panel: 'journal',

  openSession(view) {
    // A session's choices and messages do not carry over to another, nor to the same one opened again.
    set({
      sessionId: view.session.id,
      page: firstPage(view),
      stepError: null,
      comparison: null,
      lastRestore: null,
      restoreError: null,
      metricsError: null,
      // Each session opens with its panes shown.
      terminalMaximised: false,
    });
  },

  closeSession() {
    set({ sessionId: null, terminalId: null, page: null });
  },

  showPage(page) {
    set({ page, stepError: null });
  },

  showAdjacentPage(view, delta) {
    get().showPage(adjacentPage(view.plan, get().page, delta));
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
