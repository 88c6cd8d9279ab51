// The app's own engine data (its version, the journal's health, recent
// projects) and opening or closing a session.
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { AppInfo, EngineHealth, JournalProblem } from '../../../shared/contract';
import type { SessionView } from '../../../shared/model';
import { engine } from '../engine/client';
import { appKeys, sessionKeys } from '../engine/queryKeys';
import { useApp } from './store';

export function useAppInfo(): AppInfo | undefined {
  const open = useApp((s) => s.connection === 'open');
  return useQuery({ queryKey: appKeys.info, queryFn: () => engine().client.request('app.info', {}), enabled: open }).data;
}

/** An `engine.health` event is newer than app.info's answer, whichever came first. */
export function journalProblem(info: AppInfo | undefined, health: EngineHealth | undefined): JournalProblem | null {
  return health ? health.journal : (info?.health.journal ?? null);
}

export function useJournalProblem(): JournalProblem | null {
  const info = useAppInfo();
  // Filled by the event hub only: there is nothing to fetch.
  const health = useQuery<EngineHealth>({ queryKey: appKeys.health, queryFn: () => Promise.reject(new Error('pushed by events')), enabled: false }).data;
  return journalProblem(info, health);
}

export function useRecentProjects() {
  const open = useApp((s) => s.connection === 'open');
  return useQuery({ queryKey: appKeys.recent, queryFn: () => engine().client.request('projects.recent', { limit: 8 }), enabled: open }).data ?? [];
}

function useSessionViewQuery() {
  const sessionId = useApp((s) => s.sessionId);
  return useQuery({
    queryKey: sessionKeys.view(sessionId ?? 0),
    queryFn: () => engine().client.request('session.view', { sessionId: sessionId! }),
    enabled: sessionId !== null,
  });
}

/** The open session's view, or undefined on the welcome page. */
export function useSessionView(): SessionView | undefined {
  return useSessionViewQuery().data;
}

/** When the open session's view last changed (each engine event about it changes it). */
export function useSessionViewRevision(): number {
  return useSessionViewQuery().dataUpdatedAt;
}

/** Shows a session the engine has just answered with; what was cached of it before (opened again) is asked again. */
export function showSession(queryClient: QueryClient, view: SessionView): void {
  queryClient.setQueryData(sessionKeys.view(view.session.id), view);
  void queryClient.invalidateQueries({ queryKey: sessionKeys.all(view.session.id), predicate: (q) => q.queryKey[2] !== 'view' });
  useApp.getState().openSession(view);
}

export function useOpenProject() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ path, newSession = false }: { path: string; newSession?: boolean }) =>
      engine().client.request('project.open', { path, newSession }),
    onSuccess: (view) => {
      showSession(queryClient, view);
      void queryClient.invalidateQueries({ queryKey: appKeys.recent });
    },
  });
}

/** The desktop app has a native folder picker; the browser has none. */
export const canPickFolder = (): boolean => engine().bridge !== null;

/** Opening a project, by its path or (Electron) by the native folder picker; one mutation, so one error and one spinner. */
export function usePickAndOpen() {
  const open = useOpenProject();
  const pickAndOpen = async (): Promise<void> => {
    const picked = await engine().bridge?.pickFolder();
    if (picked) open.mutate({ path: picked });
  };
  return { open, pickAndOpen };
}

export function useCloseProject(): () => void {
  const queryClient = useQueryClient();
  const closeSession = useApp((s) => s.closeSession);
  return () => {
    closeSession();
    void queryClient.invalidateQueries({ queryKey: appKeys.recent });
  };
}
