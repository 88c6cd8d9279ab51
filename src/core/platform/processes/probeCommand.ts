// Asking a tool a question (`rustup toolchain list`, `rustc -V`): a timeout,
// SIGKILL when it passes, and every failure turned into one line that says
// which command and why. Never throws: callers decide what a problem means.
import { execFile } from 'node:child_process';

export interface ProbeCommandOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
}

export type ProbeResult = { stdout: string } | { problem: string; notInstalled: boolean };

export function probeCommand(command: string, args: string[], options: ProbeCommandOptions): Promise<ProbeResult> {
  const commandLine = [command, ...args].join(' ');
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd: options.cwd, env: options.env, timeout: options.timeoutMs, killSignal: 'SIGKILL', encoding: 'utf8', maxBuffer: 4 * 1024 * 1024, windowsHide: true },
      (error, stdout, stderr) => {
        if (!error) return resolve({ stdout });
        const { code, killed, signal } = error as NodeJS.ErrnoException & { killed?: boolean; signal?: string | null };
        if (code === 'ENOENT') return resolve({ problem: `${command} not found on PATH`, notInstalled: true });
        if (killed || signal) {
          return resolve({ problem: `\`${commandLine}\` did not answer within ${options.timeoutMs / 1000} s`, notInstalled: false });
        }
        // rustup says `info: ...` before its `error: ...`: the error is the reason.
        const reason = outputLines(stderr).find((line) => /^error\b/i.test(line)) ?? outputLines(stderr)[0] ?? outputLines(stdout)[0] ?? error.message;
        resolve({ problem: `\`${commandLine}\` failed: ${reason}`, notInstalled: false });
      },
    );
  });
}

/** Trimmed, non-empty lines of a command's output. */
export function outputLines(text: string | null): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}
