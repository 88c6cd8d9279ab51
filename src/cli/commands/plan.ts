// `stepwise plan import FILE.md` turns a Markdown upgrade plan into a Stepwise
// plan (a summary, JSON, or a YAML plan file); `stepwise plan schema` prints the
// JSON Schema of plan files (resources/plans/plan.schema.json is its output);
// `stepwise plan show` the plan fitted to a project (planShow.ts);
// `stepwise plan from-session` a session as a plan to replay on another project.
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Plan, PlanStep } from '../../shared/model';
import { writeFileAtomic } from '../../core/platform/fs/atomicWrite';
import { importMarkdownPlan, planToYaml } from '../../core/plans/markdownImport';
import { parsePlan, PlanError } from '../../core/plans/planFile';
import { planJsonSchema } from '../../core/plans/planSchema';
import { NothingToReplayError, replayPlanYaml } from '../../core/plans/fromSession';
import { CliError } from '../cliError';
import { parseCommandArgs } from '../params';
import { SESSION_ARG_OPTIONS, sessionArg, sessionOf, withJournalForReading } from '../sessionArg';
import { PLAN_SHOW_USAGE, planShowCommand } from './planShow';

const USAGE = `Usage:
  stepwise plan import FILE.md [--json] [--out PLAN.yaml]
      import a Markdown upgrade plan: prints its phases and steps, or the plan
      as JSON (--json), or writes it as a YAML plan file (--out)
  stepwise plan schema [--out FILE]
      print (or write) the JSON Schema of plan files
${PLAN_SHOW_USAGE}
  stepwise plan from-session (--session ID | --project DIR) --out PLAN.yaml
      write a session as a plan another project can replay: its steps that
      passed, as its plan wrote them, with the values it ran with as the
      parameters' defaults, then the one-click fixes it applied`;

export async function planCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'import') return importCommand(rest);
  if (sub === 'schema') return schemaCommand(rest);
  if (sub === 'show') return planShowCommand(rest);
  if (sub === 'from-session') return fromSessionCommand(rest);
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    console.log(USAGE);
    return 0;
  }
  throw new CliError(sub ? `unknown plan command "${sub}"\n\n${USAGE}` : `plan needs a command\n\n${USAGE}`);
}

async function importCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCli(args, { json: { type: 'boolean', default: false }, out: { type: 'string' } });
  if (positionals.length !== 1) throw new CliError(`plan import needs one Markdown file\n\n${USAGE}`);
  const file = resolve(positionals[0]!);
  let markdown: string;
  try {
    markdown = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`, 1);
  }

  let imported: { plan: Plan; warnings: string[] };
  try {
    imported = importMarkdownPlan(markdown, { source: basename(file) });
  } catch (error) {
    if (error instanceof PlanError) throw new CliError(error.message, 1);
    throw error;
  }
  const { plan, warnings } = imported;
  for (const warning of warnings) console.error(`warning: ${warning}`);

  if (values.out) {
    const out = resolve(values.out);
    const yaml = planToYaml(plan, { comment: `Imported from ${basename(file)} by \`stepwise plan import\`. Review before running.` });
    parsePlan(yaml, out); // what is written must read back
    await writeFileAtomic(out, yaml);
    console.error(`Wrote ${plan.phases.length} phases, ${countSteps(plan)} steps to ${out}`);
  }
  if (values.json) process.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
  else if (!values.out) process.stdout.write(formatPlanSummary(plan));
  return 0;
}

async function schemaCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCli(args, { out: { type: 'string' } });
  if (positionals.length > 0) throw new CliError(`plan schema takes no arguments\n\n${USAGE}`);
  const text = planSchemaText();
  if (values.out) {
    const out = resolve(values.out);
    await writeFileAtomic(out, text);
    console.error(`Wrote the plan JSON Schema to ${out}`);
  } else {
    process.stdout.write(text);
  }
  return 0;
}

async function fromSessionCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCli(args, { ...SESSION_ARG_OPTIONS, out: { type: 'string' } });
  if (positionals.length > 0) throw new CliError(`plan from-session takes no positional arguments\n\n${USAGE}`);
  const which = sessionArg(values, 'plan from-session', USAGE);
  if (!values.out) throw new CliError(`plan from-session needs --out PLAN.yaml\n\n${USAGE}`);
  const out = resolve(values.out);
  return withJournalForReading(async (journal) => {
    const sessionId = sessionOf(journal, which);
    let replay: ReturnType<typeof replayPlanYaml>;
    try {
      replay = replayPlanYaml(journal, sessionId);
    } catch (error) {
      if (error instanceof NothingToReplayError) throw new CliError(error.message, 1);
      throw error;
    }
    await writeFileAtomic(out, replay.yaml);
    console.error(`Wrote ${countSteps(replay.plan)} steps of session ${sessionId} to ${out}`);
    for (const { what, why } of replay.leftOut) console.error(`  left out ${what}: ${why}`);
    return 0;
  });
}

/** The JSON Schema of plan files, as resources/plans/plan.schema.json holds it. */
export function planSchemaText(): string {
  return `${JSON.stringify(planJsonSchema(), null, 2)}\n`;
}

/** Phases with their steps: kind, title, and what a step runs or changes. */
export function formatPlanSummary(plan: Plan): string {
  const out = [`${plan.title}  (id ${plan.id}${plan.source ? `, from ${plan.source}` : ''})`];
  if (plan.parameters.length > 0) out.push(`Parameters: ${plan.parameters.map((p) => `${p.name} = ${p.default} (${p.type})`).join(', ')}`);
  for (const phase of plan.phases) {
    out.push('', `${phase.title}  [${phase.id}]`);
    for (const step of phase.steps) {
      const meta = [step.risk !== 'low' && `${step.risk} risk`, step.estimate].filter(Boolean).join(', ');
      out.push(`  ${step.kind.padEnd(8)} ${step.title}${meta ? `  (${meta})` : ''}`);
      const detail = stepDetail(step);
      if (detail) out.push(`           ${detail}`);
    }
  }
  const kinds = new Map<string, number>();
  for (const step of plan.phases.flatMap((p) => p.steps)) kinds.set(step.kind, (kinds.get(step.kind) ?? 0) + 1);
  const byKind = [...kinds].map(([kind, n]) => `${n} ${kind}`).join(', ');
  out.push('', `${plan.phases.length} phases, ${countSteps(plan)} steps (${byKind})`, '');
  return out.join('\n');
}

/** One line: what a step runs (`$ command`) or changes, or what it asks of the user. */
export function stepDetail(step: PlanStep): string {
  if (step.command) return `$ ${step.command}`;
  const replace = step.edit?.replace;
  if (replace) return `${JSON.stringify(replace.find)} -> ${JSON.stringify(replace.with)}${replace.files ? ` in ${replace.files.join(', ')}` : ''}`;
  if (step.edit?.pins) return `pins ${step.edit.pins.kinds.join(', ')} -> ${step.edit.pins.to}`;
  const extras = [
    step.checklist.length > 0 && `${step.checklist.length} checklist item${step.checklist.length === 1 ? '' : 's'}`,
    step.snippets.length > 0 && `${step.snippets.length} snippet${step.snippets.length === 1 ? '' : 's'} (${step.snippets.map((s) => s.lang || 'text').join(', ')})`,
  ].filter(Boolean);
  return extras.join(', ');
}

function countSteps(plan: Plan): number {
  return plan.phases.reduce((n, phase) => n + phase.steps.length, 0);
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

function parseCli<T extends Options>(args: string[], options: T) {
  return parseCommandArgs({ args, options, allowPositionals: true, strict: true }, USAGE);
}
