// Can the plan's target work at all? Checks the plan parameters against the
// compatibility knowledge base, the project's pins and its resolved dependency
// graph, before step one. Pure and synchronous: every text it writes is deterministic.
import type { Finding, FindingChoice, FindingSeverity, FloorPin, PreflightReport, ToolchainFloor } from '../../shared/preflight';
import type { Pin } from '../../shared/scan';
import type { Compatibility, WasmtimeEntry } from '../knowledge/compatibility';
import { TOOLCHAIN_PIN_KINDS } from '../scanner/conflicts';
import { PARAM_TYPE_RULES, valueError, type ParamType } from '../../shared/planParams';
import { compareVersions } from '../toolchain/version';
import type { DependencyGraph, ResolvedPackage } from './cargoMetadata';
import { code, listText } from './findingText';
import { graphFailureFinding } from './graphFailure';
import { toolchainFloor, wasmtimeInGraph } from './toolchainFloor';

export interface PreflightInput {
  params: Record<string, string>;
  pins: Pin[];
  knowledge: Compatibility;
  /**
   * The resolved dependency graph (`readDependencyMsrvs().dependencies`), or why it
   * could not be read. Omitted: the checks that need it fall back to the pins.
   */
  dependencyMsrvs?: DependencyGraph;
}

/**
 * Where wasmtime shows in the project: the resolved graph's wasmtime packages when
 * the graph was read, else the Cargo.toml pins that name it; null when it does not.
 */
interface WasmtimeUse {
  resolved: ResolvedPackage[] | null;
  pins: Pin[];
}

/** The parameters the preflight reads, with the types a plan gives them (the built-in plan does). */
export const PREFLIGHT_PARAMETERS: readonly { name: string; type: ParamType }[] = [
  { name: 'from_rust', type: 'rust-version' },
  { name: 'to_rust', type: 'rust-version' },
  { name: 'from_wasmtime', type: 'crate-version' },
  { name: 'to_wasmtime', type: 'crate-version' },
  { name: 'edition', type: 'edition' },
];


const KNOWLEDGE = 'resources/knowledge/compatibility.yaml';
const SEVERITY_ORDER: Record<FindingSeverity, number> = { blocker: 0, warning: 1, info: 2 };

export function preflight(input: PreflightInput): PreflightReport {
  const { params, pins, knowledge } = input;
  const graph = input.dependencyMsrvs;
  const findings: Finding[] = [];
  const floor = graph && graph.read !== null ? toolchainFloor(graph.packages, graph.read, knowledge) : null;
  if (graph && graph.read === null) findings.push(graphFailureFinding(graph.failure));
  const wasmtime = wasmtimeUse(graph, pins);

  const fromRust = rustParam(params, 'from_rust', findings);
  const toRust = rustParam(params, 'to_rust', findings);
  // wasmtime's parameters mean something only for a project that has wasmtime.
  const toWasmtime = wasmtime ? wasmtimeParam(params, 'to_wasmtime', findings) : null;
  const fromWasmtime = wasmtime && params.from_wasmtime?.trim() ? wasmtimeParam(params, 'from_wasmtime', findings) : null;
  const edition = editionParam(params, findings);

  if (fromRust && toRust && compareVersions(toRust, fromRust) < 0) findings.push(targetBelowStart(fromRust, toRust));
  if (toRust && toWasmtime !== null) findings.push(...wasmtimeTarget(knowledge, toRust, toWasmtime));
  if (toRust) {
    findings.push(...editionFindings(knowledge, pins, toRust, edition));
    findings.push(...renamedTargets(knowledge, pins, fromRust, toRust));
    if (floor) findings.push(...dependencyMsrv(floor, toRust, toWasmtime !== null));
  }
  if (fromRust && wasmtime) findings.push(...wasmtimeStart(knowledge, wasmtime, fromRust, fromWasmtime));
  if (fromRust && floor) findings.push(...baselineBelowFloor(floor, fromRust));
  findings.push(...toolchainPinsDisagree(pins));

  // Blockers first; within a severity, the order above (stable sort).
  findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  return { params: { ...params }, findings, floor };
}

