// What a step knows of its own state, worked out in one place for the engine,
// the app and the CLI: whether it may simply run again (the engine refuses an
// unconfirmed rerun; the app and the CLI say which, and ask first), and why
// an edit step has nothing to change (already at the target, or nothing of
// the kind in the project).
import type { EditAtTarget, PlanStep, RerunSafety, StepKind, StepStatus } from './model';

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
  migrate: 'safe',
};

export function stepRerun(step: Pick<PlanStep, 'kind' | 'rerun'>): RerunSafety {
  return step.rerun ?? RERUN_BY_KIND[step.kind];
}

/** A step has already run when its last run passed, failed or was stopped part way: running it again repeats that. */
export function hasRun(status: StepStatus): boolean {
  return status === 'passed' || status === 'failed' || status === 'stopped';
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

/** The places shown before "and N more". */
const SHOWN = 4;

/** `Makefile:3 says 1.81, ci.yml:7 says 1.81`. */
export function atTargetList(atTarget: readonly EditAtTarget[]): string {
  const shown = atTarget.slice(0, SHOWN).map((at) => `${at.file}${at.line ? `:${at.line}` : ''} says ${at.says}`);
  const more = atTarget.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

/** Why an edit step with no change has none, as a sentence. */
export function noChangeWords(found: { atTarget: readonly EditAtTarget[]; lookedFor: string }): string {
  return found.atTarget.length > 0
    ? `Already at the target: ${atTargetList(found.atTarget)}`
    : `Nothing of this kind in this project: no ${found.lookedFor}`;
}

/** The journaled note of an edit step that passed with no change. */
export function noChangeNote(found: { atTarget: readonly EditAtTarget[]; lookedFor: string }): string {
  return found.atTarget.length > 0
    ? `already done: ${atTargetList(found.atTarget)}`
    : `nothing to change: no ${found.lookedFor} in this project`;
}
