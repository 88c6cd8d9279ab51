// One cargo check (build, tests, clippy) under one toolchain, in a folder,
// with its own target dir: its outcome and first errors read by the
// diagnostics parser. Used by the toolchain bisection and the migration's
// stages. Cargo runs in its own process group, ended on abort or timeout.
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import type { CheckOutcome, ToolchainResult } from '../../shared/toolchain/bisection';
import { OutputParser } from '../diagnostics/outputParser';
import { askRustup } from './rustup';

/** The check was stopped by its signal: the running cargo was ended. */
export class BisectStopped extends Error {}

/** The cargo arguments after `+TOOLCHAIN`, and what must answer for them to run at all (`clippy --version`). */
export interface CheckCommand {
  args: string[];
  runsIf: string[];
}

const ERRORS_KEPT = 5;
const KILL_GRACE_MS = 3000;

export type CheckRun = Pick<ToolchainResult, 'passed' | 'exitCode' | 'durationMs' | 'reason' | 'errors'> & { outcome: CheckOutcome };

/** One check under one toolchain, in `dir`, building into `targetDir`. */
export async function runCheck(
  toolchain: string,
  command: CheckCommand,
  dir: string,
  targetDir: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<CheckRun> {
  const started = Date.now();
  const can = await askRustup([`+${toolchain}`, ...command.runsIf], { cwd: dir, env, timeoutMs: 30_000 }, 'cargo');
  if (!('stdout' in can)) return { outcome: 'could-not-run', passed: null, exitCode: null, durationMs: Date.now() - started, reason: can.problem, errors: [] };
  await mkdir(targetDir, { recursive: true });
  const parser = new OutputParser({ keepRendered: false });
  const { code, timedOut } = await new Promise<{ code: number | null; timedOut: boolean }>((resolve, reject) => {
    const child = spawn('cargo', [`+${toolchain}`, ...command.args], {
      cwd: dir,
      env: { ...env, CARGO_TARGET_DIR: targetDir, CARGO_TERM_COLOR: 'never' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so that ending it ends the rustc and test processes cargo started too.
      detached: true,
    });
    const signalGroup = (kill: NodeJS.Signals): void => {
      try {
        if (child.pid) process.kill(-child.pid, kill);
      } catch {
        // Already gone.
      }
    };
    // SIGTERM first: a compiler or linker ended by it removes its temporary files; SIGKILL for what lingers.
    let grace: NodeJS.Timeout | undefined;
    const killGroup = (): void => {
      signalGroup('SIGTERM');
      grace ??= setTimeout(() => signalGroup('SIGKILL'), KILL_GRACE_MS);
    };
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);
    signal?.addEventListener('abort', killGroup, { once: true });
    // One parser for both streams: cargo's diagnostics are on stderr, libtest's verdicts on stdout, each a line at a time.
    child.stdout.on('data', (chunk: Buffer) => parser.pushBytes(chunk));
    child.stderr.on('data', (chunk: Buffer) => parser.pushBytes(chunk));
    const settle = (): void => {
      clearTimeout(timer);
      // The group may outlive cargo (a test binary it started): what the grace period would kill, kill now.
      if (grace) {
        clearTimeout(grace);
        signalGroup('SIGKILL');
      }
      signal?.removeEventListener('abort', killGroup);
    };
    child.on('error', (error) => {
      settle();
      reject(error);
    });
    child.on('close', (exit) => {
      settle();
      resolve({ code: exit, timedOut });
    });
  });
  if (signal?.aborted) throw new BisectStopped(`stopped while checking ${toolchain}`);
  const durationMs = Date.now() - started;
  const errors = parser.end().diagnostics.filter((d) => d.severity === 'error').slice(0, ERRORS_KEPT).map(({ code: c, message, file, line }) => ({ code: c, message, file, line }));
  if (timedOut) return { outcome: 'could-not-run', passed: null, exitCode: null, durationMs, reason: `did not finish within ${Math.round(timeoutMs / 1000)} s`, errors };
  const passed = code === 0;
  const first = errors[0];
  const reason = passed ? null : first ? `${first.code ? `[${first.code}] ` : ''}${first.message}${first.file ? ` (${first.file}:${first.line ?? '?'})` : ''}` : `exited with ${code}`;
  return { outcome: passed ? 'passed' : 'failed', passed, exitCode: code, durationMs, reason, errors };
}
