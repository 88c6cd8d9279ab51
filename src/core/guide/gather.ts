// Gathers a session's migration guide from the journal: the small parts read
// at once, the parts that grow with the session (runs, issues) as streams
// read row by row when a renderer asks. Every journal text passes through
// `scrub` (secrets redacted, the home directory as ~) as it is read.
import { GUIDE_SCHEMA_VERSION, type GuideOptions } from '../../shared/guide';
import type { IssueRecord, IssueState, Plan, StepStatus, ToolchainCheck } from '../../shared/model';
import type { BisectReport } from '../../shared/toolchain/bisection';
import type { KnownBreakageOf } from '../issues/explainIssue';
import type { Journal } from '../journal/journal';
import { evaluateGates, planGates } from '../metrics/gates';
import { environmentOf } from './environment';
import { GuideQueries } from './guideQueries';
import type { GuideIssue, GuideModel, IssueGroup, IssueKind, Outcome, PlanStepState } from './model';
import { rollbackPlan } from './rollback';
import { makeScrub } from './scrub';
import { timeline } from './timeline';

export interface GatherInput {
  journal: Journal;
  sessionId: number;
  options: GuideOptions;
  /** The known breakage of an issue (issues/explainIssue.ts). */
  known: KnownBreakageOf;
  /** The home directory to show as `~`. */
  home: string;
  generatedAt: Date;
  version: string;
}

/**
 * Issues of one kind the Markdown and HTML show in full. A kind met 5,000
 * times reads no better for 5,000 entries (and no renderer of Markdown shows
 * a file that long); the JSON record keeps every one.
 */
export const ISSUES_PER_KIND = 20;

const FIXED: IssueState[] = ['resolved'];
const UNRESOLVED: IssueState[] = ['open', 'regressed', 'wontfix'];

