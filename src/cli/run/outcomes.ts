// What became of each step a headless run was asked to run, the table that
// ends its output, and the exit code it makes.
import { formatDuration } from '../../shared/format';
import type { PlanStep, StepStatus } from '../../shared/model';
import { formatTable } from '../table';

export type OutcomeStatus =
  | StepStatus
  /** The run stopped before this step. */
  | 'not run'
  /** A manual step the run stopped at: it needs a person. */
  | 'needs you'
  /** The engine refused the step (an edit that no longer applies, ...). */
  | 'error';

export interface StepOutcome {
  step: PlanStep;
  status: OutcomeStatus;
  exitCode: number | null;
  durationMs: number | null;
  issues: { errors: number; warnings: number; resolved: number } | null;
  note: string | null;
}

export const EXIT = { ok: 0, failed: 1, refused: 2, manual: 3, interrupted: 130 } as const;

export function notRun(step: PlanStep): StepOutcome {
  return { step, status: 'not run', exitCode: null, durationMs: null, issues: null, note: null };
}

/** A step that went wrong stops the run, unless --keep-going. */
export function wentWrong(outcome: StepOutcome): boolean {
  return outcome.status === 'failed' || outcome.status === 'stopped' || outcome.status === 'interrupted' || outcome.status === 'error';
}

export function exitCode(outcomes: StepOutcome[], interrupted: boolean): number {
  if (interrupted) return EXIT.interrupted;
  if (outcomes.some(wentWrong)) return EXIT.failed;
  if (outcomes.some((o) => o.status === 'needs you')) return EXIT.manual;
  return EXIT.ok;
}

export function formatIssues(issues: StepOutcome['issues']): string {
  if (!issues) return '';
  const count = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;
  const parts = [issues.errors && count(issues.errors, 'error'), issues.warnings && count(issues.warnings, 'warning'), issues.resolved && `${issues.resolved} resolved`];
  return parts.filter(Boolean).join(', ') || 'none';
}

export function outcomeTable(outcomes: StepOutcome[]): string {
  const header = ['step', 'status', 'exit', 'duration', 'issues'];
  const rows = outcomes.map((o) => [
    o.step.id,
    o.status,
    o.exitCode === null ? '' : String(o.exitCode),
    o.durationMs === null ? '' : formatDuration(o.durationMs),
    [formatIssues(o.issues), o.note].filter(Boolean).join('; '),
  ]);
  return formatTable(header, rows);
}

export function summaryLine(outcomes: StepOutcome[]): string {
  const counts = new Map<string, number>();
  for (const o of outcomes) counts.set(o.status, (counts.get(o.status) ?? 0) + 1);
  return `${[...counts].map(([status, n]) => `${n} ${status}`).join(', ')}.`;
}
