// The Rust toolchain as rustup sees it from the project folder, recorded with
// every snapshot, and the rustup commands that bring a recorded one back.
// Reading never downloads: rustup's auto-install is switched off, so a
// rust-toolchain file naming a toolchain that is not installed is an error
// recorded in the state, not a download.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ToolchainState } from '../../shared/model';
import { shellWord } from '../terminals/shellQuote';
import { askRustup } from '../toolchain/rustup';
import { shortToolchain } from '../toolchain/version';

const TIMEOUT_MS = 10_000;
const TOOLCHAIN_FILES = ['rust-toolchain.toml', 'rust-toolchain'];

/** Whether `file` (relative to the project root, `/`-separated) is the project's rust-toolchain file: changing it moves the toolchain. */
export const isToolchainFile = (file: string): boolean => TOOLCHAIN_FILES.includes(file);
/** Components every toolchain has; never worth a `rustup component add`. */
const CORE_COMPONENTS = new Set(['rustc', 'cargo', 'rust-std', 'rust-docs', 'rust-mingw']);

/** rustup's answer, or an error saying which command failed and why. */
async function rustup(cwd: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const result = await askRustup(args, { cwd, env: { ...env, RUST_BACKTRACE: '0' }, timeoutMs: TIMEOUT_MS });
  if ('stdout' in result) return result.stdout;
  throw Object.assign(new Error(result.problem), { notInstalled: result.notInstalled });
}

/** `stable-x86_64-unknown-linux-gnu (active, default)` -> `stable-x86_64-unknown-linux-gnu`. */
const firstWord = (line: string): string => line.trim().split(/\s+/)[0] ?? '';
const lines = (text: string): string[] => text.split('\n').map(firstWord).filter(Boolean);

/** The toolchain state seen from `root`; what could not be read is null or empty, and `error` says why. */
export async function captureToolchain(root: string, env: NodeJS.ProcessEnv = process.env): Promise<ToolchainState> {
  const errors: string[] = [];
  let rustupMissing = false;
  const attempt = async <T>(fn: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      errors.push((error as Error).message);
      rustupMissing ||= (error as { notInstalled?: boolean }).notInstalled === true;
      return fallback;
    }
  };
  // One at a time: a missing rustup fails the first fast, and rustup's own lock is never contended.
  const active = await attempt(async () => firstWord(await rustup(root, ['show', 'active-toolchain'], env)) || null, null);
  const defaultToolchain = rustupMissing ? null : await attempt(async () => firstWord(await rustup(root, ['default'], env)) || null, null);
  const installed = rustupMissing ? [] : await attempt(async () => lines(await rustup(root, ['toolchain', 'list'], env)), []);
  const components = rustupMissing || !active ? [] : await attempt(async () => lines(await rustup(root, ['component', 'list', '--installed'], env)), []);
  const targets = rustupMissing || !active ? [] : await attempt(async () => lines(await rustup(root, ['target', 'list', '--installed'], env)), []);
  return { active, defaultToolchain, installed, components, targets, toolchainFile: await readToolchainFile(root), error: errors.length > 0 ? errors.join('; ') : null };
}

async function readToolchainFile(root: string): Promise<ToolchainState['toolchainFile']> {
  for (const path of TOOLCHAIN_FILES) {
    const content = await readFile(join(root, path), 'utf8').catch(() => null);
    if (content !== null) return { path, content };
  }
  return null;
}

/** `clippy-x86_64-unknown-linux-gnu` -> `clippy`: components carry the same host suffix as toolchains; rust-src stays. */
const componentName = shortToolchain;

/**
 * The rustup commands that bring `target` (recorded in a snapshot) back,
 * given `current`; empty when nothing differs or the recorded state is unknown.
 * The rust-toolchain file itself comes back with the restored files.
 */
export function toolchainCommands(target: ToolchainState | null, current: ToolchainState | null): string[] {
  if (!target) return [];
  const commands: string[] = [];
  const want = target.defaultToolchain;
  if (want && want !== current?.defaultToolchain) commands.push(`rustup default ${shellWord(shortToolchain(want))}`);
  const toolchain = target.active ?? target.defaultToolchain;
  if (!toolchain) return commands;
  // Only when the same toolchain is active now do we know what it has; otherwise name everything it had.
  const sameToolchain = current?.active === toolchain;
  const haveTargets = new Set(sameToolchain ? current.targets : []);
  const haveComponents = new Set((sameToolchain ? current.components : []).map(componentName));
  const missingTargets = target.targets.filter((t) => !haveTargets.has(t));
  const missingComponents = [...new Set(target.components.map(componentName))].filter((c) => !CORE_COMPONENTS.has(c) && !haveComponents.has(c));
  const short = shortToolchain(toolchain);
  const on = `--toolchain ${shellWord(short)}`;
  if (!sameToolchain && toolchain !== want && !current?.installed.includes(toolchain)) commands.push(`rustup toolchain install ${shellWord(short)}`);
  if (missingComponents.length > 0) commands.push(`rustup component add ${missingComponents.map((c) => shellWord(c)).join(' ')} ${on}`);
  // The host's own target comes with every toolchain.
  const host = toolchain.slice(short.length + 1);
  const extraTargets = missingTargets.filter((t) => t !== host);
  if (extraTargets.length > 0) commands.push(`rustup target add ${extraTargets.map((t) => shellWord(t)).join(' ')} ${on}`);
  return commands;
}
