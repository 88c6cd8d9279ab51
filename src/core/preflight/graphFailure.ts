// Why `cargo metadata` could not give the dependency graph, and the finding
// that says so with its fix: the preflight then knows no dependency's minimum
// Rust, and the user should know why and what to do.
import type { Finding } from '../../shared/preflight';
import { code } from './findingText';

export type GraphFailureKind = 'network' | 'no-cargo' | 'timeout' | 'no-manifest' | 'cargo-error' | 'unexpected-output';

export interface GraphFailure {
  kind: GraphFailureKind;
  /** The command that failed, as a user would type it. */
  command: string;
  /** Cargo's own words (its first `error:` line and the first cause), or what went wrong running it. */
  cargoSays: string;
  /** When offline needed the network and the online try failed too: why. */
  onlineSays?: string;
}

/** What a failed execFile gives: the spawn error code, whether the timeout killed it, and the output on stderr. */
export type ExecError = NodeJS.ErrnoException & { killed?: boolean; signal?: string | null; stderr?: string };

/** The failure of `cargo metadata --offline`, by what its error output says. */
export function classifyMetadataFailure(error: ExecError, { cargo, timeoutMs }: { cargo: string; timeoutMs: number }): GraphFailure {
  const command = 'cargo metadata --offline';
  if (error.code === 'ENOENT') return { kind: 'no-cargo', command, cargoSays: `\`${cargo}\` was not found on PATH` };
  if (error.killed || error.signal === 'SIGKILL') {
    return { kind: 'timeout', command, cargoSays: `it did not finish within ${Math.round(timeoutMs / 1000)} s` };
  }
  const stderr = error.stderr ?? '';
  const says = cargoError(stderr) ?? error.message;
  if (/could not find `Cargo\.toml`/.test(stderr)) return { kind: 'no-manifest', command, cargoSays: says };
  // Cargo says so whenever --offline stopped it: an index, a crate's source or a git checkout it does not have.
  if (/--offline|offline mode/.test(stderr)) return { kind: 'network', command, cargoSays: says };
  return { kind: 'cargo-error', command, cargoSays: says };
}

/** `error: …` and the root cause (the last `Caused by:` under it), as one sentence. */
function cargoError(stderr: string): string | null {
  const lines = stderr.split('\n').map((l) => l.trim());
  const at = lines.findIndex((l) => l.startsWith('error'));
  if (at === -1) return lines.find((l) => l.length > 0) ?? null;
  const error = lines[at]!.replace(/^error(\[\w+\])?:\s*/, '');
  const causedBy = lines.lastIndexOf('Caused by:');
  const cause = causedBy > at ? lines.slice(causedBy + 1).find((l) => l.length > 0) : undefined;
  return cause ? `${error}: ${cause}` : error;
}

const FIXES: Record<GraphFailureKind, string[]> = {
  network: [
    'To fix it, either:',
    '- where the network is reachable, run `cargo fetch` in the project once: cargo keeps the index and the sources, and the next preflight reads them offline;',
    '- or vendor the dependencies: `cargo vendor`, then add the `[source]` lines it prints to `.cargo/config.toml`;',
    '- or point crates.io at a registry on this machine in `.cargo/config.toml`: `[source.crates-io] replace-with = "local"` and `[source.local] directory = "/path/to/registry"`.',
  ],
  'no-cargo': ['Install Rust with rustup (https://rustup.rs) so that `cargo` is on PATH, then run the preflight again.'],
  timeout: ['Run `cargo metadata --offline` in the project in a terminal to see what it waits for (often another cargo holding the package cache lock).'],
  'no-manifest': ['Open the folder that holds the project\'s `Cargo.toml` (or the workspace root above it).'],
  'cargo-error': ['Run `cargo metadata --offline` in the project to see cargo\'s whole message; it is usually the project\'s own `Cargo.toml` that needs fixing.'],
  'unexpected-output': ['Run `cargo metadata --offline --format-version 1` in the project and check that it prints JSON.'],
};

/** A warning: the graph is unknown, so no dependency's minimum Rust was checked. */
export function graphFailureFinding(failure: GraphFailure): Finding {
  const message =
    failure.kind === 'network'
      ? `The dependency graph could not be read: \`cargo metadata\` needs the network to resolve it and ${failure.onlineSays ? 'could not reach it' : 'was not allowed to go online'}, so no dependency's minimum Rust was checked.`
      : `The dependency graph could not be read (\`${failure.command}\`: ${failure.cargoSays}), so no dependency's minimum Rust was checked.`;
  const said = [`\`${failure.command}\` said: ${code(failure.cargoSays)}`];
  if (failure.onlineSays) said.push(`Online, \`cargo metadata\` said: ${code(failure.onlineSays)}`);
  return {
    id: 'dependency-graph-unread',
    severity: 'warning',
    message,
    detail: [...said, '', ...FIXES[failure.kind]].join('\n'),
    choices: [],
    sources: ['cargo metadata'],
  };
}
