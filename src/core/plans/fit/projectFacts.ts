// What a plan is fitted to: the facts of one project, read from its files
// (through the scanner) and from rustup. Every place that says which Rust the
// project builds with is kept, disagreements included; the toolchains can be
// given, so that a resolved plan does not depend on the machine it is read on.
import { readFile } from 'node:fs/promises';
import { join, posix, relative, sep } from 'node:path';
import type { Pin, PinKind, ScanReport } from '../../../shared/scan';
import { probeCommand } from '../../platform/processes/probeCommand';
import { scanProject } from '../../scanner';
import { listProjectFiles } from '../../scanner/walk';
import { askRustup, installedToolchainVersions, rustcVersion, type InstalledToolchain } from '../../toolchain/rustup';
import { compareVersions, normaliseRustVersion, shortToolchain } from '../../toolchain/version';
import { declaredFeatures, nightlyFeatures, type DeclaredFeature, type NightlyFeature } from './cargoFeatures';
import { findRustRoot } from './rustRoot';

/** One place that says which Rust the project builds with today. */
export interface RustSource {
  /** What says it: `rust-toolchain.toml`, `Cargo.toml rust-version`, `Makefile RUST_VERSION`, `active toolchain`. */
  source: string;
  /** As written (`1.75`, `stable`, `1.75.0-alpine`'s `1.75`). */
  value: string;
  /** `1.75` (a channel naming an installed toolchain, `stable` or `debian-1.63`, gives its release), or null for a value that names none (`${RUST_VERSION}`). */
  version: string | null;
}

export interface ToolchainFacts {
  installed: InstalledToolchain[];
  /** The toolchain rustup picks in the project folder (its rust-toolchain file applies). */
  active: InstalledToolchain | null;
}

export interface ProjectFacts {
  root: string;
  /** The workspace root above, when the folder opened is a member of a workspace. */
  workspaceRoot: string | null;
  /** Every place that says the Rust it builds with, the strongest first (rust-toolchain, rust-version, pins, active). */
  rustToday: RustSource[];
  toolchains: ToolchainFacts;
  /** Each crate's edition as its manifest writes it (a member's inherited one from the workspace root). */
  editions: { file: string; edition: string }[];
  /** wasmtime in the dependency graph: its version and where it was read; null when the project has none. */
  wasmtime: { version: string; source: string } | null;
  /** The files that hold what steps need, relative to the root. */
  found: {
    makefilePins: string[];
    dockerfiles: string[];
    ciWorkflows: string[];
    wasm32wasi: string[];
    clippyToml: string[];
    toolchainFiles: string[];
    rustVersionPins: string[];
  };
  /** Targets of the root Makefile, the features the manifests declare, every file (relative). */
  makeTargets: string[];
  /** The names of the features the manifests declare. */
  cargoFeatures: string[];
  /** Each declared feature with its manifest, and those that turn on nightly-only code. */
  features: { declared: DeclaredFeature[]; nightly: NightlyFeature[] };
  files: string[];
  git: boolean;
  /** The scan of the root these facts were read from (no toolchain probe), for callers that need its pins too. */
  scan: ScanReport;
}

export interface FactOptions {
  /** The installed toolchains and the active one; asked of rustup when absent. */
  toolchains?: ToolchainFacts;
}

/** Where each pin kind that names the Rust of today comes in the order of trust, and what it is called. */
const RUST_SOURCES: [PinKind, (pin: Pin) => string][] = [
  ['toolchain-channel', (pin) => pin.file],
  ['cargo-rust-version', (pin) => `${pin.file} rust-version`],
  ['makefile-rust-version', (pin) => `${pin.file} ${pin.name ?? 'RUST_VERSION'}`],
  ['docker-from-rust', (pin) => `${pin.file} FROM rust`],
  ['docker-arg-rust-version', (pin) => `${pin.file} ARG RUST_VERSION`],
  ['ci-toolchain', (pin) => `${pin.file} toolchain`],
  ['ci-rust-toolchain-action', (pin) => `${pin.file} rust-toolchain action`],
  ['clippy-msrv', (pin) => `${pin.file} msrv`],
];

/** The release `toolchain` (a version or an installed toolchain's name) is, or null when unknown. */
export function targetRelease(toolchain: string, toolchains: ToolchainFacts): string | null {
  const installed = toolchains.installed.find((t) => t.name === toolchain)?.version;
  return normaliseRustVersion(installed ?? toolchain);
}