function wasmtimeUse(graph: DependencyGraph | undefined, pins: Pin[]): WasmtimeUse | null {
  const wasmtimePins = pins.filter((p) => p.kind === 'cargo-dependency' && p.name === 'wasmtime');
  if (graph && graph.read !== null) {
    const resolved = wasmtimeInGraph(graph.packages);
    return resolved.length > 0 ? { resolved, pins: wasmtimePins } : null;
  }
  return wasmtimePins.length > 0 ? { resolved: null, pins: wasmtimePins } : null;
}

// ---------------------------------------------------------------------------
// Parameters

/**
 * A parameter's value when it is of the type the preflight reads it as (a
 * plan may declare `to_rust` as a toolchain or as text: `stable` cannot be
 * compared), else null and a blocker that says so.
 */
function typedParam(params: Record<string, string>, name: string, type: ParamType, findings: Finding[]): string | null {
  const value = params[name]?.trim();
  const error = value ? valueError(type, value) : null;
  if (value && !error) return value;
  const { noun, expected } = PARAM_TYPE_RULES[type];
  findings.push({
    id: `invalid-param-${name}`,
    severity: 'blocker',
    message: error ? `Parameter ${name}: ${error}.` : `Parameter ${name} is missing: it must be ${noun} (${expected}).`,
    detail: `The preflight compares versions, so \`${name}\` must be ${noun}. Channel names such as \`stable\` cannot be checked; give the release number.`,
    choices: [],
    sources: [],
  });
  return null;
}

function rustParam(params: Record<string, string>, name: string, findings: Finding[]): string | null {
  return typedParam(params, name, 'rust-version', findings);
}

/** A wasmtime major version (`35`, `35.0` and `35.0.0` all mean 35). */
function wasmtimeParam(params: Record<string, string>, name: string, findings: Finding[]): number | null {
  const value = typedParam(params, name, 'crate-version', findings);
  return value === null ? null : Number(/^\d+/.exec(value)![0]);
}

function editionParam(params: Record<string, string>, findings: Finding[]): string | null {
  return params.edition?.trim() ? typedParam(params, 'edition', 'edition', findings) : null;
}

function targetBelowStart(fromRust: string, toRust: string): Finding {
  return {
    id: 'target-below-start',
    severity: 'blocker',
    message: `to_rust ${toRust} is older than from_rust ${fromRust}: the plan would downgrade Rust.`,
    detail: `The plan upgrades from \`from_rust\` (${fromRust}) to \`to_rust\` (${toRust}); the target must be the same release or newer.`,
    choices: [{ label: `Swap them: from Rust ${toRust} to ${fromRust}`, params: { from_rust: toRust, to_rust: fromRust } }],
    sources: [],
  };
}

// ---------------------------------------------------------------------------
// wasmtime

