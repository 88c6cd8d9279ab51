// The Metrics page's engine data and commands. Progress and results arrive as
// events (engine/eventHub.ts patches the cached overview).
import { useMutation, useQuery } from '@tanstack/react-query';
import type { RequestParams } from '../../../../shared/contract';
import { useApp } from '../../app/store';
import { engine } from '../../engine/client';
import { sessionKeys } from '../../engine/queryKeys';

export type MeasureForm = Omit<RequestParams<'metrics.measure'>, 'sessionId' | 'terminalId'>;
export type CompareForm = Omit<RequestParams<'metrics.compareToolchains'>, 'sessionId' | 'terminalId'>;

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));
const NOT_ATTACHED = 'The terminal is still starting; try again in a moment.';

/** The session's measurements, gates and comparisons; asked again each time the page opens (the toolchains installed may have changed). */
export function useMetrics(sessionId: number) {
  return useQuery({
    queryKey: sessionKeys.metrics(sessionId),
    queryFn: () => engine().client.request('metrics.list', { sessionId }),
    staleTime: 0,
  });
}

/** Runs `work` in the attached terminal; its failure (or no terminal yet) is the page's error. */
function useInTerminal<F, R>(sessionId: number, work: (where: { sessionId: number; terminalId: string }, form: F) => Promise<R>) {
  const setMetricsError = useApp((s) => s.setMetricsError);
  return useMutation({
    mutationFn: (form: F) => {
      const terminalId = useApp.getState().terminalId;
      if (!terminalId) return Promise.reject(new Error(NOT_ATTACHED));
      return work({ sessionId, terminalId }, form);
    },
    onMutate: () => setMetricsError(null),
    onError: (error) => setMetricsError(message(error)),
  });
}

export function useMeasure(sessionId: number) {
  return useInTerminal(sessionId, (where, form: MeasureForm) => engine().client.request('metrics.measure', { ...where, ...form }));
}

export function useCompareToolchains(sessionId: number) {
  return useInTerminal(sessionId, (where, form: CompareForm) => engine().client.request('metrics.compareToolchains', { ...where, ...form }));
}

export type BisectForm = Omit<RequestParams<'metrics.bisect'>, 'sessionId'>;

/** A bisection runs in a scratch copy, not the terminal: it needs none. Its progress and end arrive as events. */
export function useBisect(sessionId: number) {
  const setMetricsError = useApp((s) => s.setMetricsError);
  return useMutation({
    mutationFn: (form: BisectForm) => engine().client.request('metrics.bisect', { sessionId, ...form }),
    onMutate: () => setMetricsError(null),
    onError: (error) => setMetricsError(message(error)),
  });
}

export function stopBisect(sessionId: number): Promise<{ stopped: boolean }> {
  return engine().client.request('metrics.stopBisect', { sessionId });
}
