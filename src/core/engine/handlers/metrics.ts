import type { EngineContext } from '../context';
import type { RequestHandlers } from './index';

type MetricsHandlers = Pick<RequestHandlers, 'metrics.measure' | 'metrics.list' | 'metrics.compareToolchains'>;

export function metricsHandlers({ journal, metrics }: EngineContext): MetricsHandlers {
  return {
    'metrics.measure': (params) => metrics.measure(params),
    'metrics.list': ({ sessionId }) => {
      journal.sessions.get(sessionId); // an unknown session is an error, not an empty list
      return metrics.overview(sessionId);
    },
    'metrics.compareToolchains': (params) => metrics.compare(params),
  };
}
