// Which toolchain runs the migration: the one given, or the project's own
// when it reads the target edition, else the oldest installed release that
// does (debian-1.85 on the ladder for 2024): the smallest step from where the
// project is. Nightly and beta are picked only when named.
import { askRustup, installedToolchainVersions, rustcVersion } from '../toolchain/rustup';
import { compareVersions, shortToolchain } from '../toolchain/version';
import { EDITION_RUST, type Edition } from './editions';
import type { ClippyHelp } from './clippyLints';
import { MigrateError } from './migrateError';

export interface ChosenToolchain {
  name: string;
  version: string;
  why: string;
}

/** How a migration asks rustup and the toolchains about themselves, from `cwd`. */
export const question = (cwd: string) => ({ cwd, env: process.env, timeoutMs: 30_000 });

/** `clippy`: when given, only a toolchain that has clippy will do. */
export async function chooseToolchain(project: string, to: Edition, given: string | undefined, clippy?: ClippyHelp): Promise<ChosenToolchain> {
  const needs = EDITION_RUST[to];
  const usable = async (name: string): Promise<boolean> => !clippy || (await clippy.has(name));
  if (given !== undefined) {
    const answer = await askRustup([`+${given}`, '-V'], question(project), 'rustc');
    const version = 'stdout' in answer ? rustcVersion(answer.stdout) : null;
    if (!version) throw new MigrateError(`--toolchain ${given}: not an installed rustup toolchain (${'problem' in answer ? answer.problem : 'rustc -V says no version'})`);
    if (compareVersions(version, needs) < 0) throw new MigrateError(`--toolchain ${given} is rustc ${version}; edition ${to} needs rustc ${needs} or newer`);
    if (!(await usable(given))) throw new MigrateError(`--toolchain ${given} has no clippy, which --clippy needs (rustup component add clippy)`);
    return { name: given, version, why: 'given with --toolchain' };
  }
  const active = await askRustup(['show', 'active-toolchain'], question(project));
  const own = 'stdout' in active ? shortToolchain(active.stdout.trim().split(/\s+/)[0] ?? '') : undefined;
  const installed = await installedToolchainVersions();
  const ownVersion = installed.find((t) => own && t.name === own)?.version;
  const ownFits = own && ownVersion && compareVersions(ownVersion, needs) >= 0;
  if (ownFits && (await usable(own))) return { name: own, version: ownVersion, why: "the project's own toolchain" };
  const fit = installed
    .filter((t): t is { name: string; version: string } => t.version !== null && compareVersions(t.version, needs) >= 0 && !/^(nightly|beta)/.test(t.name))
    .sort((a, b) => compareVersions(a.version, b.version));
  let oldest: (typeof fit)[number] | undefined;
  for (const candidate of fit) if (!oldest && (await usable(candidate.name))) oldest = candidate;
  const withClippy = clippy ? ' with clippy' : '';
  if (!oldest) {
    const have = installed.map((t) => `${t.name} (${t.version ?? '?'})`).join(', ') || 'none';
    throw new MigrateError(`edition ${to} needs rustc ${needs} or newer${withClippy}; the installed toolchains are ${have}: install one or pass --toolchain`);
  }
  const why = ownFits
    ? `the project's toolchain ${own} has no clippy: the oldest installed release with clippy`
    : own
      ? `the project's toolchain ${own}${ownVersion ? ` (${ownVersion})` : ''} is older than edition ${to} needs (${needs}): the oldest installed release${withClippy} that reads it`
      : `the oldest installed release${withClippy} that reads edition ${to}`;
  return { ...oldest, why };
}

/** The lints of each group (`rust-2021-compatibility`), underscored, as this toolchain's `rustc -W help` lists them. */
export async function groupMembers(toolchain: string, cwd: string): Promise<Map<string, Set<string>>> {
  const answer = await askRustup([`+${toolchain}`, '-W', 'help'], question(cwd), 'rustc');
  if (!('stdout' in answer)) throw new MigrateError(`could not list ${toolchain}'s lints: ${answer.problem}`);
  const groups = new Map<string, Set<string>>();
  for (const line of answer.stdout.split('\n')) {
    const match = /^\s*(rust-\d{4}-compatibility)\s+(.+)$/.exec(line);
    if (match?.[1] && match[2]) groups.set(match[1], new Set(match[2].split(',').map((name) => name.trim().replaceAll('-', '_')).filter(Boolean)));
  }
  return groups;
}
