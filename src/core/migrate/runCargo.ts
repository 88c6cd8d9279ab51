// Running cargo in the scratch copy: its own process group (ending it ends
// the rustc processes it started), output kept, stopped by a signal.
import { spawn } from 'node:child_process';

export interface CargoResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export class MigrateStopped extends Error {
  override name = 'MigrateStopped';
}

export function runCargo(args: string[], cwd: string, env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<CargoResult> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new MigrateStopped('stopped before cargo ran'));
    const child = spawn('cargo', args, { cwd, env: { ...env, CARGO_TERM_COLOR: 'never', RUSTUP_AUTO_INSTALL: '0' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const kill = (): void => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    signal?.addEventListener('abort', kill, { once: true });
    child.on('error', (error) => {
      signal?.removeEventListener('abort', kill);
      reject(new Error(`could not run cargo ${args.join(' ')}: ${error.message}`));
    });
    child.on('close', (code) => {
      signal?.removeEventListener('abort', kill);
      if (signal?.aborted) return reject(new MigrateStopped(`stopped while running cargo ${args[1] ?? ''}`));
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}
