// Whether a toolchain step's work is already done on this machine: the
// toolchain installed (a custom `rustup toolchain link` one included), already
// the default, its components or targets present. Asked of the real rustup,
// never downloading; when rustup cannot tell, the work counts as not done and
// the step's command runs (and says what is wrong in the terminal).
import type { ToolchainSpec } from '../../shared/model';
import { askRustup, installedToolchains, parseToolchainList, type RustupQuestion } from './rustup';
import { shortToolchain } from './version';

/** "already done: …" when rustup says the step's work is done; null when it is not, or rustup cannot tell. */
export async function toolchainWorkDone(spec: ToolchainSpec, question: RustupQuestion): Promise<string | null> {
  switch (spec.action) {
    case 'install':
      return spec.toolchain && (await isInstalled(spec.toolchain, question))
        ? `already done: toolchain ${spec.toolchain} is installed (rustup toolchain list)`
        : null;
    case 'default':
      return spec.toolchain && (await defaultToolchain(question)) === spec.toolchain
        ? `already done: ${spec.toolchain} is the default toolchain (rustup default)`
        : null;
    case 'component-add':
      return allPresent('component', spec.components ?? [], spec.toolchain, question);
    case 'target-add':
      return allPresent('target', spec.targets ?? [], spec.toolchain, question);
  }
}

/** Installed under the name given, or under that name with this host's triple (`1.81.0` = `1.81.0-x86_64-unknown-linux-gnu`). */
async function isInstalled(toolchain: string, question: RustupQuestion): Promise<boolean> {
  return (await installedToolchains(question)).includes(shortToolchain(toolchain));
}

/** `rustup default` prints `stable-x86_64-unknown-linux-gnu (default)`: the short name, or null. */
async function defaultToolchain(question: RustupQuestion): Promise<string | null> {
  const result = await askRustup(['default'], question);
  if (!('stdout' in result)) return null;
  const name = parseToolchainList(result.stdout)[0];
  return name ?? null;
}

/**
 * Every one of `wanted` in `rustup component|target list --installed` of the
 * toolchain (the project's active one when none is named). A linked
 * toolchain has no components to list: rustup fails, and the step runs.
 */
async function allPresent(kind: 'component' | 'target', wanted: string[], toolchain: string | undefined, question: RustupQuestion): Promise<string | null> {
  if (wanted.length === 0) return null;
  const on = toolchain ? ['--toolchain', toolchain] : [];
  const result = await askRustup([kind, 'list', '--installed', ...on], question);
  if (!('stdout' in result)) return null;
  const listed = result.stdout.split('\n').map((line) => line.trim()).filter(Boolean);
  // Components carry the host's triple (`clippy-x86_64-unknown-linux-gnu`); targets are triples themselves.
  const present = new Set(kind === 'component' ? listed.map(shortToolchain) : listed);
  if (!wanted.every((name) => present.has(name) || present.has(shortToolchain(name)))) return null;
  const names = wanted.join(', ');
  const where = toolchain ? ` on ${toolchain}` : '';
  return `already done: ${kind === 'component' ? 'component' : 'target'}${wanted.length > 1 ? 's' : ''} ${names} present${where} (rustup ${kind} list --installed)`;
}
