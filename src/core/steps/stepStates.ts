// The moves a step's status may make, and who makes them. A run moves its
// step: into running as it starts, out of it as it ends. The user moves a
// step by hand (marking it, or doing a snapshot or edit step), but never one
// that is running: only its run ends that. A step with no journaled state is
// pending.
import type { StepStatus } from '../../shared/model';
import { EngineFault } from '../engine/errors';

/** Who moves the step: one of its runs (starting or ending), or the user. */
export type StepMover = 'run' | 'hand';

const RUN_ENDS: readonly StepStatus[] = ['passed', 'failed', 'stopped', 'interrupted'];
const BY_HAND: readonly StepStatus[] = ['passed', 'skipped', 'pending'];

/**
 * Allowed moves, from -> to, per mover. A step may be run again from any
 * status, running too: its last run may have ended but not yet be recorded.
 * Its end then leaves the step to the newer run (RunRecorder.endStep).
 */
export const STEP_MOVES: Record<StepMover, Record<StepStatus, readonly StepStatus[]>> = {
  run: {
    pending: ['running', ...RUN_ENDS],
    running: ['running', ...RUN_ENDS],
    passed: ['running'],
    failed: ['running'],
    stopped: ['running'],
    skipped: ['running'],
    interrupted: ['running'],
  },
  hand: {
    pending: BY_HAND,
    running: [],
    passed: BY_HAND,
    failed: BY_HAND,
    stopped: BY_HAND,
    skipped: BY_HAND,
    interrupted: BY_HAND,
  },
};

export function canMove(mover: StepMover, from: StepStatus, to: StepStatus): boolean {
  return STEP_MOVES[mover][from].includes(to);
}

/** Throws unless `mover` may move the step from `from` to `to`. */
export function checkMove(stepId: string, mover: StepMover, from: StepStatus, to: StepStatus): void {
  if (canMove(mover, from, to)) return;
  if (mover === 'hand' && from === 'running') {
    throw new EngineFault('busy', `step "${stepId}" is running; wait for its command to finish (it cannot move from running to ${to} by hand)`);
  }
  const by = mover === 'run' ? 'by a run' : 'by hand';
  throw new EngineFault('invalid-params', `step "${stepId}" cannot move from ${from} to ${to} ${by}`);
}
