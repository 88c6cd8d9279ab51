import { CliError } from './cliError';

/** `--param NAME=VALUE` values, in order; a missing `=` or name is a usage error. */
export function paramPairs(pairs: string[]): [name: string, value: string][] {
  return pairs.map((pair) => {
    const at = pair.indexOf('=');
    if (at <= 0) throw new CliError(`--param needs NAME=VALUE, not "${pair}"`);
    return [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
  });
}

/** The given parameters, each checked against the names a plan or command knows. */
export function knownParams(pairs: string[], known: readonly string[], where: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, value] of paramPairs(pairs)) {
    if (!known.includes(name)) {
      throw new CliError(`unknown parameter "${name}" for ${where} (known: ${known.length ? known.join(', ') : 'none'})`);
    }
    params[name] = value;
  }
  return params;
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