function wasmtimeTarget(knowledge: Compatibility, toRust: string, toWasmtime: number): Finding[] {
  const entry = knowledge.wasmtime.find((e) => e.major === toWasmtime);
  if (!entry) {
    const first = knowledge.wasmtime[0]!.major;
    const last = knowledge.wasmtime[knowledge.wasmtime.length - 1]!.major;
    return [
      {
        id: 'wasmtime-unknown',
        severity: 'warning',
        message: `The knowledge base has no minimum Rust for wasmtime ${toWasmtime} (it covers ${first} to ${last}), so that pairing was not checked.`,
        detail: `Look up \`rust-version\` in wasmtime's \`Cargo.toml\` at the \`v${toWasmtime}.0.0\` tag, and add the entry (with its source) to \`${KNOWLEDGE}\`.`,
        choices: [],
        sources: [KNOWLEDGE],
      },
    ];
  }
  if (satisfies(toRust, entry.rust)) return [];

  const fits = knowledge.wasmtime.filter((e) => e.major < toWasmtime && satisfies(toRust, e.rust));
  const newest = fits[fits.length - 1];
  const choices: FindingChoice[] = [{ label: `Target Rust ${entry.rust}`, params: { to_rust: entry.rust } }];
  if (newest) {
    choices.push({ label: `Stay on wasmtime ${newest.major}, the newest that builds with Rust ${toRust}`, params: { to_wasmtime: String(newest.major) } });
  }

  const rows = knowledge.wasmtime.filter((e) => e.major >= (newest?.major ?? entry.major) && e.major <= entry.major);
  const edition2024 = editionRust(knowledge, '2024');
  const detail = [
    entry.edition2024 && edition2024 && !satisfies(toRust, edition2024)
      ? `wasmtime ${toWasmtime} declares Rust ${entry.rust} as its minimum (\`rust-version\`) and is written in edition 2024, which cargo reads only from ${edition2024}: cargo for Rust ${toRust} stops before compiling anything, with ${code('feature `edition2024` is required')}.`
      : `wasmtime ${toWasmtime} declares Rust ${entry.rust} as its minimum (\`rust-version\`), so cargo for Rust ${toRust} refuses to build it.`,
    '',
    newest
      ? `Either raise the target to Rust ${entry.rust} or later, or stay on wasmtime ${newest.major} (the newest release whose minimum is at most ${toRust}):`
      : `Raise the target to Rust ${entry.rust} or later: no wasmtime in the knowledge base builds with Rust ${toRust}.`,
    '',
    '| wasmtime | needs Rust |',
    '|---|---|',
    ...rows.map((e) => `| ${e.major} | ${e.rust}${e.edition2024 ? ' (edition 2024)' : ''} |`),
  ].join('\n');

  return [
    {
      id: 'wasmtime-msrv',
      severity: 'blocker',
      message: `wasmtime ${toWasmtime} requires Rust ${entry.rust} or newer; the plan targets Rust ${toRust}, so this upgrade cannot build.`,
      detail,
      choices,
      sources: sourcesOf([entry, ...(newest ? [newest] : [])], (e) => `${KNOWLEDGE}#wasmtime-${e.major}`),
    },
  ];
}

/**
 * The project's current wasmtime must build with the starting toolchain too: the
 * resolved graph says which it is, else the Cargo.toml pins; `from_wasmtime`
 * stands in when neither gives a version.
 */
function wasmtimeStart(knowledge: Compatibility, wasmtime: WasmtimeUse, fromRust: string, fromWasmtime: number | null): Finding[] {
  const known: { major: number | null; where: string }[] = wasmtime.resolved
    ? wasmtime.resolved.map((p) => ({ major: dependencyMajor(p.version), where: `\`cargo metadata\` resolves wasmtime ${p.version}` }))
    : wasmtime.pins.map((p) => ({ major: dependencyMajor(p.value), where: `\`${p.file}:${p.line}\` pins wasmtime \`${p.value}\`` }));
  const majors = known.filter((k) => k.major !== null);
  if (majors.length === 0 && fromWasmtime !== null) {
    majors.push({ major: fromWasmtime, where: `No Cargo.toml pins a wasmtime version; the plan's \`from_wasmtime\` is ${fromWasmtime}` });
  }
  let worst: { where: string; entry: WasmtimeEntry } | null = null;
  for (const { major, where } of majors) {
    const entry = knowledge.wasmtime.find((e) => e.major === major);
    if (!entry || satisfies(fromRust, entry.rust)) continue;
    if (!worst || compareVersions(entry.rust, worst.entry.rust) > 0) worst = { where, entry };
  }
  if (!worst) return [];
  const { where, entry } = worst;
  return [
    {
      id: 'wasmtime-msrv-start',
      severity: 'warning',
      message: `The starting point (Rust ${fromRust} + wasmtime ${entry.major}) cannot build wasmtime: it needs Rust ${entry.rust}, so the baseline measurements will fail.`,
      detail: [
        `${where}, and wasmtime ${entry.major} needs Rust ${entry.rust} or newer.`,
        `With Rust ${fromRust}, the plan's baseline steps (\`cargo check --all-features\`, \`cargo test --no-run\`) fail before anything changes: that failure is the starting point, not a regression.`,
        `For a baseline that builds, record it with Rust ${entry.rust}.`,
      ].join('\n'),
      choices: [{ label: `Start from Rust ${entry.rust}, the oldest that builds wasmtime ${entry.major}`, params: { from_rust: entry.rust } }],
      sources: sourcesOf([entry], (e) => `${KNOWLEDGE}#wasmtime-${e.major}`),
    },
  ];
}

