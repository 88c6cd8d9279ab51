// Whether a step may simply run again, worked out in one place for the
// engine (which refuses an unconfirmed rerun), the app and the CLI (which
// say which, and ask first).
import type { PlanStep, RerunSafety, StepKind, StepStatus } from './model';

/**
 * The default by kind, where the plan declares none. A check only reads the
 * project (its build writes target/ and nothing of yours); a toolchain step
 * asks rustup first and passes when its work is done; a command may change
 * anything, so it asks unless the plan says it is idempotent. Edits show
 * their diff first, snapshot steps add a snapshot, manual steps run nothing.
 */
export const RERUN_BY_KIND: Record<StepKind, RerunSafety> = {
  check: 'safe',
  toolchain: 'safe',
  command: 'confirm',
  edit: 'safe',
  snapshot: 'safe',
  manual: 'safe',
};

export function stepRerun(step: Pick<PlanStep, 'kind' | 'rerun'>): RerunSafety {
  return step.rerun ?? RERUN_BY_KIND[step.kind];
}

/** A step has already run when its last run passed or failed: running it again repeats that. */
export function hasRun(status: StepStatus): boolean {
  return status === 'passed' || status === 'failed';
}

/** Whether running the step now needs the user's yes: it already ran, and running it again repeats what it changed. */
export function rerunNeedsConfirm(step: Pick<PlanStep, 'kind' | 'rerun'>, status: StepStatus): boolean {
  return hasRun(status) && stepRerun(step) === 'confirm';
}

/** What the app shows beside "Run again". */
export function rerunWords(step: Pick<PlanStep, 'kind' | 'rerun'>): string {
  if (stepRerun(step) === 'confirm') return 'Running again repeats what it changed: asks first';
  if (step.kind === 'toolchain') return 'Safe to run again: it passes without running when its work is already done';
  if (step.kind === 'command') return 'Safe to run again: the plan says running it again changes nothing more';
  return 'Safe to run again: it only reads the project';
}
