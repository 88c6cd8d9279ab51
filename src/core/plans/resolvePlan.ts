// Fills a plan's `${name}` placeholders with the session's parameters: each
// value checked against its parameter's type first (checkParams), then written
// for where it lands: one quoted shell word in a command (commandTemplate.ts),
// a literal in an expected-output pattern, plain text everywhere else.
import type { Plan } from '../../shared/model';
import { PARAMETER_REF } from '../../shared/planParams';
import type { NewSession } from '../journal/journal';
import { fillCommand } from './commandTemplate';
import { checkParams } from './params';

/** The plan's parameters with their defaults, overridden by `params`. */
export function effectiveParams(plan: Plan, params: Record<string, string>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const p of plan.parameters) result[p.name] = params[p.name] ?? p.default;
  return result;
}

/**
 * A copy of the plan with every `${name}` in its strings replaced. Throws
 * ParamError for a value its parameter's type does not take. Unknown names
 * cannot occur: the plan schema refuses them.
 */
export function resolvePlan(plan: Plan, params: Record<string, string>): Plan {
  const values = checkParams(plan, effectiveParams(plan, params));
  const text = (value: string, write: (value: string) => string = (v) => v): string =>
    value.replace(PARAMETER_REF, (m, name: string) => (values[name] === undefined ? m : write(values[name]))).replace(/\$\$\{/g, () => '${');
  const fill = (value: unknown, key: string): unknown => {
    if (typeof value === 'string') return key === 'command' ? fillCommand(value, values) : text(value);
    if (Array.isArray(value)) return key === 'expectOutput' ? value.map((pattern: string) => text(pattern, escapeRegExp)) : value.map((v) => fill(v, key));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'parameters' ? v : fill(v, k)]));
    }
    return value;
  };
  return fill(plan, '') as Plan;
}

/** What the journal needs to start a session on `source` with `params` (checked: ParamError). */
export function sessionInput(source: Plan, params: Record<string, string>, origin: string, trusted: boolean): NewSession {
  const full = checkParams(source, effectiveParams(source, params));
  return { source, resolved: resolvePlan(source, full), params: full, origin, trusted };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
