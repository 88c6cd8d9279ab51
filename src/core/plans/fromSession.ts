// A session as a plan another project can replay: the steps that passed, as
// the plan wrote them (`${name}` placeholders kept, the session's values as
// the parameters' defaults), then the fixes and migrations applied along the
// way, each as the text it replaced, the command it ran, or a migrate step
// with the lints chosen. What cannot be replayed is named in the plan's
// description, with why.
import { parsePatch } from 'diff';
import { migrationTitle } from '../../shared/migrate/migration';
import type { EditRecord, MigrateSpec, Plan, PlanPhase, PlanStep, RunRecord, StepStatus } from '../../shared/model';
import type { Journal } from '../journal/journal';
import { readMigrateCommandLine } from '../migrate/migrateCommandLine';
import { planToYaml } from './markdown/planYaml';
import { parsePlan } from './planFile';
import { escapeParameterRefs } from './planSchema';

export interface ReplayPlan {
  plan: Plan;
  /** Steps and fixes the plan leaves out, each with why. */
  leftOut: { what: string; why: string }[];
}

const NOT_PASSED: Record<Exclude<StepStatus, 'passed'>, string> = {
  pending: 'not done in the session',
  running: 'still running when the plan was made',
  failed: 'failed in the session',
  stopped: 'stopped in the session',
  skipped: 'skipped in the session',
  interrupted: 'interrupted in the session',
};

const STEP_DEFAULTS: Omit<PlanStep, 'id' | 'title' | 'kind'> = {
  expectExit: 0, expectOutput: [], checklist: [], snippets: [], description: '', risk: 'low', estimate: '', rollback: '',
};

/** A session with nothing that passed and no fix applied: there is no plan to write. */
export class NothingToReplayError extends Error {}

/** The replay plan as a plan file's text, checked to read back; NothingToReplayError when it would hold no step. */
export function replayPlanYaml(journal: Journal, sessionId: number): ReplayPlan & { yaml: string } {
  const replay = planFromSession(journal, sessionId);
  if (replay.plan.phases.length === 0) {
    throw new NothingToReplayError(`session ${sessionId} has no step that passed and no fix applied: there is nothing to replay`);
  }
  const yaml = planToYaml(replay.plan, { comment: `Made from session ${sessionId} by Stepwise. Review it before running it on another project.` });
  parsePlan(yaml, `replay of session ${sessionId}`); // what is written must read back
  return { ...replay, yaml };
}

export function planFromSession(journal: Journal, sessionId: number): ReplayPlan {
  const { session, source } = journal.sessions.get(sessionId);
  const status = new Map(journal.sessions.stepStates(sessionId).map((s) => [s.stepId, s.status]));
  const leftOut: ReplayPlan['leftOut'] = [];

  const phases: PlanPhase[] = [];
  for (const phase of source.phases) {
    const steps = phase.steps.filter((step) => {
      const state = status.get(step.id) ?? 'pending';
      if (state !== 'passed') leftOut.push({ what: `step ${step.id} (${step.title})`, why: NOT_PASSED[state] });
      return state === 'passed';
    });
    if (steps.length > 0) phases.push({ ...phase, steps });
  }
  // What a fix wrote is literal text: a `${` in it is no parameter.
  const fixes = escapeParameterRefs(fixSteps(journal.edits.forSession(sessionId), journal.runs.forSession(sessionId), leftOut));
  if (fixes.length > 0) {
    phases.push({
      id: 'session-fixes',
      title: `Fixes applied during session ${sessionId}`,
      description: 'One-click fixes of the issues the session met and the migrations applied outside a step, in the order they were applied: each edit as the text it replaced, each command as it ran, each migration as a migrate step with its lints.',
      steps: fixes,
    });
  }

  const made = `${countSteps(phases)} step${countSteps(phases) === 1 ? '' : 's'} of session ${sessionId}`;
  const plan: Plan = {
    id: `${source.id}-replay`,
    title: source.title,
    source: `session ${sessionId} (${source.source || source.id})`,
    description: [source.description.trim(), `Replays the ${made}, which passed there. The parameters default to the values the session ran with.`, ...leftOutText(leftOut)]
      .filter(Boolean)
      .join('\n\n'),
    parameters: source.parameters.map((p) => ({ name: p.name, type: p.type, default: session.params[p.name] ?? p.default, description: p.description })),
    phases,
    ...(source.gates ? { gates: source.gates } : {}),
  };
  return { plan, leftOut };
}

