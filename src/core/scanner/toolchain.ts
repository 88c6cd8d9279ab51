// What the machine has: rustup, its toolchains, the one active in the
// project folder (a rust-toolchain file there overrides the default), rustc,
// cargo, installed targets and components. Each command runs with a timeout;
// a missing binary or a failing command becomes a line in `problems`, never
// an exception (toolchain/rustup.ts: asking never downloads a toolchain).
import type { ToolchainState } from '../../shared/scan';
import { outputLines } from '../platform/processes/probeCommand';
import { askRustup } from '../toolchain/rustup';

export interface ProbeOptions {
  /** Where to ask: the project root, so its rust-toolchain file applies. */
  cwd: string;
  /** The environment, PATH included (default: this process's). */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5_000;

export async function probeToolchain(options: ProbeOptions): Promise<ToolchainState> {
  const question = { cwd: options.cwd, env: options.env ?? process.env, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS };
  const commands: ['rustup' | 'rustc' | 'cargo', string[]][] = [
    ['rustup', ['--version']],
    ['rustup', ['toolchain', 'list']],
    ['rustup', ['show', 'active-toolchain']],
    ['rustc', ['-V']],
    ['cargo', ['-V']],
    ['rustup', ['target', 'list', '--installed']],
    ['rustup', ['component', 'list', '--installed']],
  ];
  const results = await Promise.all(commands.map(([command, args]) => askRustup(args, question, command)));
  const output = results.map((result) => ('stdout' in result ? result.stdout : null));
  const [rustupVersion, toolchains, active, rustc, cargo, targets, components] = output;
  // In the commands' order, each said once ("rustup not found on PATH" covers five commands).
  const problems = [...new Set(results.flatMap((result) => ('problem' in result ? [result.problem] : [])))];
  return {
    rustupVersion: firstLine(rustupVersion ?? null),
    toolchains: outputLines(toolchains ?? null).filter((line) => line !== 'no installed toolchains'),
    activeToolchain: firstLine(active ?? null),
    rustc: firstLine(rustc ?? null),
    cargo: firstLine(cargo ?? null),
    installedTargets: outputLines(targets ?? null),
    installedComponents: outputLines(components ?? null),
    problems,
  };
}

function firstLine(text: string | null): string | null {
  return outputLines(text)[0] ?? null;
}
