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