/**
 * The session's one-click fixes, in journal order: each run of changed lines
 * of an edit as a text replacement in the same file (what it removed,
 * replaced by what it added), a fix's command as it ran. A run that only
 * adds lines has no text to find on another project: it is left out, with why.
 */
function fixSteps(edits: EditRecord[], runs: RunRecord[], leftOut: ReplayPlan['leftOut']): PlanStep[] {
  const steps: (PlanStep & { at: string })[] = [];
  for (const edit of edits) {
    if (!edit.stepId.startsWith('autofix:')) continue;
    const fix = edit.stepId.slice('autofix:'.length);
    const changes = parsePatch(edit.diff).flatMap((patch) => patch.hunks.flatMap((hunk) => changedRuns(hunk.lines)));
    changes.forEach(({ find, with: replacement }, i) => {
      if (find === '') {
        leftOut.push({ what: `the ${fix} fix's change ${i + 1} to ${edit.file}`, why: 'it only adds lines, so there is no text to find on another project' });
        return;
      }
      steps.push({
        ...STEP_DEFAULTS,
        at: edit.appliedAt,
        id: '',
        title: `Fix ${fix} in ${edit.file}`,
        kind: 'edit',
        edit: { replace: { find, with: replacement, files: [edit.file] } },
        description: `Applied by the one-click fix for ${fix}; replayed where ${edit.file} says the same.`,
      });
    });
  }
  for (const run of runs) {
    if (run.origin === 'migration' && run.stepId === null && run.status === 'passed') {
      const migrate = migrateSpecOf(run.command, leftOut);
      if (migrate) steps.push({ ...STEP_DEFAULTS, at: run.startedAt, id: '', title: `Migrate: ${migrationTitle(migrate.edition ? { to: migrate.edition } : null, migrate.clippy)}`, kind: 'migrate', migrate, risk: 'medium', description: 'Applied on the Edition migration page (or by `stepwise migrate`) in the session, with these lints chosen.' });
      continue;
    }
    if (run.origin !== 'fix' || run.status !== 'passed') continue;
    steps.push({
      ...STEP_DEFAULTS,
      at: run.startedAt,
      id: '',
      title: `Run the fix \`${run.command}\``,
      kind: 'command',
      command: run.command,
      rerun: 'confirm',
      description: 'Run by a one-click fix in the session.',
    });
  }
  return steps.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)).map(({ at: _at, ...step }, i) => ({ ...step, id: `fix-${i + 1}` }));
}

/**
 * A hunk's runs of changed lines between its context lines, each as the text
 * it removed and the text it added (every line with its newline, unless the
 * diff says the file's last line had none).
 */
function changedRuns(lines: string[]): { find: string; with: string }[] {
  const runs: { find: string; with: string }[] = [];
  let run: { find: string; with: string } | null = null;
  lines.forEach((line, i) => {
    const sign = line[0];
    if (sign !== '-' && sign !== '+') {
      if (sign !== '\\') run = null; // "\ No newline at end of file" belongs to the line before
      return;
    }
    if (!run) runs.push((run = { find: '', with: '' }));
    const lastOfFile = lines[i + 1]?.startsWith('\\') ?? false;
    const text = lastOfFile ? line.slice(1) : `${line.slice(1)}\n`;
    if (sign === '-') run.find += text;
    else run.with += text;
  });
  return runs;
}

/**
 * The migrate step that replays a migration journaled with `command`; null
 * if it is no migration, or one of nothing. Single fixes it skipped are
 * places in this project's files: named as left out.
 */
function migrateSpecOf(command: string, leftOut: ReplayPlan['leftOut']): MigrateSpec | null {
  const choices = readMigrateCommandLine(command);
  if (!choices) return null;
  const { edition, clippy, accept, reject, skip } = choices;
  if (skip.length) leftOut.push({ what: `the single fixes \`${command}\` skipped`, why: 'they are places in this project\'s files (--skip FILE:LINE); the migrate step applies all of its accepted lints\' fixes' });
  return edition || clippy.length ? { ...(edition ? { edition } : {}), clippy, accept, reject } : null;
}

function countSteps(phases: PlanPhase[]): number {
  return phases.reduce((n, phase) => n + phase.steps.length, 0);
}

function leftOutText(leftOut: ReplayPlan['leftOut']): string[] {
  if (leftOut.length === 0) return [];
  return [`Left out:\n${leftOut.map((l) => `- ${l.what}: ${l.why}`).join('\n')}`];
}