/** The major version of a Cargo version requirement: `25.0`, `^25`, `=25.0.1`, `>=25, <27`. */
function dependencyMajor(value: string): number | null {
  const match = /^[\s=^~>]*v?(\d+)(?![\d])/.exec(value);
  return match ? Number(match[1]) : null;
}

// ---------------------------------------------------------------------------
// Editions

function editionFindings(knowledge: Compatibility, pins: Pin[], toRust: string, editionParam: string | null): Finding[] {
  const findings: Finding[] = [];
  for (const entry of knowledge.editions) {
    const pinned = pins.filter((p) => p.kind === 'cargo-edition' && unquote(p.value) === entry.edition);
    const fromParam = editionParam === entry.edition;
    if ((!fromParam && pinned.length === 0) || satisfies(toRust, entry.rust)) continue;

    const files = unique(pinned.map((p) => p.file));
    const message = fromParam
      ? `Edition ${entry.edition} needs Rust ${entry.rust} or newer; the plan targets Rust ${toRust}.`
      : `${listText(files)} already ${files.length === 1 ? 'uses' : 'use'} edition ${entry.edition}, which needs Rust ${entry.rust} or newer; the plan targets Rust ${toRust}.`;
    const choices: FindingChoice[] = [{ label: `Target Rust ${entry.rust}`, params: { to_rust: entry.rust } }];
    if (fromParam && entry.edition === '2024') choices.push({ label: 'Stay on edition 2021', params: { edition: '2021' } });
    findings.push({
      id: `edition-${entry.edition}`,
      severity: 'blocker',
      message,
      detail: [
        `Cargo older than ${entry.rust} cannot read a manifest with \`edition = "${entry.edition}"\`: it stops with ${code(`feature \`edition${entry.edition}\` is required`)}.`,
        ...(entry.edition === '2024'
          ? ['Edition 2024 is optional for this upgrade: the plan\'s `update-edition` step can wait until the toolchain is 1.85 or newer, and needs `cargo fix --edition` first.']
          : []),
        ...(pinned.length ? ['', ...pinned.map((p) => `- \`${p.file}:${p.line}\`: ${code(p.text)}`)] : []),
      ].join('\n'),
      choices,
      sources: sourcesOf([entry], (e) => `${KNOWLEDGE}#edition-${e.edition}`),
    });
  }
  return findings;
}

function editionRust(knowledge: Compatibility, edition: string): string | undefined {
  return knowledge.editions.find((e) => e.edition === edition)?.rust;
}

// ---------------------------------------------------------------------------
// Renamed and removed targets (wasm32-wasi)

