// `stepwise plan show --project DIR [--plan FILE] [--param N=V]... [--json]`:
// the plan fitted to the project, as a session of it would start: every
// parameter with its value and where it came from, every step with whether it
// applies to this project and why.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Plan } from '../../shared/model';
import { resolveResourcesDir } from '../../core/platform/fs/paths';
import { fitPlan } from '../../core/plans/fit/fitPlan';
import { formatPlanOutline, planOutline } from '../../core/plans/fit/planOutline';
import { readProjectFacts } from '../../core/plans/fit/projectFacts';
import { NotARustProject } from '../../core/plans/fit/rustRoot';
import { ParamError } from '../../core/plans/params';
import { PlanError } from '../../core/plans/planFile';
import { parsePlanContent, PlanRegistry } from '../../core/plans/registry';
import { CliError } from '../cliError';
import { paramPairs } from '../params';
import { projectFolder } from '../projectFolder';

export const PLAN_SHOW_USAGE = `  stepwise plan show --project DIR [--plan FILE] [--param NAME=VALUE]... [--json]
      the plan (default: the built-in one) fitted to the project in DIR: each
      parameter's value and where it came from, each step and whether it
      applies to this project (and why not); a plan from --plan keeps its
      own defaults, the built-in plan's come from the project; --json prints
      { title, parameters: [{name, value, source}], phases: [{id, title, steps: [{id, title, kind, applies, reason}]}] }`;

export async function planShowCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { project: { type: 'string' }, plan: { type: 'string' }, param: { type: 'string', multiple: true }, json: { type: 'boolean', default: false } },
      strict: true,
    });
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n\nUsage:\n${PLAN_SHOW_USAGE}`);
  }
  const { values } = parsed;
  if (!values.project) throw new CliError(`plan show needs --project DIR\n\nUsage:\n${PLAN_SHOW_USAGE}`);
  const folder = await projectFolder(values.project);
  const plan = values.plan ? await planFromFile(resolve(values.plan)) : new PlanRegistry(resolveResourcesDir()).default;
  const given = Object.fromEntries(paramPairs(values.param ?? []));
  let fitted;
  try {
    // As a session starts: a built-in plan's values come from the project, a file's plan keeps its author's defaults.
    fitted = fitPlan(plan, await readProjectFacts(folder), given, { fromProject: !values.plan });
  } catch (error) {
    if (error instanceof NotARustProject) throw new CliError(error.message, 1);
    if (error instanceof ParamError) throw new CliError(`--param ${error.message}`);
    throw error;
  }
  const outline = planOutline(fitted.plan);
  process.stdout.write(values.json ? `${JSON.stringify(outline, null, 2)}\n` : formatPlanOutline(outline));
  return 0;
}

async function planFromFile(file: string): Promise<Plan> {
  const content = await readFile(file, 'utf8').catch((error: Error) => {
    throw new CliError(`cannot read ${file}: ${error.message}`, 1);
  });
  try {
    const { plan, warnings } = parsePlanContent(file, content);
    for (const warning of warnings) console.error(`warning: ${warning}`);
    return plan;
  } catch (error) {
    throw new CliError(error instanceof PlanError ? error.message : `${file}: ${(error as Error).message}`, 1);
  }
}
