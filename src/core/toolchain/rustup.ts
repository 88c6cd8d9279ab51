// The one way to ask rustup, or rustc and cargo through rustup's proxies, a
// question (`rustup toolchain list`, `rustc -V`): probeCommand's timeout and
// one-line problems, and never a download. rustup 1.28+ installs a toolchain
// a rust-toolchain file names when it is missing; asking must not.
import { outputLines, probeCommand, type ProbeResult } from '../platform/processes/probeCommand';
import { shortToolchain } from './version';

export interface RustupQuestion {
  /** Where to ask: the project root, so that its rust-toolchain file applies. */
  cwd: string;
  /** The environment, PATH included. */
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
}

/** `rustup ARGS` (or `rustc`/`cargo` ARGS) with auto-install off; never throws. */
export function askRustup(args: string[], question: RustupQuestion, command: 'rustup' | 'rustc' | 'cargo' | 'clippy-driver' = 'rustup'): Promise<ProbeResult> {
  return probeCommand(command, args, { cwd: question.cwd, env: { ...question.env, RUSTUP_AUTO_INSTALL: '0' }, timeoutMs: question.timeoutMs });
}

/** `stable-x86_64-unknown-linux-gnu (active, default)` -> `stable`. */
export function parseToolchainList(text: string): string[] {
  return outputLines(text)
    .map((line) => line.replace(/\s*\(.*\)\s*$/, '').trim())
    .filter((name) => name !== '' && !name.startsWith('no installed toolchains'))
    .map(shortToolchain);
}

/** The rustup toolchains installed, by the short names `cargo +name` takes; empty when rustup is missing or fails. */
export async function installedToolchains(question: RustupQuestion = { cwd: process.cwd(), env: process.env, timeoutMs: 10_000 }): Promise<string[]> {
  const result = await askRustup(['toolchain', 'list'], question);
  return 'stdout' in result ? parseToolchainList(result.stdout) : [];
}

/** An installed toolchain and the Rust release its rustc reports (null when it cannot say). */
export interface InstalledToolchain {
  name: string;
  /** `1.85.0` from `rustc 1.85.0 (4d91de4e4 2025-02-17)`. */
  version: string | null;
}

/** `rustc 1.85.0 (4d91de4e4 2025-02-17)` or `rustc 1.63.0` -> `1.85.0`; null for anything else. */
export function rustcVersion(text: string): string | null {
  return /^rustc (\d+\.\d+\.\d+)/.exec(text.trim())?.[1] ?? null;
}

/**
 * Every installed toolchain with its version, asked of its own rustc
 * (`rustc +NAME -V`): a linked custom toolchain (`debian-1.63`) says its
 * release no other way.
 */
export async function installedToolchainVersions(timeoutMs = 10_000): Promise<InstalledToolchain[]> {
  const question = { cwd: process.cwd(), env: process.env, timeoutMs };
  const names = await installedToolchains(question);
  return Promise.all(
    names.map(async (name) => {
      const result = await askRustup([`+${name}`, '-V'], question, 'rustc');
      return { name, version: 'stdout' in result ? rustcVersion(result.stdout) : null };
    }),
  );
}
