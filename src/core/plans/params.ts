// The one check of parameter values against a plan's declared parameters:
// the CLI (--param), the engine (session.start, session.setParams) and plan
// resolution all call it, so no unchecked value reaches a command.
import type { PlanParameter } from '../../shared/model';
import { paramType, valueError } from '../../shared/planParams';

/** A parameter value the plan does not take; `param` names the parameter. */
export class ParamError extends Error {
  constructor(
    readonly param: string,
    /** Without the parameter's name: `"x" is not a Rust version (expected ...)`. */
    readonly reason: string,
  ) {
    super(`${param}: ${reason}`);
    this.name = 'ParamError';
  }
}

/**
 * `given` checked against the plan: every name declared, every value of its
 * parameter's type. Returns `given`; throws ParamError for the first problem.
 */
export function checkParams(plan: { parameters: readonly Pick<PlanParameter, 'name' | 'type'>[] }, given: Readonly<Record<string, string>>): Record<string, string> {
  for (const [name, value] of Object.entries(given)) {
    const parameter = plan.parameters.find((p) => p.name === name);
    if (!parameter) {
      const known = plan.parameters.map((p) => p.name);
      throw new ParamError(name, `no such parameter (known: ${known.length ? known.join(', ') : 'none'})`);
    }
    const error = valueError(paramType(parameter), value);
    if (error) throw new ParamError(name, error);
  }
  return { ...given };
}
