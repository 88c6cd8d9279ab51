// The project's resolved dependency graph, read with `cargo metadata`: every
// package with the `rust-version` and edition its own Cargo.toml declares (for
// registry packages, the manifest in the lockfile's source). Offline first;
// online only when offline could not resolve it. Leaves no Cargo.lock behind
// where there was none. Never installs a toolchain;
// any failure is returned (the preflight turns it into a finding), not thrown.
import { execFile } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { classifyMetadataFailure, type ExecError, type GraphFailure } from './graphFailure';

/** A package in the resolved graph. */
export interface ResolvedPackage {
  name: string;
  version: string;
  /** Its `rust-version`, as declared (`1.86`, `1.86.0`); null when it declares none. */
  rustVersion: string | null;
  /** Its `edition` (`2021`); null when cargo printed none. */
  edition: string | null;
  /** One of the workspace's own packages, not a dependency. */
  member: boolean;
}

/** The graph as read, or why it could not be. */
export type DependencyGraph =
  | { read: 'offline' | 'online'; packages: ResolvedPackage[] }
  | { read: null; failure: GraphFailure };

export interface DependencyMsrvResult {
  /** The resolved graph (or its failure): what the preflight's `dependencyMsrvs` takes. */
  dependencies: DependencyGraph;
  /** Something to show beside the report that is not a finding (the graph needed the network); else null. */
  note: string | null;
}

export interface ReadDependencyMsrvsOptions {
  /** The cargo executable (default `cargo`). */
  cargo?: string;
  timeoutMs?: number;
  /** Try online when offline could not resolve the graph (default: yes, unless CARGO_NET_OFFLINE is set). */
  network?: boolean;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const ARGS = ['metadata', '--format-version', '1', '--all-features'];

/**
 * Runs `cargo metadata --offline --format-version 1 --all-features` in the project
 * (`--all-features` so optional dependencies, wasmtime behind a `wasm` feature, count);
 * when that fails because cargo needed the network, once more online.
 */
export async function readDependencyMsrvs(projectRoot: string, options: ReadDependencyMsrvsOptions = {}): Promise<DependencyMsrvResult> {
  const absent = lockfilesAbsent(projectRoot);
  try {
    return await readGraph(projectRoot, options);
  } finally {
    removeNewLockfiles(absent);
  }
}

/**
 * Where cargo could write a Cargo.lock for `projectRoot` (its folder and each
 * above, for a workspace root) that holds none now. Opening a project must not
 * change it: `cargo metadata` writes the lockfile it resolves.
 */
function lockfilesAbsent(projectRoot: string): string[] {
  const absent: string[] = [];
  for (let dir = resolve(projectRoot); ; dir = dirname(dir)) {
    const lock = join(dir, 'Cargo.lock');
    if (!existsSync(lock)) absent.push(lock);
    if (dirname(dir) === dir) return absent;
  }
}

function removeNewLockfiles(absent: string[]): void {
  for (const lock of absent) rmSync(lock, { force: true });
}

async function readGraph(projectRoot: string, options: ReadDependencyMsrvsOptions): Promise<DependencyMsrvResult> {
  const cargo = options.cargo ?? 'cargo';
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const offline = await run(cargo, [...ARGS, '--offline'], projectRoot, timeoutMs, false);
  if ('stdout' in offline) return { dependencies: parsed(offline.stdout, 'offline'), note: null };

  const failure = classifyMetadataFailure(offline.error, { cargo, timeoutMs });
  const network = options.network ?? !/^(true|1)$/i.test(process.env.CARGO_NET_OFFLINE ?? '');
  if (failure.kind !== 'network' || !network) return { dependencies: { read: null, failure }, note: null };

  const online = await run(cargo, ARGS, projectRoot, timeoutMs, true);
  if ('stdout' in online) {
    return {
      dependencies: parsed(online.stdout, 'online'),
      note: `\`cargo metadata --offline\` could not resolve the dependency graph (${failure.cargoSays}); it was read online instead. Run \`cargo fetch\` once and the next preflight reads it offline.`,
    };
  }
  const onlineFailure = classifyMetadataFailure(online.error, { cargo, timeoutMs });
  return { dependencies: { read: null, failure: { ...failure, onlineSays: onlineFailure.cargoSays } }, note: null };
}

function parsed(stdout: string, read: 'offline' | 'online'): DependencyGraph {
  try {
    return { read, packages: parseCargoMetadata(stdout) };
  } catch (error) {
    return {
      read: null,
      failure: { kind: 'unexpected-output', command: 'cargo metadata', cargoSays: `cargo metadata printed something unexpected (${(error as Error).message})` },
    };
  }
}

/** Every package in `cargo metadata` JSON, workspace members marked, sorted by name then version. */
export function parseCargoMetadata(json: string): ResolvedPackage[] {
  const data = JSON.parse(json) as unknown;
  if (!isRecord(data) || !Array.isArray(data.packages)) throw new Error('no "packages" list');
  const members = new Set(Array.isArray(data.workspace_members) ? data.workspace_members.filter((m) => typeof m === 'string') : []);
  const found = new Map<string, ResolvedPackage>();
  for (const pkg of data.packages as unknown[]) {
    if (!isRecord(pkg)) continue;
    const { id, name, version, rust_version: rustVersion, edition } = pkg;
    if (typeof name !== 'string' || typeof version !== 'string') continue;
    found.set(`${name}@${version}`, {
      name,
      version,
      rustVersion: typeof rustVersion === 'string' ? rustVersion : null,
      edition: typeof edition === 'string' ? edition : null,
      member: typeof id === 'string' && members.has(id),
    });
  }
  return [...found.values()].sort((a, b) => (a.name === b.name ? cmp(a.version, b.version) : cmp(a.name, b.name)));
}

type RunResult = { stdout: string } | { error: ExecError };

function run(command: string, args: string[], cwd: string, timeout: number, network: boolean): Promise<RunResult> {
  // Never download a toolchain (rustup 1.28+ would); offline means offline for cargo too.
  // One retry online, not cargo's default three with backoff: with no network those took 11.4 s, one takes 0.8 s.
  const env = {
    CARGO_NET_RETRY: '1',
    ...process.env,
    RUSTUP_AUTO_INSTALL: '0',
    CARGO_TERM_COLOR: 'never',
    ...(network ? {} : { CARGO_NET_OFFLINE: 'true' }),
  };
  return new Promise((resolve) => {
    execFile(command, args, { cwd, timeout, killSignal: 'SIGKILL', maxBuffer: 256 * 1024 * 1024, windowsHide: true, env }, (error, stdout, stderr) => {
      if (error) resolve({ error: Object.assign(error, { stderr: String(stderr) }) as ExecError });
      else resolve({ stdout: String(stdout) });
    });
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
