import type { EngineContext } from '../context';
import type { RequestHandlers } from './index';

type GuideHandlers = Pick<RequestHandlers, 'run.output' | 'guide.export' | 'guide.ship'>;

export function guideHandlers({ journal, guide }: EngineContext): GuideHandlers {
  return {
    'run.output': ({ runId }) => ({ runId, output: journal.runs.output(runId), sizes: journal.runs.outputSizes(runId) }),
    'guide.export': (params) => guide.export(params),
    'guide.ship': (params) => guide.ship(params),
  };
}