function renamedTargets(knowledge: Compatibility, pins: Pin[], fromRust: string | null, toRust: string): Finding[] {
  const findings: Finding[] = [];
  for (const target of knowledge.targets) {
    const removed = satisfies(toRust, target.removedIn);
    if (!removed && !satisfies(toRust, target.warnsFrom)) continue;
    const named = uniqueBy(
      pins.filter(
        (p) =>
          (p.kind === 'wasm32-wasi-target' && target.name === 'wasm32-wasi') ||
          ((p.kind === 'toolchain-target' || p.kind === 'cargo-config-target') && unquote(p.value) === target.name),
      ),
      (p) => `${p.file}:${p.line}`,
    );
    if (named.length === 0) continue;

    const files = unique(named.map((p) => p.file));
    const still = `${files.length === 1 ? '1 file still names it' : `${files.length} files still name it`}: ${files.join(', ')}.`;
    const message = removed
      ? `Rust ${toRust} no longer has the \`${target.name}\` target (removed in ${target.removedIn}: "${target.removedError.split(';')[0]}"); ${still}`
      : `Rust ${toRust} warns that the \`${target.name}\` target is being renamed to \`${target.replacement}\`; ${still}`;
    const detail = [
      removed
        ? `\`${target.name}\` was removed from stable Rust in ${target.removedIn}; rustup says: ${code(target.removedError)}`
        : `From Rust ${target.warnsFrom}, builds for \`${target.name}\` warn: ${code(target.warning)}. It is removed in ${target.removedIn}.`,
      '',
      ...named.map((p) => `- \`${p.file}:${p.line}\`: ${code(p.text)}`),
      '',
      `The plan's \`wasm-target\` step moves these to \`${target.replacement}\` (available since Rust ${target.replacementSince}).`,
      ...(fromRust && !satisfies(fromRust, target.replacementSince)
        ? [`Rust ${fromRust} does not have \`${target.replacement}\` yet: make the change after switching toolchains.`]
        : []),
    ].join('\n');
    findings.push({
      id: target.name,
      severity: removed ? 'blocker' : 'warning',
      message,
      detail,
      choices: [],
      sources: sourcesOf([target], (t) => `${KNOWLEDGE}#target-${t.name}`),
    });
  }
  return findings;
}

// ---------------------------------------------------------------------------
// Dependencies (cargo metadata)

/**
 * Dependencies of the resolved graph that need a newer Rust than the target. wasmtime is
 * left to its own check when the plan moves it (its version after the upgrade is `to_wasmtime`).
 */
function dependencyMsrv(floor: ToolchainFloor, toRust: string, wasmtimeMoves: boolean): Finding[] {
  const tooNew = floor.pins.filter(
    (p) => !p.member && p.reason !== 'knowledge' && !(wasmtimeMoves && p.name === 'wasmtime') && !satisfies(toRust, p.rust),
  );
  const highest = tooNew[0];
  if (!highest) return [];
  const needed = choiceVersion(highest.rust);
  const message =
    tooNew.length === 1
      ? `Dependency \`${highest.name}\` ${highest.version} requires Rust ${highest.rust}${byEdition(highest)}; the plan targets Rust ${toRust}.`
      : `${tooNew.length} dependencies require a newer Rust than the plan's target ${toRust} (up to ${highest.rust}).`;
  return [
    {
      id: 'dependency-msrv',
      severity: 'blocker',
      message,
      detail: [
        ...pinTable(tooNew),
        '',
        `Read from the resolved dependency graph (\`cargo metadata\`: the \`rust-version\` and edition each package declares): cargo for Rust ${toRust} refuses to build them.`,
        'Raise the target, or pin an older release of each with `cargo update -p NAME --precise VERSION`.',
      ].join('\n'),
      choices: [{ label: `Target Rust ${needed}`, params: { to_rust: needed } }],
      sources: ['cargo metadata'],
    },
  ];
}

/**
 * The packages the starting toolchain cannot build, so the baseline fails before
 * anything changes. wasmtime has its own check (wasmtimeStart).
 */
