// `stepwise run <plan>`: a plan file (YAML, or Markdown to import), read the way
// the app reads one (`plan.parse`), or the id of a built-in plan.
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { EngineError, type EngineClient } from '../../shared/client';
import { resolveResourcesDir } from '../../core/platform/fs/paths';
import { PlanRegistry } from '../../core/plans/registry';
import type { Plan } from '../../shared/model';
import { planTooBig } from '../../shared/planParams';
import { CliError } from '../cliError';

/** The plan as written (parameters not filled in), and where it came from. */
export type PlanArg = { kind: 'builtin'; plan: Plan } | { kind: 'file'; fileName: string; content: string; plan: Plan };

export async function resolvePlanArg(arg: string, client: EngineClient): Promise<PlanArg> {
  const path = resolve(arg);
  const info = await stat(path).catch(() => null);
  if (info?.isFile()) {
    const tooBig = planTooBig(path, info.size);
    if (tooBig) throw new CliError(tooBig);
    const content = await readFile(path, 'utf8');
    try {
      const { plan, warnings } = await client.request('plan.parse', { fileName: path, content });
      for (const warning of warnings) console.error(`warning: ${warning}`);
      return { kind: 'file', fileName: path, content, plan };
    } catch (error) {
      if (error instanceof EngineError) throw new CliError(error.message);
      throw error;
    }
  }
  // The engine's own registry, read from the same resources folder.
  const builtins = new PlanRegistry(resolveResourcesDir()).list();
  const builtin = builtins.find((p) => p.id === arg);
  if (builtin) return { kind: 'builtin', plan: builtin };
  if (info) throw new CliError(`${path} is not a plan file`);
  const ids = builtins.map((p) => p.id).join(', ');
  throw new CliError(
    /\.(ya?ml|md|markdown)$/i.test(arg)
      ? `no plan file at ${path}`
      : `"${arg}" is neither a plan file nor a built-in plan (built-in: ${ids})`,
  );
}
