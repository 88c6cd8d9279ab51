import { parseArgs, type ParseArgsConfig } from 'node:util';
import { checkParams, ParamError } from '../core/plans/params';
import type { PlanParameter } from '../shared/model';
import { CliError } from './cliError';

/** `--param NAME=VALUE` values, in order; a missing `=` or name is a usage error. */
export function paramPairs(pairs: string[]): [name: string, value: string][] {
  return pairs.map((pair) => {
    const at = pair.indexOf('=');
    if (at <= 0) throw new CliError(`--param needs NAME=VALUE, not "${pair}"`);
    return [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
  });
}

/**
 * The given parameters, each checked against the parameters a plan or command
 * declares: its name, and its value against its type (a usage error naming
 * the parameter: `--param to_rust: "1.86;touch X" is not a Rust version (...)`).
 */
export function knownParams(pairs: string[], parameters: readonly Pick<PlanParameter, 'name' | 'type'>[]): Record<string, string> {
  try {
    return checkParams({ parameters }, Object.fromEntries(paramPairs(pairs)));
  } catch (error) {
    if (error instanceof ParamError) throw new CliError(`--param ${error.message}`);
    throw error;
  }
}

/**
 * A whole number given on the command line, digits only (Number() would also
 * take "0x3", "1e1" and " 3 "), from `min` to `max`; otherwise a usage error
 * naming `what` and the text.
 */
export function wholeNumber(text: string, what: string, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  const value = /^[0-9]+$/.test(text) ? Number(text) : NaN;
  if (Number.isSafeInteger(value) && value >= min && value <= max) return value;
  const range =
    max !== Number.MAX_SAFE_INTEGER ? `a whole number from ${min} to ${max}` : min === 1 ? 'a positive whole number' : `a whole number of at least ${min}`;
  throw new CliError(`${what} must be ${range}, not "${text}"`);
}

/**
 * node's parseArgs (give `strict: true`), with its error (an unknown option,
 * a missing value) made a usage error followed by the command's usage.
 */
export function parseCommandArgs<const T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n\n${usage}`);
  }
}

/** `a, b,c` -> [a, b, c]; an empty name (`a,,b`) is a usage error naming `what`. */
export function commaList(text: string, what: string): string[] {
  const items = text.split(',').map((item) => item.trim());
  if (items.some((item) => item === '')) throw new CliError(`${what} has an empty name in "${text}"`);
  return items;
}
