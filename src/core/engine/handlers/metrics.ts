import { MetricsService } from '../../metrics/service';
import type { EngineContext, RequestHandlers } from './index';

type MetricsHandlers = Pick<RequestHandlers, 'metrics.measure' | 'metrics.list' | 'metrics.compareToolchains'>;

export function metricsHandlers({ journal, bus, terminals }: EngineContext): MetricsHandlers {
  const metrics = new MetricsService({ journal, bus, terminals });
  return {
    'metrics.measure': (params) => metrics.measure(params),
    'metrics.list': ({ sessionId }) => {
      journal.sessions.get(sessionId); // an unknown session is an error, not an empty list
      return metrics.overview(sessionId);
    },
    'metrics.compareToolchains': (params) => metrics.compare(params),
  };
}