export function gatherGuide(input: GatherInput): GuideModel {
  const { journal, sessionId, options, known } = input;
  const scrub = makeScrub({ home: input.home, tildeHome: options.tildeHome, redactSecrets: options.redactSecrets });
  const queries = new GuideQueries(journal.database);
  const { session, plan } = journal.sessions.get(sessionId);
  const project = journal.projects.get(session.projectId);
  const stepStates = journal.sessions.stepStates(sessionId);
  const edits = journal.edits.forSession(sessionId);
  const snapshots = journal.snapshots.forSession(sessionId);
  const stats = queries.sessionStats(sessionId);
  // Measurements judged by the plan's gates, as the metrics page judges them.
  const measurements = journal.measurements.forSession(sessionId);
  const gates = evaluateGates(planGates(plan), measurements);

  const status = new Map(stepStates.map((s) => [s.stepId, s.status]));
  // A step the plan, fitted to the project, marks as not applicable is no part of its upgrade.
  const planSteps: PlanStepState[] = plan.phases.flatMap((phase) =>
    phase.steps.filter((s) => s.applies !== false).map((s) => ({ id: s.id, title: s.title, phase: phase.title, kind: s.kind, status: status.get(s.id) ?? 'pending' })),
  );
  const stepCounts = countSteps(planSteps);
  const allKinds = queries.issueKinds(sessionId);
  const issues = countIssues(allKinds);

  // Rows are fresh objects, each read once: cleaned in place, not copied.
  const cleanIssue = (issue: IssueRecord & { fixedByStepId: string | null }): GuideIssue => {
    issue.known = known(issue);
    issue.message = scrub(issue.message);
    issue.file = issue.file && scrub(issue.file);
    issue.rendered = options.excerpts ? scrub(issue.rendered) : '';
    issue.note = issue.note && scrub(issue.note);
    issue.wontfixReason = issue.wontfixReason && scrub(issue.wontfixReason);
    issue.fixDiff = issue.fixDiff && scrub(issue.fixDiff);
    return issue;
  };
  const group = (states: IssueState[]): IssueGroup => {
    const kinds = allKinds.filter((k) => states.includes(k.state)).map((k): IssueKind => ({
      key: kindKey(k),
      state: k.state,
      tool: k.tool,
      code: k.code,
      count: k.count,
      errors: k.errors,
      known: known(journal.issues.get(k.firstIssueId)),
    }));
    return {
      total: kinds.reduce((n, k) => n + k.count, 0),
      kinds,
      perKind: ISSUES_PER_KIND,
      issues: () => mapStream(queries.iterateIssues(sessionId, { states, order: 'state', perKind: ISSUES_PER_KIND }), cleanIssue),
    };
  };

  const firstChange = [snapshots[0]?.createdAt, edits[0]?.appliedAt].filter((t): t is string => !!t).sort()[0] ?? null;
  const titles = new Map(plan.phases.flatMap((phase) => phase.steps.map((s) => [s.id, s.title])));
  const environment = environmentOf(journal.sessions.system(sessionId), {
    snapshots,
    toolchainStates: journal.toolchainStates.forSession(sessionId),
    measurements,
    stepTitle: (id) => titles.get(id) ?? id,
  });
  const lastActivity = [stats.lastActivity, edits.at(-1)?.appliedAt, snapshots.at(-1)?.createdAt, ...stepStates.map((s) => s.updatedAt)]
    .filter((t): t is string => !!t)
    .sort()
    .at(-1) ?? session.startedAt;
  const params = session.params;

  return {
    meta: { schemaVersion: GUIDE_SCHEMA_VERSION, generatedAt: input.generatedAt.toISOString(), stepwiseVersion: input.version },
    options,
    title: titleOf(params, plan),
    versions: {
      fromRust: params.from_rust ?? null,
      toRust: params.to_rust ?? null,
      fromWasmtime: usedParam(plan, params, 'from_wasmtime'),
      toWasmtime: usedParam(plan, params, 'to_wasmtime'),
    },
    project: { name: project.name, path: scrub(project.path) },
    session: {
      id: session.id,
      startedAt: session.startedAt,
      lastActivity,
      durationMs: Math.max(0, Date.parse(lastActivity) - Date.parse(session.startedAt)),
      commandMs: stats.commandMs,
      params,
    },
    plan: { id: plan.id, title: plan.title, source: plan.source, origin: scrub(session.planOrigin), description: plan.description },
    outcome: outcomeOf(stepCounts, planSteps.length, issues, stats.runs),
    counts: { steps: stepCounts, totalSteps: planSteps.length, runs: stats.runs, failedRuns: stats.failedRuns, issues },
    planSteps,
    environment,
    timeline: () =>
      timeline({
        queries,
        sessionId,
        steps: new Map(planSteps.map((s) => [s.id, s])),
        stepStates,
        stepIdsRun: new Set(stats.stepIdsRun),
        edits,
        snapshots,
        measurements,
        issuesFoundByRun: stats.issuesFoundByRun,
        excerpts: options.excerpts,
        scrub,
      }),
    breaking: group(FIXED),
    unresolved: group(UNRESOLVED),
    notes: {
      total: stats.annotatedIssues,
      issues: () => mapStream(queries.iterateIssues(sessionId, { withNote: true }), cleanIssue),
    },
    allIssues: () => mapStream(queries.iterateIssues(sessionId), cleanIssue),
    metrics: {
      measurements: measurements.map((m) => ({ ...m, label: scrub(m.label) })),
      gates,
      comparisons: journal.measurements.comparisons(sessionId).map((c) => ({ ...c, old: cleanCheck(c.old, scrub), new: cleanCheck(c.new, scrub) })),
      bisections: journal.bisections.forSession(sessionId).map((b) => ({ ...b, report: cleanBisection(b.report, scrub) })),
    },
    rollback: rollbackPlan({
      plan,
      params,
      projectPath: project.path,
      stepStates,
      snapshots,
      restores: journal.restores.forSession(sessionId),
      environment,
      passed: queries.passedStepCommands(sessionId, null),
      passedBeforeChange: queries.passedStepCommands(sessionId, firstChange),
      scrub,
    }),
  };
}

