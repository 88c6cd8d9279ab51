// A session's plan as the user gives it: a plan file's text, parameter
// values. Their errors become the engine's, naming what was refused.
import { ParamError } from '../plans/params';
import { PlanError } from '../plans/planFile';
import { parsePlanContent } from '../plans/registry';
import { EngineFault } from '../engine/errors';

/** A plan file's content, parsed; an error names the file. */
export function parsePlan(fileName: string, content: string): ReturnType<typeof parsePlanContent> {
  try {
    return parsePlanContent(fileName, content);
  } catch (error) {
    throw new EngineFault('invalid-plan', error instanceof PlanError ? error.message : `${fileName}: ${(error as Error).message}`);
  }
}

/** A refused parameter value as the engine's error, naming the parameter (for the field that shows it). */
export function withParams<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof ParamError) throw new EngineFault('invalid-params', error.message, error.param);
    throw error;
  }
}
