// The one way a step's state changes: the move is checked (stepStates.ts),
// journaled, and told to clients as `step.changed` once it has committed.
// Called inside a larger transaction (a run's start or end), the event waits
// for that one's commit, as long as it was opened with `commitThenEmit`.
import type { StepState, StepStatus } from '../../shared/model';
import { commitThenEmit, type EventBus } from '../engine/eventBus';
import type { Journal } from '../journal/journal';
import { checkMove } from './stepStates';

export interface StepTransitionDeps {
  journal: Journal;
  bus: EventBus;
}

export class StepTransitions {
  constructor(private readonly deps: StepTransitionDeps) {}

  /** The step's journaled state; undefined while it is pending and never moved. */
  current(sessionId: number, stepId: string): StepState | undefined {
    return this.deps.journal.sessions.stepStates(sessionId).find((s) => s.stepId === stepId);
  }

  /**
   * Moves the step to `to`: by its run `lastRunId` (starting or ending), or
   * by hand without one. A move stepStates.ts does not allow throws an
   * EngineFault naming the step, from and to, and changes nothing. `note`
   * says why a step moved without a run doing its work (kept in the journal
   * for the guide); any move without one clears it.
   */
  transition(sessionId: number, stepId: string, to: StepStatus, lastRunId: number | null = null, note: string | null = null): StepState {
    const { journal, bus } = this.deps;
    return commitThenEmit(journal, bus, () => {
      checkMove(stepId, lastRunId === null ? 'hand' : 'run', this.current(sessionId, stepId)?.status ?? 'pending', to);
      const step = journal.sessions.setStepState(sessionId, stepId, to, lastRunId, note);
      bus.emit('step.changed', { sessionId, step });
      return step;
    });
  }
}
