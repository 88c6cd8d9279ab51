import type { EngineContext } from '../context';
import type { RequestHandlers } from './index';

type MetricsHandlers = Pick<RequestHandlers, 'metrics.measure' | 'metrics.list' | 'metrics.compareToolchains' | 'metrics.bisect' | 'metrics.stopBisect'>;

export function metricsHandlers({ journal, metrics, bisections }: EngineContext): MetricsHandlers {
  return {
    'metrics.measure': (params) => metrics.measure(params),
    'metrics.list': ({ sessionId }) => {
      journal.sessions.get(sessionId); // an unknown session is an error, not an empty list
      return metrics.overview(sessionId).then((overview) => ({
        ...overview,
        bisections: journal.bisections.forSession(sessionId),
        bisecting: bisections.progress(sessionId),
      }));
    },
    'metrics.compareToolchains': (params) => metrics.compare(params),
    'metrics.bisect': (params) => bisections.bisect(params),
    'metrics.stopBisect': ({ sessionId }) => bisections.stop(sessionId),
  };
}
