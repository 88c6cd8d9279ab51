// Fills a plan's `${name}` placeholders with the session's parameters.
import type { Plan } from '../../shared/model';
import type { NewSession } from '../journal/journal';
import { PARAMETER_REF } from './planSchema';

/** The plan's parameters with their defaults, overridden by `params`. */
export function effectiveParams(plan: Plan, params: Record<string, string>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const p of plan.parameters) result[p.name] = params[p.name] ?? p.default;
  return result;
}

/**
 * A copy of the plan with every `${name}` in its strings replaced. Unknown
 * names cannot occur: the plan schema refuses them.
 */
export function resolvePlan(plan: Plan, params: Record<string, string>): Plan {
  const values = effectiveParams(plan, params);
  const fill = (value: unknown): unknown => {
    if (typeof value === 'string') {
      return value.replace(PARAMETER_REF, (m, name: string) => values[name] ?? m).replace(/\$\$\{/g, () => '${');
    }
    if (Array.isArray(value)) return value.map(fill);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'parameters' ? v : fill(v)]));
    }
    return value;
  };
  return fill(plan) as Plan;
}

/** What the journal needs to start a session on `source` with `params`. */
export function sessionInput(source: Plan, params: Record<string, string>, origin: string, trusted: boolean): NewSession {
  const full = effectiveParams(source, params);
  return { source, resolved: resolvePlan(source, full), params: full, origin, trusted };
}
