// Renders a session's journal as a Markdown migration guide: what was run,
// what happened, and what broke. Everything comes from the journal.
import { formatDuration, formatTimestamp } from '../../shared/format';
import type { IssueRecord, PlanStep, RunRecord, SessionView, StepStatus } from '../../shared/model';

const STATUS_ICON: Record<StepStatus, string> = {
  passed: '✅',
  failed: '❌',
  running: '⏳',
  interrupted: '⚠️',
  skipped: '⏭️',
  pending: '⬜',
};

export interface GuideMeta {
  generatedAt: Date;
  version: string;
}

export function renderMarkdownGuide(view: SessionView, meta: GuideMeta): string {
  const { project, session, plan } = view;
  const statusOf = new Map(view.steps.map((s) => [s.stepId, s.status]));
  const allSteps = plan.phases.flatMap((p) => p.steps);
  const counts = countBy(allSteps.map((s) => statusOf.get(s.id) ?? 'pending'));
  const errors = view.issues.filter((i) => i.severity === 'error').length;

  const out: string[] = [
    `# Migration guide: ${plan.title}`,
    '',
    `- **Project:** ${inlineCode(project.path)}`,
    `- **Session:** #${session.id}, started ${formatTimestamp(session.startedAt)}`,
    `- **Plan:** ${plan.title}${plan.source ? ` (from ${plan.source})` : ''}`,
    `- **Generated:** ${formatTimestamp(meta.generatedAt.toISOString())} by Stepwise ${meta.version}`,
    '',
    '## Summary',
    '',
    '| Steps | Passed | Failed | Skipped | Interrupted | Pending | Commands run | Errors | Warnings |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${allSteps.length} | ${counts.passed ?? 0} | ${counts.failed ?? 0} | ${counts.skipped ?? 0} | ${counts.interrupted ?? 0} | ${counts.pending ?? 0} | ${view.runs.length} | ${errors} | ${view.issues.length - errors} |`,
    '',
    '## Steps',
  ];

  const runsByStep = groupBy(view.runs.filter((r) => r.stepId), (r) => r.stepId!);
  for (const phase of plan.phases) {
    out.push('', `### ${phase.title}`, '');
    for (const step of phase.steps) {
      out.push(...renderStep(step, statusOf.get(step.id) ?? 'pending', runsByStep.get(step.id) ?? []));
    }
  }

  const typed = view.runs.filter((r) => !r.stepId);
  if (typed.length > 0) {
    out.push('', '## Commands typed in the terminal', '');
    for (const run of typed) out.push(`- ${runLine(run)}`);
  }

  out.push('', '## Issues found', '');
  if (view.issues.length === 0) out.push('No errors or warnings were found in the output of the commands run.');
  const groups: [string, IssueRecord[]][] = [
    ['Fixed', view.issues.filter((i) => i.state === 'resolved')],
    ['Still open', view.issues.filter((i) => i.state === 'open' || i.state === 'regressed')],
    ["Won't fix", view.issues.filter((i) => i.state === 'wontfix')],
  ];
  for (const [title, list] of groups) {
    if (list.length === 0) continue;
    out.push(`### ${title} (${list.length})`, '');
    for (const issue of list) out.push(...renderIssue(issue), '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function renderStep(step: PlanStep, status: StepStatus, runs: RunRecord[]): string[] {
  const lines = [`#### ${STATUS_ICON[status]} ${step.title} — ${status}`, ''];
  if (step.description) lines.push(step.description.trim(), '');
  if (step.command) lines.push(...fence(step.command, 'bash'), '');
  for (const run of runs) lines.push(`- ${runLine(run)}`);
  if (runs.length > 0) lines.push('');
  return lines;
}

function runLine(run: RunRecord): string {
  const outcome = run.status === 'running' || run.status === 'interrupted'
    ? run.status
    : `exit ${run.exitCode ?? '?'}`;
  const duration = run.durationMs === null ? '' : `, ${formatDuration(run.durationMs)}`;
  return `${inlineCode(run.command)} in ${inlineCode(run.cwd)} — ${outcome}${duration} (run #${run.id}, ${formatTimestamp(run.startedAt)})`;
}

function renderIssue(issue: IssueRecord): string[] {
  const where = issue.file ? ` at \`${issue.file}:${issue.line ?? '?'}:${issue.column ?? '?'}\`` : '';
  const code = issue.code ? `\`${issue.code}\` ` : '';
  const origin = issue.stepId ? `step \`${issue.stepId}\`` : 'a typed command';
  const state = issue.state === 'regressed' ? ', regressed' : '';
  const lines = [
    `- ${code}${issue.message}${where} (${issue.severity}, ${issue.tool}, ${origin}, run #${issue.runId}${state})`,
    '',
    ...fence(issue.rendered, 'text'),
  ];
  if (issue.known) lines.push('', `**Known breakage: ${issue.known.title}.** ${issue.known.explanation.trim()} Fix: ${issue.known.fix.trim()}`);
  if (issue.state === 'resolved') {
    lines.push('', `Fixed by run #${issue.fixedByRunId}${issue.fixDiff ? ', with this change:' : '.'}`);
    if (issue.fixDiff) lines.push('', ...fence(issue.fixDiff, 'diff'));
  }
  if (issue.wontfixReason) lines.push('', `Won't fix: ${issue.wontfixReason}`);
  if (issue.note) lines.push('', `Note: ${issue.note}`);
  return lines.map((l) => (l ? `  ${l}` : l)).map((l, i) => (i === 0 ? l.trimStart() : l));
}

const longestBacktickRun = (text: string): number => Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));

/** A fenced code block whose fence is longer than any backtick run inside. */
export function fence(text: string, lang: string): string[] {
  const bar = '`'.repeat(Math.max(3, longestBacktickRun(text) + 1));
  return [`${bar}${lang}`, ...text.replace(/\s+$/, '').split('\n'), bar];
}

/** Inline code that keeps backticks inside it intact (CommonMark code spans). */
export function inlineCode(text: string): string {
  const bar = '`'.repeat(longestBacktickRun(text) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${bar}${pad}${text}${pad}${bar}`;
}

function countBy<T extends string>(values: T[]): Partial<Record<T, number>> {
  const counts: Partial<Record<T, number>> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    map.set(k, [...(map.get(k) ?? []), item]);
  }
  return map;
}