/** The facts of the Rust project at `folder` (NotARustProject when it is none). */
export async function readProjectFacts(folder: string, options: FactOptions = {}): Promise<ProjectFacts> {
  const { root, workspaceRoot } = await findRustRoot(folder);
  const [scan, files, toolchains, git, workspacePins] = await Promise.all([
    scanProject(root, { toolchain: false }),
    listProjectFiles(root),
    options.toolchains ?? readToolchains(root),
    probeCommand('git', ['rev-parse', '--is-inside-work-tree'], { cwd: root, env: process.env, timeoutMs: 10_000 }).then((r) => 'stdout' in r && r.stdout.trim() === 'true'),
    workspaceRoot ? workspaceRootPins(workspaceRoot, root) : Promise.resolve([]),
  ]);
  const pins = [...scan.pins, ...workspacePins];
  const ofKind = (...kinds: PinKind[]): Pin[] => pins.filter((pin) => kinds.includes(pin.kind));
  const filesOf = (...kinds: PinKind[]): string[] => [...new Set(ofKind(...kinds).map((pin) => pin.file))];

  const rustToday: RustSource[] = RUST_SOURCES.flatMap(([kind, name]) =>
    // A channel may name a linked toolchain (`debian-1.63`): its release is the one rustup runs.
    ofKind(kind).map((pin) => ({ source: name(pin), value: pin.value, version: targetRelease(pin.value, toolchains) })),
  );
  if (toolchains.active) rustToday.push({ source: `active toolchain (${toolchains.active.name})`, value: toolchains.active.name, version: toolchains.active.version && normaliseRustVersion(toolchains.active.version) });

  const declared = await declaredFeatures(root, files);
  return {
    root,
    workspaceRoot,
    rustToday,
    toolchains,
    editions: ofKind('cargo-edition').map((pin) => ({ file: pin.file, edition: pin.value })),
    wasmtime: (await lockedVersion(workspaceRoot ?? root, 'wasmtime', workspaceRoot ? relative(root, join(workspaceRoot, 'Cargo.lock')).split(sep).join('/') : 'Cargo.lock')) ?? manifestVersion(ofKind('cargo-dependency'), 'wasmtime'),
    found: {
      makefilePins: filesOf('makefile-rust-version'),
      dockerfiles: files.filter((file) => /^(Dockerfile|Containerfile)(\..+)?$|\.[Dd]ockerfile$/.test(posix.basename(file))),
      ciWorkflows: files.filter((file) => /^\.github\/workflows\/[^/]+\.ya?ml$|(^|\/)\.gitlab-ci\.ya?ml$/.test(file)),
      wasm32wasi: filesOf('wasm32-wasi-target'),
      clippyToml: files.filter((file) => /^\.?clippy\.toml$/.test(posix.basename(file))),
      toolchainFiles: filesOf('toolchain-channel'),
      rustVersionPins: filesOf('cargo-rust-version'),
    },
    makeTargets: await makeTargets(root, files),
    cargoFeatures: [...new Set(declared.map((d) => d.feature))].sort(),
    features: { declared, nightly: await nightlyFeatures(root, files) },
    files,
    git,
    scan,
  };
}

/** The installed toolchains with their versions, and the one active in `root`, asked of rustup (never a download). */
export async function readToolchains(root: string): Promise<ToolchainFacts> {
  const question = { cwd: root, env: process.env, timeoutMs: 10_000 };
  const [installed, active, rustc] = await Promise.all([
    installedToolchainVersions(),
    askRustup(['show', 'active-toolchain'], question),
    askRustup(['-V'], question, 'rustc'),
  ]);
  const name = 'stdout' in active ? active.stdout.trim().split(/\s+/)[0] : undefined;
  return {
    installed,
    active: name ? { name: shortToolchain(name), version: 'stdout' in rustc ? rustcVersion(rustc.stdout) : null } : null,
  };
}

/** The workspace root's own pins that a member builds with: its rust-toolchain file and `[workspace.package]`, named from the member. */
async function workspaceRootPins(workspaceRoot: string, member: string): Promise<Pin[]> {
  const scan = await scanProject(workspaceRoot, { toolchain: false });
  const up = relative(member, workspaceRoot).split(sep).join('/');
  const shared: PinKind[] = ['toolchain-channel', 'cargo-edition', 'cargo-rust-version', 'clippy-msrv'];
  return scan.pins.filter((pin) => !pin.file.includes('/') && shared.includes(pin.kind)).map((pin) => ({ ...pin, file: `${up}/${pin.file}` }));
}

/** The newest version of `crate` in the lockfile, or null (no lockfile, or the crate is not in it). */
async function lockedVersion(dir: string, crate: string, shownAs: string): Promise<ProjectFacts['wasmtime']> {
  const text = await readFile(join(dir, 'Cargo.lock'), 'utf8').catch(() => null);
  if (text === null) return null;
  const versions = text
    .split(/^\[\[package\]\]\s*$/m)
    .map((block) => ({ name: /^name = "([^"]+)"/m.exec(block)?.[1], version: /^version = "([^"]+)"/m.exec(block)?.[1] }))
    .filter((p): p is { name: string; version: string } => p.name === crate && p.version !== undefined)
    .map((p) => p.version)
    .sort(compareVersions);
  const newest = versions.at(-1);
  return newest ? { version: newest, source: `${shownAs} (${crate} ${newest})` } : null;
}

/** Without a lockfile: the newest version a manifest asks for, as written. */
function manifestVersion(pins: Pin[], crate: string): ProjectFacts['wasmtime'] {
  const asked = pins.filter((pin) => pin.name === crate).sort((a, b) => compareVersions(a.value.replace(/^[\^=~]/, ''), b.value.replace(/^[\^=~]/, '')));
  const newest = asked.at(-1);
  return newest ? { version: newest.value.replace(/^[\^=~]\s*/, ''), source: `${newest.file} (${crate} = "${newest.value}")` } : null;
}

/** The targets of the Makefile `make` reads in the root (GNUmakefile, makefile, Makefile). */
async function makeTargets(root: string, files: string[]): Promise<string[]> {
  const makefile = ['GNUmakefile', 'makefile', 'Makefile'].find((name) => files.includes(name));
  if (!makefile) return [];
  const text = await readFile(join(root, makefile), 'utf8').catch(() => '');
  const targets = [...text.matchAll(/^([A-Za-z0-9_.\-/ ]+?)\s*::?(?!=)/gm)].flatMap((m) => m[1]!.split(/\s+/)).filter((t) => t && !t.startsWith('.'));
  return [...new Set(targets)].sort();
}
