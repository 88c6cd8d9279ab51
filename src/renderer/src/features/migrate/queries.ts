// The Edition migration page's engine data and commands: the project's
// edition, working a migration out (its progress lines arrive as events) and
// applying the user's choices.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { RequestParams } from '../../../../shared/contract';
import { engine } from '../../engine/client';
import { sessionKeys } from '../../engine/queryKeys';

export type ApplyForm = Omit<RequestParams<'migrate.apply'>, 'sessionId'>;

const statusKey = (sessionId: number) => [...sessionKeys.all(sessionId), 'migrateStatus'] as const;

/** The project's edition and the newer ones; asked each time the page opens (Cargo.toml may have changed). */
export function useMigrateStatus(sessionId: number) {
  return useQuery({ queryKey: statusKey(sessionId), queryFn: () => engine().client.request('migrate.status', { sessionId }), staleTime: 0 });
}

export function usePlanMigration(sessionId: number) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (form: { edition: string; clippy: string[] }) => engine().client.request('migrate.plan', { sessionId, ...form }),
    onSettled: () => void queries.invalidateQueries({ queryKey: statusKey(sessionId) }),
  });
}

export function useApplyMigration(sessionId: number) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (form: ApplyForm) => engine().client.request('migrate.apply', { sessionId, ...form }),
    onSettled: () => void queries.invalidateQueries({ queryKey: statusKey(sessionId) }),
  });
}

export function stopMigration(sessionId: number): Promise<{ stopped: boolean }> {
  return engine().client.request('migrate.stop', { sessionId });
}

/** The session's migration progress lines since `since` changed (a new Find fixes or Apply clears them). */
export function useMigrateProgress(sessionId: number, since: number): string[] {
  const [told, setTold] = useState<{ since: number; lines: string[] }>({ since, lines: [] });
  useEffect(
    () =>
      engine().client.on('migrate.progress', (p) => {
        if (p.sessionId === sessionId) setTold((old) => ({ since, lines: old.since === since ? [...old.lines, p.line] : [p.line] }));
      }),
    [sessionId, since],
  );
  return told.since === since ? told.lines : [];
}
