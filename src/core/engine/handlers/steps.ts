import type { PlanStep } from '../../../shared/model';
import { EngineFault } from '../errors';
import { sessionStep } from '../../sessions/sessionStep';
import type { EngineContext } from '../context';
import type { RequestHandlers } from './index';

type StepHandlers = Pick<RequestHandlers, 'step.run' | 'step.snapshot' | 'step.mark'>;

/** Step kinds whose command runs in the terminal. */
const RUNNABLE = new Set<PlanStep['kind']>(['command', 'check', 'toolchain']);

export function stepHandlers(context: EngineContext): StepHandlers {
  const { journal, bus, terminals, snapshots } = context;
  const findStep = (sessionId: number, stepId: string): PlanStep => sessionStep(journal, sessionId, stepId).step;

  return {
    'step.run': async ({ sessionId, stepId, terminalId }) => {
      const step = findStep(sessionId, stepId);
      if (!step.command || !RUNNABLE.has(step.kind)) {
        throw new EngineFault('invalid-params', `step "${stepId}" is a ${step.kind} step; it has no command to run`);
      }
      if (!journal.sessions.get(sessionId).session.trusted) {
        throw new EngineFault('untrusted', 'This plan comes from a file: review its commands and trust it before running them');
      }
      if (terminals.get(terminalId).sessionId !== sessionId) {
        throw new EngineFault('invalid-params', `terminal ${terminalId} belongs to another session`);
      }
      if (step.risk === 'high') await snapshots.before(sessionId, stepId, `Before "${step.title}" (high risk)`);
      const runId = await terminals.runStep(terminalId, {
        stepId,
        command: step.command,
        expectExit: step.expectExit,
        expectOutput: step.expectOutput,
      });
      return { runId };
    },
    'step.snapshot': async ({ sessionId, stepId }) => {
      const step = findStep(sessionId, stepId);
      if (step.kind !== 'snapshot') throw new EngineFault('invalid-params', `step "${stepId}" is a ${step.kind} step, not a snapshot`);
      const snapshot = await snapshots.before(sessionId, stepId, step.title);
      const state = journal.sessions.setStepState(sessionId, stepId, 'passed', null);
      bus.emit('step.changed', { sessionId, step: state });
      return { snapshot, step: state };
    },
    'step.mark': ({ sessionId, stepId, status }) => {
      findStep(sessionId, stepId);
      const current = journal.sessions.stepStates(sessionId).find((s) => s.stepId === stepId);
      if (current?.status === 'running') {
        throw new EngineFault('busy', `step "${stepId}" is running; wait for its command to finish`);
      }
      const step = journal.sessions.setStepState(sessionId, stepId, status, null);
      bus.emit('step.changed', { sessionId, step });
      return step;
    },
  };
}
