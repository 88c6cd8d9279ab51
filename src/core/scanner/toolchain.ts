// What the machine has: rustup, its toolchains, the one active in the
// project folder (a rust-toolchain file there overrides the default), rustc,
// cargo, installed targets and components. Each command runs with a timeout;
// a missing binary or a failing command becomes a line in `problems`, never
// an exception. RUSTUP_AUTO_INSTALL=0: asking must never download a toolchain.
import { execFile } from 'node:child_process';
import type { ToolchainState } from '../../shared/scan';

export interface ProbeOptions {
  /** Where to ask: the project root, so its rust-toolchain file applies. */
  cwd: string;
  /** The environment, PATH included (default: this process's). */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5_000;

export async function probeToolchain(options: ProbeOptions): Promise<ToolchainState> {
  const env = { ...(options.env ?? process.env), RUSTUP_AUTO_INSTALL: '0' };
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const commands: [string, string[]][] = [
    ['rustup', ['--version']],
    ['rustup', ['toolchain', 'list']],
    ['rustup', ['show', 'active-toolchain']],
    ['rustc', ['-V']],
    ['cargo', ['-V']],
    ['rustup', ['target', 'list', '--installed']],
    ['rustup', ['component', 'list', '--installed']],
  ];
  const results = await Promise.all(commands.map(([command, args]) => runCommand(command, args, { cwd: options.cwd, env, timeoutMs })));
  const output = results.map((result) => ('stdout' in result ? result.stdout : null));
  const [rustupVersion, toolchains, active, rustc, cargo, targets, components] = output;
  // In the commands' order, each said once ("rustup not found on PATH" covers five commands).
  const problems = [...new Set(results.flatMap((result) => ('problem' in result ? [result.problem] : [])))];
  return {
    rustupVersion: firstLine(rustupVersion ?? null),
    toolchains: lines(toolchains ?? null).filter((line) => line !== 'no installed toolchains'),
    activeToolchain: firstLine(active ?? null),
    rustc: firstLine(rustc ?? null),
    cargo: firstLine(cargo ?? null),
    installedTargets: lines(targets ?? null),
    installedComponents: lines(components ?? null),
    problems,
  };
}

type CommandResult = { stdout: string } | { problem: string };

function runCommand(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<CommandResult> {
  const commandLine = [command, ...args].join(' ');
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd: options.cwd, env: options.env, timeout: options.timeoutMs, killSignal: 'SIGKILL', encoding: 'utf8', maxBuffer: 4 * 1024 * 1024, windowsHide: true },
      (error, stdout, stderr) => {
        if (!error) return resolve({ stdout });
        const { code, killed, signal } = error as NodeJS.ErrnoException & { killed?: boolean; signal?: string | null };
        if (code === 'ENOENT') return resolve({ problem: `${command} not found on PATH` });
        if (killed || signal) {
          return resolve({ problem: `\`${commandLine}\` did not answer within ${options.timeoutMs / 1000} s` });
        }
        // rustup says `info: ...` before its `error: ...`: the error is the reason.
        const reason = lines(stderr).find((line) => /^error\b/i.test(line)) ?? firstLine(stderr) ?? firstLine(stdout) ?? error.message;
        resolve({ problem: `\`${commandLine}\` failed: ${reason}` });
      },
    );
  });
}

function lines(text: string | null): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

function firstLine(text: string | null): string | null {
  return lines(text)[0] ?? null;
}
