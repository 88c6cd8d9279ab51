// The `rust-version` every dependency declares, read with `cargo metadata`.
// Offline and never installing a toolchain; any failure is a note, not a crash.
import { execFile } from 'node:child_process';
import type { DependencyMsrv } from './preflight';

export interface DependencyMsrvResult {
  /** Dependencies (not the workspace's own packages) that declare `rust-version`, sorted. */
  dependencies: DependencyMsrv[];
  /** Why nothing could be read, for the caller to show; null when cargo answered. */
  note: string | null;
}

export interface ReadDependencyMsrvsOptions {
  /** The cargo executable (default `cargo`). */
  cargo?: string;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Runs `cargo metadata --offline --format-version 1 --all-features` in the project.
 * `--all-features` so optional dependencies (wasmtime behind a `wasm` feature) count.
 */
export async function readDependencyMsrvs(projectRoot: string, options: ReadDependencyMsrvsOptions = {}): Promise<DependencyMsrvResult> {
  const cargo = options.cargo ?? 'cargo';
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const args = ['metadata', '--offline', '--format-version', '1', '--all-features'];
  let stdout: string;
  try {
    stdout = await run(cargo, args, projectRoot, timeoutMs);
  } catch (error) {
    return { dependencies: [], note: `Dependency MSRVs were not checked: ${failureText(error, cargo, timeoutMs)}` };
  }
  try {
    return { dependencies: parseCargoMetadata(stdout), note: null };
  } catch (error) {
    return { dependencies: [], note: `Dependency MSRVs were not checked: cargo metadata printed something unexpected (${(error as Error).message}).` };
  }
}

/** The dependencies with a `rust_version` in `cargo metadata` JSON (workspace members left out). */
export function parseCargoMetadata(json: string): DependencyMsrv[] {
  const data = JSON.parse(json) as unknown;
  if (!isRecord(data) || !Array.isArray(data.packages)) throw new Error('no "packages" list');
  const members = new Set(Array.isArray(data.workspace_members) ? data.workspace_members.filter((m) => typeof m === 'string') : []);
  const found = new Map<string, DependencyMsrv>();
  for (const pkg of data.packages as unknown[]) {
    if (!isRecord(pkg)) continue;
    const { id, name, version, rust_version: rustVersion } = pkg;
    if (typeof name !== 'string' || typeof version !== 'string' || typeof rustVersion !== 'string') continue;
    if (typeof id === 'string' && members.has(id)) continue;
    found.set(`${name}@${version}`, { name, version, rustVersion });
  }
  return [...found.values()].sort((a, b) => (a.name === b.name ? cmp(a.version, b.version) : cmp(a.name, b.name)));
}

function run(command: string, args: string[], cwd: string, timeout: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      {
        cwd,
        timeout,
        killSignal: 'SIGKILL',
        maxBuffer: 256 * 1024 * 1024,
        windowsHide: true,
        // Never download a toolchain (rustup 1.28+ would) or touch the network.
        env: { ...process.env, RUSTUP_AUTO_INSTALL: '0', CARGO_NET_OFFLINE: 'true', CARGO_TERM_COLOR: 'never' },
      },
      (error, stdout, stderr) => {
        if (error) reject(Object.assign(error, { stderr: String(stderr) }));
        else resolve(String(stdout));
      },
    );
  });
}

function failureText(error: unknown, cargo: string, timeoutMs: number): string {
  const e = error as NodeJS.ErrnoException & { killed?: boolean; signal?: string | null; stderr?: string };
  if (e.code === 'ENOENT') return `\`${cargo}\` was not found on PATH.`;
  if (e.killed || e.signal === 'SIGKILL') return `\`cargo metadata\` did not finish within ${Math.round(timeoutMs / 1000)} s.`;
  const lines = (e.stderr ?? '').split('\n').map((l) => l.trim());
  const reason = lines.find((l) => l.startsWith('error')) ?? lines.find((l) => l.length > 0) ?? e.message;
  return `\`cargo metadata --offline\` failed: ${reason}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
