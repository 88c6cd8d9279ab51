// A plan fitted to one project: every parameter with its value and source,
// every step marked as applying or not (with why), texts filled with the
// values, and what is left of the title once the parts that speak only of
// unused parameters are gone. This is what a session journals as its plan.
import type { Plan, PlanParameter, PlanStep } from '../../../shared/model';
import { PARAMETER_REF } from '../../../shared/planParams';
import type { NewSession } from '../../journal/journal';
import { parameterRefs } from '../planSchema';
import { resolvePlan } from '../resolvePlan';
import { checkNeeds } from './needs';
import { resolveParameters, SET_BY_YOU, STARTING_POINTS, type KeptValues } from './parameters';
import type { ProjectFacts } from './projectFacts';

/** Between a parameter's source and why no applicable step uses it. */
const NOT_USED = '; not used: ';

export interface FittedPlan {
  /** The plan with values in its texts, `value`/`source`/`used` on its parameters, `applies`/`reason` on its steps. */
  plan: Plan;
  /** Every parameter's value, as a session keeps them. */
  params: Record<string, string>;
}

export interface FitOptions {
  /**
   * Whether parameter values are read from the project (default true). A
   * plan from a file keeps the values its author wrote as defaults: the
   * steps are still fitted, the values are the plan's.
   */
  fromProject?: boolean;
  /** Values kept from an earlier fitting, with their sources (see startingPoints). */
  kept?: KeptValues;
}

/** `source` fitted to `facts`; `given` are the values the user set (they stay). Throws ParamError for a refused value. */
export function fitPlan(source: Plan, facts: ProjectFacts, given: Readonly<Record<string, string>>, { fromProject = true, kept = {} }: FitOptions = {}): FittedPlan {
  const parameters = resolveParameters(source, facts, given, fromProject, kept);
  const params = Object.fromEntries(parameters.map((p) => [p.name, p.value]));
  const plan = resolvePlan(source, params);
  const used = new Set<string>();
  const unusedBecause = new Map<string, string[]>();
  source.phases.forEach((phase, p) =>
    phase.steps.forEach((step, s) => {
      const fitted = plan.phases[p]!.steps[s]!;
      const { applies, reason } = checkNeeds(step.needs ?? [], facts, params);
      Object.assign(fitted, { applies, reason }, applies && step.needs?.length ? { description: inThisProject(fitted, reason) } : {});
      for (const { name } of parameterRefs(step)) {
        if (applies) used.add(name);
        else unusedBecause.set(name, [...(unusedBecause.get(name) ?? []), reason]);
      }
    }),
  );
  plan.parameters = source.parameters.map((parameter, i): PlanParameter => {
    const { value, source: from } = parameters[i]!;
    const unused = !used.has(parameter.name) && unusedBecause.has(parameter.name) && from !== SET_BY_YOU;
    return { ...parameter, value, source: unused ? `${from}${NOT_USED}${[...new Set(unusedBecause.get(parameter.name))].join('; ')}` : from, used: !unused };
  });
  plan.title = fitTitle(source.title, params, (name) => used.has(name) || !unusedBecause.has(name));
  return { plan, params };
}

/** What a session of `source` on this project journals (its plan checked and fitted). */
export function fittedSession(source: Plan, facts: ProjectFacts, given: Readonly<Record<string, string>>, origin: string, trusted: boolean, kept: KeptValues = {}): NewSession {
  // The built-in plans are written for any project, so the project says their values; a file's plan has its author's.
  const { plan, params } = fitPlan(source, facts, given, { fromProject: origin === 'builtin', kept });
  return { source, resolved: plan, params, origin, trusted };
}

/** Where a session's fitted plan says the project started, with the sources it was read from (kept when it is fitted again). */
export function startingPoints(plan: Plan): KeptValues {
  return Object.fromEntries(
    plan.parameters
      .filter((p) => STARTING_POINTS.has(p.name) && p.value !== undefined && p.source !== undefined && p.source !== SET_BY_YOU)
      .map((p) => [p.name, { value: p.value!, source: p.used === false ? p.source!.slice(0, p.source!.indexOf(NOT_USED)) : p.source! }]),
  );
}

/** The values the user set in a session's fitted plan (they stay set when it is fitted again). */
export function valuesSetByUser(plan: Plan): Record<string, string> {
  return Object.fromEntries(plan.parameters.filter((p) => p.source === SET_BY_YOU && p.value !== undefined).map((p) => [p.name, p.value!]));
}

/** The step's description, then the project's own files that make it apply. */
function inThisProject(step: PlanStep, found: string): string {
  return `${step.description ? `${step.description.trimEnd()}\n\n` : ''}In this project: ${found}.`;
}

/**
 * The title with its ` + ` parts that name only parameters no applicable
 * step uses left out ("Rust 1.75 → 1.95 + wasmtime 25 → 35" on a crate
 * without wasmtime is "Rust 1.75 → 1.95"), then filled in.
 */
function fitTitle(title: string, params: Readonly<Record<string, string>>, isUsed: (name: string) => boolean): string {
  const parts = title.split(' + ');
  const kept = parts.filter((part) => {
    const names = [...part.matchAll(PARAMETER_REF)].map((m) => m[1]!);
    return names.length === 0 || names.some(isUsed);
  });
  return (kept.length ? kept : parts).join(' + ').replace(PARAMETER_REF, (m, name: string) => params[name] ?? m).replace(/\$\$\{/g, () => '${');
}
