// The overview's engine data: the built-in plans, the scan and preflight, and
// what changes the session's plan (parameters, a new plan, trust).
import { useIsMutating, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { EngineError } from '../../../../shared/client';
import type { SessionView } from '../../../../shared/model';
import { showSession } from '../../app/queries';
import { engine } from '../../engine/client';
import { appKeys, sessionKeys } from '../../engine/queryKeys';

export type PlanChoice = { builtin: string } | { fileName: string; content: string };

export function usePlans() {
  return useQuery({ queryKey: appKeys.plans, queryFn: () => engine().client.request('plans.list', {}) });
}

/** The project scan and whether the plan can work on it; asked again when the parameters or the files change. */
export function usePreflight(sessionId: number) {
  return useQuery({ queryKey: sessionKeys.preflight(sessionId), queryFn: () => engine().client.request('session.preflight', { sessionId }) });
}

/** A session answer from the engine replaces the cached view. */
function useSetView(sessionId: number): (view: SessionView) => void {
  const queryClient = useQueryClient();
  return (view) => queryClient.setQueryData(sessionKeys.view(sessionId), view);
}

/** A parameter value the engine refused, shown beside its field. */
export interface ParamError {
  param: string;
  value: string | undefined;
  message: string;
}

export function useSetParams(sessionId: number) {
  const queryClient = useQueryClient();
  const setView = useSetView(sessionId);
  const mutation = useMutation({
    mutationKey: sessionKeys.setParams(sessionId),
    mutationFn: (params: Record<string, string>) => engine().client.request('session.setParams', { sessionId, params }),
    onSuccess: (view) => {
      setView(view);
      // The plan's steps may read the parameters: their diffs and the preflight are worked out again.
      void queryClient.resetQueries({ queryKey: sessionKeys.editPreviews(sessionId) });
      void queryClient.invalidateQueries({ queryKey: sessionKeys.preflight(sessionId) });
    },
  });
  const error = mutation.error;
  const params = mutation.variables;
  const paramError: ParamError | null =
    error instanceof EngineError && error.param ? { param: error.param, value: params?.[error.param], message: error.message } : null;
  return { setParams: (p: Record<string, string>) => mutation.mutate(p), paramError, error: paramError ? null : (error?.message ?? null) };
}

/** New parameters are being applied (from whichever part of the page): until they are, a step shows its old command. */
export const useApplyingParams = (sessionId: number): boolean => useIsMutating({ mutationKey: sessionKeys.setParams(sessionId) }) > 0;

export function useStartSession(projectPath: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ plan, params = {} }: { plan: PlanChoice; params?: Record<string, string> }) =>
      engine().client.request('session.start', { path: projectPath, plan, params }),
    onSuccess: (view) => showSession(queryClient, view),
  });
}

export function useTrustPlan(sessionId: number) {
  const setView = useSetView(sessionId);
  return useMutation({ mutationFn: () => engine().client.request('session.trust', { sessionId }), onSuccess: setView });
}

/** Reads a plan file (YAML, or Markdown to import); runs nothing. */
export function useParsePlan() {
  return useMutation({ mutationFn: ({ fileName, content }: { fileName: string; content: string }) => engine().client.request('plan.parse', { fileName, content }) });
}
