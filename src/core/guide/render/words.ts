// The phrases every format uses for the same facts, so the Markdown, the
// HTML and the ADR say them alike.
import { formatDuration, formatTimestamp } from '../../../shared/format';
import type { GateVerdict, IssueState, MeasurementRecord, RunRecord, StepStatus } from '../../../shared/model';
import type { GuideIssue, GuideModel, IssueKind } from '../model';
import { codeSpans, type Line } from './blocks';
import { plural } from '../../../shared/words/plural';

export { formatDuration, formatTimestamp };

export const STEP_ICON: Record<StepStatus, string> = {
  passed: '✅',
  failed: '❌',
  stopped: '⏹️',
  running: '⏳',
  interrupted: '⚠️',
  skipped: '⏭️',
  pending: '⬜',
};

export const RUN_ICON: Record<RunRecord['status'], string> = { passed: '✅', failed: '❌', stopped: '⏹️', running: '⏳', interrupted: '⚠️' };

export const GATE_ICON: Record<GateVerdict, string> = { pass: '✅ pass', fail: '❌ fail', 'within-noise': '≈ within noise', 'not-measured': '➖ not measured' };

export const STATE_LABEL: Record<IssueState, string> = { open: 'Open', regressed: 'Regressed', wontfix: "Won't fix", resolved: 'Fixed' };

export { plural };

/** `2026-11-24 02:00:00 UTC`. */
export const when = (iso: string | null): string => (iso ? formatTimestamp(iso) : 'not recorded');

/** `baseline`, or a measurement's own label with its kind: `rc1 (after)`. */
export const measurementTitle = (m: MeasurementRecord): string => (m.label === m.kind ? m.kind : `${m.label} (${m.kind})`);

export function runOutcome(run: RunRecord): string {
  if (run.status === 'running' || run.status === 'interrupted') return run.status;
  if (run.status === 'stopped') return `stopped by the user (exit ${run.exitCode ?? '?'})`;
  return `exit ${run.exitCode ?? '?'}`;
}

export function runTime(run: RunRecord): string {
  return run.durationMs === null ? '' : formatDuration(run.durationMs);
}

/** `rustc E0432` or, with a known breakage, its title. */
export function kindTitle(kind: IssueKind): Line {
  const label: Line = [{ code: kind.code ? `${kind.code}` : kind.tool }, ` (${kind.tool})`];
  return kind.known ? [...label, ': ', ...codeSpans(kind.known.title)] : label;
}

/** `E0432 unresolved import x at src/plugins.rs:7:5`. */
export function issueHeadline(issue: GuideIssue): Line {
  const where: Line = issue.file ? [' at ', { code: `${issue.file}:${issue.line ?? '?'}:${issue.column ?? '?'}` }] : [];
  return [...(issue.code ? [{ code: issue.code }, ' '] : []), ...codeSpans(issue.message), ...where];
}

/** Severity, sightings, where it was first and last seen, and how it ended. */
export function issueFacts(issue: GuideIssue, stepTitle: (id: string | null) => string): Line {
  const seen = issue.occurrences === 1 ? 'seen once' : `seen ${issue.occurrences} times`;
  const origin = stepTitle(issue.stepId);
  const facts: Line = [`${issue.severity}, ${issue.tool}, ${seen}: first in run #${issue.firstRunId} (${origin})`];
  if (issue.state === 'resolved' && issue.fixedByRunId !== null) {
    facts.push(`, fixed by run #${issue.fixedByRunId} (`, { strong: [stepTitle(issue.fixedByStepId)] }, ')');
  } else if (issue.runId !== issue.firstRunId) {
    facts.push(`, last in run #${issue.runId}`);
  }
  if (issue.state === 'regressed') facts.push(', came back after a fix');
  return facts;
}

export function stepTitleLookup(model: GuideModel): (id: string | null) => string {
  const titles = new Map(model.planSteps.map((s) => [s.id, s.title]));
  return (id) => (id === null ? 'a command outside the plan' : (titles.get(id) ?? (id.startsWith('autofix:') ? `one-click fix ${id.slice(8)}` : id)));
}

/** `Rust 1.75, wasmtime 25`, from the parameters that exist. */
export function versionsLine(rust: string | null, wasmtime: string | null): string {
  return [rust && `Rust ${rust}`, wasmtime && `wasmtime ${wasmtime}`].filter(Boolean).join(', ') || 'not given';
}

export function issueCountsText(c: GuideModel['counts']['issues']): string {
  if (c.total === 0) return 'none found';
  const parts = [
    c.resolved && `${c.resolved} fixed`,
    c.open && `${c.open} open`,
    c.regressed && `${c.regressed} regressed`,
    c.wontfix && `${c.wontfix} won't fix`,
  ].filter(Boolean);
  return `${parts.join(', ')} (${plural(c.errors, 'error')}, ${plural(c.warnings, 'warning')})`;
}

export function stepCountsText(model: GuideModel): string {
  const s = model.counts.steps;
  const parts = [
    `${s.passed} passed`,
    s.failed && `${s.failed} failed`,
    s.stopped && `${s.stopped} stopped`,
    s.interrupted && `${s.interrupted} interrupted`,
    s.skipped && `${s.skipped} skipped`,
    s.pending && `${s.pending} not run`,
  ].filter(Boolean);
  return `${parts.join(', ')} (of ${model.counts.totalSteps})`;
}
