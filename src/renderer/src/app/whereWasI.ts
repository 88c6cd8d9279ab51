// A reload returns to where the user was: the open session and its page are
// kept in this tab's sessionStorage (a reload keeps it, a new tab starts on
// Welcome) and, once the engine answers, shown again.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { SessionView } from '../../../shared/model';
import { engine } from '../engine/client';
import type { Page } from './page';
import { showSession } from './queries';
import { useApp } from './store';

const STORAGE_KEY = 'stepwise.where';

interface Where {
  sessionId: number;
  page: Page;
}

function read(): Where | null {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as Partial<Where> | null;
    return saved && typeof saved.sessionId === 'number' && saved.page && typeof saved.page.kind === 'string' ? (saved as Where) : null;
  } catch {
    return null;
  }
}

function write(where: Where | null): void {
  try {
    if (where) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(where));
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage refused (private mode, quota): a reload then starts on Welcome.
  }
}

/** The saved page if the session still has it (a step the plan no longer holds is not). */
function pageIn(view: SessionView, page: Page): Page | null {
  if (page.kind !== 'step') return page;
  return view.plan.phases.some((p) => p.steps.some((s) => s.id === page.stepId)) ? page : null;
}

/** Keeps the open session and page saved, and shows the saved ones again once the engine is connected. */
export function useWhereWasI(): void {
  const queryClient = useQueryClient();
  const connected = useApp((s) => s.connection === 'open');
  const sessionId = useApp((s) => s.sessionId);
  const page = useApp((s) => s.page);
  const restoring = useRef(read());

  useEffect(() => {
    const saved = restoring.current;
    if (!connected || !saved) return;
    restoring.current = null;
    engine()
      .client.request('session.view', { sessionId: saved.sessionId })
      .then((view) => {
        // The user may have opened something else meanwhile.
        if (useApp.getState().sessionId !== null) return;
        showSession(queryClient, view);
        const shown = pageIn(view, saved.page);
        if (shown) useApp.getState().showPage(shown);
      })
      .catch(() => write(null)); // The session is gone (another data directory, a journal reset): Welcome.
  }, [connected, queryClient]);

  useEffect(() => {
    // Until the saved place is shown again, keep it: the first render has no session yet.
    if (restoring.current) return;
    write(sessionId !== null && page ? { sessionId, page } : null);
  }, [sessionId, page]);
}