function baselineBelowFloor(floor: ToolchainFloor, fromRust: string): Finding[] {
  const tooNew = floor.pins.filter((p) => p.name !== 'wasmtime' && !satisfies(fromRust, p.rust));
  const highest = tooNew[0];
  if (!highest) return [];
  const needed = choiceVersion(highest.rust);
  const message =
    tooNew.length === 1
      ? `The starting point (Rust ${fromRust}) cannot build \`${highest.name}\` ${highest.version}: it needs Rust ${highest.rust}${byEdition(highest)}, so the baseline measurements will fail.`
      : `The starting point (Rust ${fromRust}) cannot build ${tooNew.length} packages of the project (they need up to Rust ${highest.rust}), so the baseline measurements will fail.`;
  return [
    {
      id: 'baseline-below-floor',
      severity: 'warning',
      message,
      detail: [
        ...pinTable(tooNew),
        '',
        `The oldest Rust this project's resolved dependency graph builds with is ${floor.rust}. With Rust ${fromRust} the plan's baseline steps fail before anything changes: that failure is the starting point, not a regression.`,
      ].join('\n'),
      choices: [{ label: `Start from Rust ${needed}, the project's floor`, params: { from_rust: needed } }],
      sources: ['cargo metadata'],
    },
  ];
}

function byEdition(pin: FloorPin): string {
  return pin.reason === 'edition' ? ` (${pin.why})` : '';
}

function pinTable(pins: FloorPin[]): string[] {
  return [
    '| Crate | Version | needs Rust | because of |',
    '|---|---|---|---|',
    ...pins.map((p) => `| \`${p.name}\`${p.member ? ' (this project)' : ''} | ${p.version} | ${p.rust} | ${p.why} |`),
  ];
}

// ---------------------------------------------------------------------------
// Toolchain pins that disagree

function toolchainPinsDisagree(pins: Pin[]): Finding[] {
  const byVersion = new Map<string, Pin[]>();
  for (const pin of pins) {
    if (!TOOLCHAIN_PIN_KINDS.includes(pin.kind)) continue;
    const match = /(\d+)\.(\d+)/.exec(pin.value);
    if (!match) continue; // `stable`, `${RUST_VERSION}`: nothing to compare
    const version = `${Number(match[1])}.${Number(match[2])}`;
    byVersion.set(version, [...(byVersion.get(version) ?? []), pin]);
  }
  if (byVersion.size < 2) return [];
  const groups = [...byVersion.entries()].sort(([a], [b]) => compareVersions(a, b));
  const parts = groups.map(([version, group]) => `${version} (${unique(group.map((p) => p.file)).join(', ')})`);
  return [
    {
      id: 'rust-pins-disagree',
      severity: 'info',
      message: `The Rust version pins disagree: ${listText(parts)}.`,
      detail: [
        ...groups.flatMap(([, group]) => group.map((p) => `- \`${p.file}:${p.line}\`: ${code(p.text)}`)),
        '',
        "The plan's edit steps set every pin to the target version, so this resolves itself; until then each place builds with the toolchain it names.",
      ].join('\n'),
      choices: [],
      sources: ['project scan'],
    },
  ];
}

// ---------------------------------------------------------------------------
// Helpers

/**
 * Does a toolchain meet a minimum? `1.81` (no patch) means the 1.81 release
 * line, so only major.minor is compared; `1.81.0` is compared in full.
 */
export function satisfies(toolchain: string, minimum: string): boolean {
  if (toolchain.split('.').length >= 3) return compareVersions(toolchain, minimum) >= 0;
  const [major, minor] = minimum.split('.');
  return compareVersions(toolchain, `${major}.${minor}`) >= 0;
}

/** `1.86.0` -> `1.86` for a `to_rust` choice; keeps a non-zero patch. */
function choiceVersion(version: string): string {
  const [major, minor, patch] = version.split('.');
  return patch && patch !== '0' ? version : `${major}.${minor}`;
}

function sourcesOf<T extends { source: string[] }>(entries: T[], idOf: (entry: T) => string): string[] {
  return unique(entries.flatMap((e) => [idOf(e), ...e.source]));
}

function unquote(value: string): string {
  return value.replace(/^["']|["']$/g, '');
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function uniqueBy<T>(values: T[], key: (value: T) => string): T[] {
  const seen = new Set<string>();
  return values.filter((v) => (seen.has(key(v)) ? false : (seen.add(key(v)), true)));
}
