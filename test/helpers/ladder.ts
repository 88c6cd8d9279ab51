// The real toolchain ladder scripts/install-toolchain-ladder.sh installs
// (Debian's rustc 1.63 and 1.85 linked into rustup as debian-1.63 and
// debian-1.85, real crates under /usr/share/cargo/registry): whether it is
// here, and when not, exactly what is missing, for the tests that skip.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { compareVersions } from '../../src/core/toolchain/version';
import { commitAll } from './gitRepo';

export const DEBIAN_REGISTRY = '/usr/share/cargo/registry';
/**
 * Kept in step with LADDER_CRATES in scripts/install-toolchain-ladder.sh
 * (doc-comment: memoffset's dev-dependency; lock_api and scopeguard: spin's
 * optional dependency, which cargo resolves too).
 */
export const LADDER_CRATES = ['memoffset', 'doc-comment', 'spin', 'lock_api', 'scopeguard', 'matches', 'owning_ref'] as const;
/** The crates a test upgrades as a project. */
export type LadderCrate = (typeof LADDER_CRATES)[number];

const INSTALL_HINT = 'run scripts/install-toolchain-ladder.sh (as root, with apt-get and Debian 12\'s mirror reachable)';

/** The release (`1.63.0`) rustup's toolchain `name` runs, or null when rustup has no such toolchain or is missing. */
function releaseOf(toolchain: string): string | null {
  try {
    // `rustup run`, not `rustc +name`: a rustc that is not rustup's proxy would answer for itself.
    const out = execFileSync('rustup', ['run', toolchain, 'rustc', '--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, RUSTUP_AUTO_INSTALL: '0' } });
    return /^rustc (\d+\.\d+\.\d+)/.exec(out)?.[1] ?? null;
  } catch {
    return null;
  }
}

function rustupRuns(): boolean {
  try {
    execFileSync('rustup', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The folder of the newest version of `crate` in the Debian registry, or null. */
export function registryCrate(crate: string): string | null {
  if (!existsSync(DEBIAN_REGISTRY)) return null;
  const versions = readdirSync(DEBIAN_REGISTRY)
    .filter((name) => name.startsWith(`${crate}-`) && /^\d/.test(name.slice(crate.length + 1)))
    .sort((a, b) => compareVersions(a.slice(crate.length + 1), b.slice(crate.length + 1)));
  const newest = versions.at(-1);
  return newest ? join(DEBIAN_REGISTRY, newest) : null;
}

/** What of the ladder is missing, one reason per part; empty when all of it is installed. */
export function ladderMissing(): string[] {
  const missing: string[] = [];
  if (!rustupRuns()) return ['rustup is not on PATH'];
  for (const [name, release] of [['debian-1.63', '1.63'], ['debian-1.85', '1.85']] as const) {
    const found = releaseOf(name);
    if (found === null) missing.push(`rustup toolchain ${name} is not installed (\`rustup run ${name} rustc --version\` fails)`);
    else if (!found.startsWith(`${release}.`)) missing.push(`rustup toolchain ${name} runs rustc ${found}, not ${release}`);
  }
  for (const crate of LADDER_CRATES) {
    if (!registryCrate(crate)) missing.push(`crate ${crate} is not in ${DEBIAN_REGISTRY} (package librust-${crate}-dev)`);
  }
  return missing;
}

/** Null when the ladder is here; else one line for a skipped test's title: what is missing and how to install it. */
export function ladderSkipReason(): string | null {
  const missing = ladderMissing();
  return missing.length === 0 ? null : `the toolchain ladder is missing: ${missing.join('; ')}; ${INSTALL_HINT}`;
}

/**
 * A real crate from the Debian registry as a project to upgrade: its files
 * copied to `dest` (without `.cargo-checksum.json` and `Cargo.lock`), cargo
 * pointed at the registry offline, and pinned by rust-toolchain.toml to
 * `toolchain`. Not committed: `committedRegistryCrate` is the copy as a git
 * repository.
 */
export function copyRegistryCrate(crate: LadderCrate, dest: string, toolchain: string): string {
  const source = registryCrate(crate);
  if (!source) throw new Error(`crate ${crate} is not in ${DEBIAN_REGISTRY}: ${INSTALL_HINT}`);
  cpSync(source, dest, { recursive: true });
  rmSync(join(dest, '.cargo-checksum.json'), { force: true });
  rmSync(join(dest, 'Cargo.lock'), { force: true });
  mkdirSync(join(dest, '.cargo'), { recursive: true });
  writeFileSync(
    join(dest, '.cargo', 'config.toml'),
    `[source.crates-io]\nreplace-with = "debian"\n\n[source.debian]\ndirectory = "${DEBIAN_REGISTRY}"\n\n[net]\noffline = true\n`,
  );
  writeFileSync(join(dest, 'rust-toolchain.toml'), `[toolchain]\nchannel = "${toolchain}"\n`);
  writeFileSync(join(dest, '.gitignore'), '/target\n');
  return dest;
}

/** `copyRegistryCrate`, committed in a new git repository: a project as a user would bring it. */
export function committedRegistryCrate(crate: LadderCrate, dest: string, toolchain: string): string {
  commitAll(copyRegistryCrate(crate, dest, toolchain));
  return dest;
}
