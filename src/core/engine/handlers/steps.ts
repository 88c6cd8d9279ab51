import type { EngineContext } from '../context';
import type { RequestHandlers } from './index';

type StepHandlers = Pick<RequestHandlers, 'step.run' | 'step.snapshot' | 'step.mark' | 'step.preview' | 'step.apply'>;

export function stepHandlers({ steps, editSteps }: EngineContext): StepHandlers {
  return {
    'step.run': ({ sessionId, stepId, terminalId, confirmRerun }) => steps.run(sessionId, stepId, terminalId, confirmRerun),
    'step.snapshot': ({ sessionId, stepId }) => steps.snapshot(sessionId, stepId),
    'step.mark': ({ sessionId, stepId, status }) => steps.mark(sessionId, stepId, status),
    'step.preview': ({ sessionId, stepId }) => editSteps.preview(sessionId, stepId),
    'step.apply': ({ sessionId, stepId, digest }) => editSteps.apply(sessionId, stepId, digest),
  };
}
