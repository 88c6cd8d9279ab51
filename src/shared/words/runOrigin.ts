// Who started a run, in words: the journal's list, the guide's timeline and
// `stepwise` share them so a measurement's command never reads as typed.
import type { RunOrigin, RunRecord } from '../model';

const BESIDES_STEPS: Record<Exclude<RunOrigin, 'step'>, string> = {
  typed: 'Typed in the terminal',
  measurement: 'Measurement',
  comparison: 'Toolchain comparison',
  fix: 'One-click fix',
  rollback: 'Emergency rollback',
  editor: 'Opened in an editor',
  migration: 'Edition migration (stepwise migrate)',
  ship: 'Shipped as a git branch',
};

/** A run journaled before origins were kept (migration 15), without a step. */
const UNKNOWN = 'Typed in the terminal, or run by Stepwise';

/** Who started a run that no plan step started. */
export function originTitle(run: Pick<RunRecord, 'origin'>): string {
  return run.origin === null || run.origin === 'step' ? UNKNOWN : BESIDES_STEPS[run.origin];
}