function cleanCheck(check: ToolchainCheck, scrub: (text: string) => string): ToolchainCheck {
  return {
    ...check,
    command: scrub(check.command),
    only: check.only.map((d) => ({ ...d, message: scrub(d.message), file: d.file && scrub(d.file), rendered: scrub(d.rendered) })),
  };
}

/** A bisection's paths and what its checks printed, cleaned like every other text of the guide. */
function cleanBisection(report: BisectReport, scrub: (text: string) => string): BisectReport {
  return {
    ...report,
    project: scrub(report.project),
    copiedFrom: scrub(report.copiedFrom),
    notes: report.notes.map(scrub),
    results: report.results.map((r) => ({
      ...r,
      reason: r.reason && scrub(r.reason),
      errors: r.errors.map((e) => ({ ...e, message: scrub(e.message), file: e.file && scrub(e.file) })),
    })),
  };
}

export const kindKey = (k: { state: IssueState; tool: string; code: string | null }): string => `${k.state} ${k.tool} ${k.code ?? ''}`;

/** `Upgrade to Rust 1.81 and wasmtime 35`, from the parameters the session ran with. */
/** `Upgrade to Rust 1.95 and wasmtime 35`: a version the fitted plan does not use (no wasmtime in the project) is left out. */
function titleOf(params: Record<string, string>, plan: Plan): string {
  const toRust = usedParam(plan, params, 'to_rust');
  const toWasmtime = usedParam(plan, params, 'to_wasmtime');
  const parts = [toRust && `Rust ${toRust}`, toWasmtime && `wasmtime ${toWasmtime}`].filter(Boolean);
  return parts.length ? `Upgrade to ${parts.join(' and ')}` : plan.title;
}

/** A parameter's value, or null when the session has none or its fitted plan uses it nowhere. */
function usedParam(plan: Plan, params: Record<string, string>, name: string): string | null {
  return plan.parameters.find((p) => p.name === name)?.used === false ? null : (params[name] ?? null);
}

function countSteps(steps: PlanStepState[]): Record<StepStatus, number> {
  const counts: Record<StepStatus, number> = { pending: 0, running: 0, passed: 0, failed: 0, stopped: 0, skipped: 0, interrupted: 0 };
  for (const s of steps) counts[s.status] += 1;
  return counts;
}

function countIssues(kinds: { state: IssueState; count: number; errors: number }[]): GuideModel['counts']['issues'] {
  const counts = { open: 0, resolved: 0, regressed: 0, wontfix: 0, errors: 0, warnings: 0, total: 0 };
  for (const k of kinds) {
    counts[k.state] += k.count;
    counts.errors += k.errors;
    counts.warnings += k.count - k.errors;
    counts.total += k.count;
  }
  return counts;
}

function outcomeOf(
  steps: Record<StepStatus, number>,
  total: number,
  issues: GuideModel['counts']['issues'],
  runs: number,
): { status: Outcome; text: string } {
  const done = steps.passed + steps.skipped;
  const live = issues.open + issues.regressed;
  if (done === 0 && runs === 0) return { status: 'not-started', text: 'Not started: no step has run yet.' };
  if (done === total && live === 0) {
    return { status: 'completed', text: `Completed: all ${total} steps passed or were skipped, and no issue is open.` };
  }
  const parts = [`${done} of ${total} steps done`];
  if (steps.failed) parts.push(`${steps.failed} failed`);
  if (steps.stopped) parts.push(`${steps.stopped} stopped`);
  if (steps.interrupted) parts.push(`${steps.interrupted} interrupted`);
  if (live) parts.push(`${live} ${live === 1 ? 'issue' : 'issues'} open`);
  return { status: 'in-progress', text: `In progress: ${parts.join(', ')}.` };
}

function* mapStream<T, U>(rows: Iterable<T>, map: (row: T) => U): Generator<U> {
  for (const row of rows) yield map(row);
}

