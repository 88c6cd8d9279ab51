import { describe, expect, it } from 'vitest';
import { loadBuiltinCompatibility } from '../../src/core/knowledge/compatibility';
import { resolveResourcesDir } from '../../src/core/platform/fs/paths';
import { preflight, satisfies, type ResolvedPackage } from '../../src/core/preflight';
import { SEED_PARAMS } from '../helpers/seedParams';
import { parseCargoMetadata } from '../../src/core/preflight/cargoMetadata';
import type { Finding } from '../../src/shared/preflight';
import type { Pin, PinKind } from '../../src/shared/scan';

const knowledge = loadBuiltinCompatibility(resolveResourcesDir());

function pin(file: string, line: number, kind: PinKind, value: string, text: string, name?: string): Pin {
  return { file, line, column: Math.max(1, text.indexOf(value) + 1), kind, value, text, ...(name ? { name } : {}) };
}

/** The seed project (PhotonDrift before the upgrade): Rust 1.75 everywhere, wasmtime 25, wasm32-wasi. */
const SEED_PINS: Pin[] = [
  pin('Cargo.toml', 4, 'cargo-edition', '2021', 'edition = "2021"'),
  pin('Cargo.toml', 5, 'cargo-rust-version', '1.75', 'rust-version = "1.75"'),
  pin('Cargo.toml', 16, 'cargo-dependency', '25.0', 'wasmtime = { version = "25.0", optional = true }', 'wasmtime'),
  pin('Makefile', 2, 'makefile-rust-version', '1.75', 'RUST_VERSION ?= 1.75', 'RUST_VERSION'),
  pin('Dockerfile', 2, 'docker-from-rust', '1.75-alpine', 'FROM rust:1.75-alpine AS builder'),
  pin('.github/workflows/ci.yml', 13, 'ci-rust-toolchain-action', '1.75', '- uses: dtolnay/rust-toolchain@1.75'),
  pin('.github/workflows/ci.yml', 15, 'ci-toolchain', '1.75.0', 'toolchain: 1.75.0'),
  pin('clippy.toml', 1, 'clippy-msrv', '1.75', 'msrv = "1.75"'),
];
const WASI_PIN = pin('Makefile', 14, 'wasm32-wasi-target', 'wasm32-wasi', 'cargo build --target wasm32-wasi --features wasm');

/** A dependency as `cargo metadata` resolves it (not one of the project's own packages). */
function dep(name: string, version: string, rustVersion: string | null, edition: string | null = '2021'): ResolvedPackage {
  return { name, version, rustVersion, edition, member: false };
}

/** The findings for these parameters over the seed's defaults; with `packages`, as the resolved graph read offline. */
function run(params: Record<string, string>, pins: Pin[] = SEED_PINS, packages?: ResolvedPackage[]): Finding[] {
  const dependencyMsrvs = packages ? { read: 'offline' as const, packages } : undefined;
  return preflight({ params: { ...SEED_PARAMS, ...params }, pins, knowledge, dependencyMsrvs }).findings;
}

const ids = (findings: Finding[]): string[] => findings.map((f) => f.id);
const byId = (findings: Finding[], id: string): Finding => {
  const finding = findings.find((f) => f.id === id);
  if (!finding) throw new Error(`no ${id} finding among ${ids(findings).join(', ')}`);
  return finding;
};

describe('preflight: wasmtime MSRV', () => {
  it("blocks the seed's defaults (Rust 1.81 + wasmtime 35) with both ways out", () => {
    const findings = run({});
    const finding = byId(findings, 'wasmtime-msrv');
    expect(findings[0]).toBe(finding);
    expect(finding.severity).toBe('blocker');
    expect(finding.message).toBe('wasmtime 35 requires Rust 1.86 or newer; the plan targets Rust 1.81, so this upgrade cannot build.');
    expect(finding.choices).toEqual([
      { label: 'Target Rust 1.86', params: { to_rust: '1.86' } },
      { label: 'Stay on wasmtime 29, the newest that builds with Rust 1.81', params: { to_wasmtime: '29' } },
    ]);
    expect(finding.detail).toContain('feature `edition2024` is required');
    expect(finding.detail).toContain('| 29 | 1.81 |\n| 30 | 1.82 |');
    expect(finding.sources).toContain('https://github.com/bytecodealliance/wasmtime/blob/v35.0.0/Cargo.toml');
  });

  it('gives exactly the findings below for the seed, blockers first', () => {
    const report = preflight({ params: { ...SEED_PARAMS }, pins: [...SEED_PINS, WASI_PIN], knowledge });
    expect(report.params).toEqual({ from_rust: '1.75', to_rust: '1.81', to_wasmtime: '35' });
    expect(report.findings.map((f) => [f.severity, f.id])).toEqual([
      ['blocker', 'wasmtime-msrv'],
      ['warning', 'wasm32-wasi'],
      ['warning', 'wasmtime-msrv-start'],
    ]);
  });

  it('is cleared by targeting Rust 1.86', () => {
    expect(ids(run({ to_rust: '1.86' }))).not.toContain('wasmtime-msrv');
    expect(ids(run({ to_rust: '1.86.0' }))).not.toContain('wasmtime-msrv');
  });

  it('is cleared by staying on wasmtime 29 with Rust 1.81', () => {
    expect(ids(run({ to_wasmtime: '29' }))).not.toContain('wasmtime-msrv');
    expect(ids(run({ to_wasmtime: '29.0' }))).not.toContain('wasmtime-msrv');
  });

  it('blocks wasmtime 30 with Rust 1.81: it needs 1.82', () => {
    const finding = byId(run({ to_wasmtime: '30' }), 'wasmtime-msrv');
    expect(finding.message).toBe('wasmtime 30 requires Rust 1.82 or newer; the plan targets Rust 1.81, so this upgrade cannot build.');
    expect(finding.choices.map((c) => c.params)).toEqual([{ to_rust: '1.82' }, { to_wasmtime: '29' }]);
    expect(finding.detail).not.toContain('edition2024');
  });

  it('offers no older wasmtime when none builds with the target', () => {
    const finding = byId(run({ from_rust: '1.70', to_rust: '1.77' }), 'wasmtime-msrv');
    expect(finding.choices).toEqual([{ label: 'Target Rust 1.86', params: { to_rust: '1.86' } }]);
  });

  it('warns when the knowledge base does not know the wasmtime version', () => {
    const finding = byId(run({ to_wasmtime: '99' }), 'wasmtime-unknown');
    expect(finding.severity).toBe('warning');
    expect(finding.message).toBe('The knowledge base has no minimum Rust for wasmtime 99 (it covers 25 to 36), so that pairing was not checked.');
  });
});

describe('preflight: the starting point', () => {
  it('warns that Rust 1.75 cannot build the pinned wasmtime 25', () => {
    const finding = byId(run({}), 'wasmtime-msrv-start');
    expect(finding.severity).toBe('warning');
    expect(finding.message).toBe(
      'The starting point (Rust 1.75 + wasmtime 25) cannot build wasmtime: it needs Rust 1.78, so the baseline measurements will fail.',
    );
    expect(finding.detail).toContain('`Cargo.toml:16` pins wasmtime `25.0`');
    expect(finding.choices).toEqual([{ label: 'Start from Rust 1.78, the oldest that builds wasmtime 25', params: { from_rust: '1.78' } }]);
  });

  it('is quiet when the starting toolchain builds the pinned wasmtime', () => {
    expect(ids(run({ from_rust: '1.78' }))).not.toContain('wasmtime-msrv-start');
  });

  it('reads requirement syntax such as ^27.0.1', () => {
    const pins = [pin('Cargo.toml', 9, 'cargo-dependency', '^27.0.1', 'wasmtime = "^27.0.1"', 'wasmtime')];
    expect(byId(run({ from_rust: '1.79' }, pins), 'wasmtime-msrv-start').message).toContain('(Rust 1.79 + wasmtime 27)');
  });
});

describe('preflight: edition 2024', () => {
  it('blocks edition 2024 with Rust 1.81', () => {
    const finding = byId(run({ to_wasmtime: '29', edition: '2024' }), 'edition-2024');
    expect(finding.severity).toBe('blocker');
    expect(finding.message).toBe('Edition 2024 needs Rust 1.85 or newer; the plan targets Rust 1.81.');
    expect(finding.choices).toEqual([
      { label: 'Target Rust 1.85', params: { to_rust: '1.85' } },
      { label: 'Stay on edition 2021', params: { edition: '2021' } },
    ]);
  });

  it('blocks a Cargo.toml already on edition 2024', () => {
    const pins = [pin('crates/core/Cargo.toml', 4, 'cargo-edition', '2024', 'edition = "2024"')];
    const finding = byId(run({ to_wasmtime: '29' }, pins), 'edition-2024');
    expect(finding.message).toBe('crates/core/Cargo.toml already uses edition 2024, which needs Rust 1.85 or newer; the plan targets Rust 1.81.');
    expect(finding.choices.map((c) => c.params)).toEqual([{ to_rust: '1.85' }]);
  });

  it('allows edition 2024 with Rust 1.85', () => {
    expect(run({ to_rust: '1.85', to_wasmtime: '34', edition: '2024' }).filter((f) => f.severity === 'blocker')).toEqual([]);
  });
});

describe('preflight: wasm32-wasi', () => {
  const pins = [...SEED_PINS, WASI_PIN];

  it('warns at Rust 1.81 (renamed) and lists the files', () => {
    const finding = byId(run({ to_wasmtime: '29' }, pins), 'wasm32-wasi');
    expect(finding.severity).toBe('warning');
    expect(finding.message).toBe(
      'Rust 1.81 warns that the `wasm32-wasi` target is being renamed to `wasm32-wasip1`; 1 file still names it: Makefile.',
    );
    expect(finding.detail).toContain('- `Makefile:14`: `cargo build --target wasm32-wasi --features wasm`');
    expect(finding.detail).toContain("The plan's `wasm-target` step moves these to `wasm32-wasip1` (available since Rust 1.78).");
  });

  it('blocks at Rust 1.84 (removed)', () => {
    const finding = byId(run({ to_rust: '1.84', to_wasmtime: '33' }, pins), 'wasm32-wasi');
    expect(finding.severity).toBe('blocker');
    expect(finding.message).toBe(
      "Rust 1.84 no longer has the `wasm32-wasi` target (removed in 1.84: \"rustup does not support target 'wasm32-wasi'\"); 1 file still names it: Makefile.",
    );
  });

  it('says nothing before 1.81 or without such pins', () => {
    expect(ids(run({ to_rust: '1.80', to_wasmtime: '27' }, pins))).not.toContain('wasm32-wasi');
    expect(ids(run({ to_rust: '1.84' }))).not.toContain('wasm32-wasi');
  });
});

describe('preflight: dependency MSRVs', () => {
  const deps: ResolvedPackage[] = [dep('serde', '1.0.210', '1.61'), dep('wasm-shim', '2.1.0', '1.86.0')];

  it('blocks a dependency that needs a newer Rust than the target', () => {
    const finding = byId(run({ to_wasmtime: '29' }, SEED_PINS, deps), 'dependency-msrv');
    expect(finding.severity).toBe('blocker');
    expect(finding.message).toBe('Dependency `wasm-shim` 2.1.0 requires Rust 1.86.0; the plan targets Rust 1.81.');
    expect(finding.detail).toContain('| `wasm-shim` | 2.1.0 | 1.86.0 |');
    expect(finding.detail).not.toContain('serde');
    expect(finding.choices).toEqual([{ label: 'Target Rust 1.86', params: { to_rust: '1.86' } }]);
    expect(finding.sources).toEqual(['cargo metadata']);
  });

  it('summarises several, highest first', () => {
    const more = [...deps, dep('tokio', '1.45.0', '1.83')];
    const finding = byId(run({ to_wasmtime: '29' }, SEED_PINS, more), 'dependency-msrv');
    expect(finding.message).toBe("2 dependencies require a newer Rust than the plan's target 1.81 (up to 1.86.0).");
    expect(finding.detail.indexOf('wasm-shim')).toBeLessThan(finding.detail.indexOf('tokio'));
  });

  it('is cleared when the target meets every MSRV', () => {
    expect(ids(run({ to_rust: '1.86' }, SEED_PINS, deps))).not.toContain('dependency-msrv');
  });

  it('reads cargo metadata JSON: every package, the workspace members marked', () => {
    const json = JSON.stringify({
      workspace_members: ['path+file:///p#app@0.1.0'],
      packages: [
        { id: 'path+file:///p#app@0.1.0', name: 'app', version: '0.1.0', rust_version: '1.75', edition: '2021' },
        { id: 'registry+x#zeta@1.0.0', name: 'zeta', version: '1.0.0', rust_version: '1.70', edition: '2018' },
        { id: 'registry+x#alpha@2.0.0', name: 'alpha', version: '2.0.0', rust_version: '1.86.0', edition: '2024' },
        { id: 'registry+x#plain@1.0.0', name: 'plain', version: '1.0.0', rust_version: null, edition: '2015' },
      ],
    });
    expect(parseCargoMetadata(json)).toEqual([
      { name: 'alpha', version: '2.0.0', rustVersion: '1.86.0', edition: '2024', member: false },
      { name: 'app', version: '0.1.0', rustVersion: '1.75', edition: '2021', member: true },
      { name: 'plain', version: '1.0.0', rustVersion: null, edition: '2015', member: false },
      { name: 'zeta', version: '1.0.0', rustVersion: '1.70', edition: '2018', member: false },
    ]);
  });

  it('blocks a dependency written in edition 2024 below Rust 1.85, saying so', () => {
    const finding = byId(run({ to_wasmtime: '29' }, SEED_PINS, [dep('newer', '0.2.0', null, '2024')]), 'dependency-msrv');
    expect(finding.message).toBe('Dependency `newer` 0.2.0 requires Rust 1.85 (edition 2024); the plan targets Rust 1.81.');
    expect(finding.detail).toContain('| `newer` | 0.2.0 | 1.85 | edition 2024 |');
  });

  it('leaves the project\'s own packages to the edit steps, and wasmtime to its own check', () => {
    const own: ResolvedPackage = { ...dep('app', '0.1.0', '1.90'), member: true };
    const findings = run({ from_rust: '1.90', to_rust: '1.91' }, SEED_PINS, [own, dep('wasmtime', '36.0.0', '1.99')]);
    expect(ids(findings)).not.toContain('dependency-msrv');
  });
});

describe('preflight: toolchain pins that disagree', () => {
  it('adds one info finding summarising the versions', () => {
    const pins = [...SEED_PINS.filter((p) => p.kind !== 'ci-toolchain'), pin('.github/workflows/ci.yml', 15, 'ci-toolchain', '1.76.0', 'toolchain: 1.76.0')];
    const findings = run({ from_rust: '1.78', to_rust: '1.86' }, pins);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      id: 'rust-pins-disagree',
      severity: 'info',
      message: 'The Rust version pins disagree: 1.75 (Makefile, Dockerfile, .github/workflows/ci.yml, clippy.toml) and 1.76 (.github/workflows/ci.yml).',
    });
  });

  it('ignores pins that agree or name no version', () => {
    const pins = [...SEED_PINS, pin('rust-toolchain', 1, 'toolchain-channel', 'stable', 'stable')];
    expect(ids(run({ from_rust: '1.78', to_rust: '1.86' }, pins))).toEqual([]);
  });
});

describe('preflight: bad parameters', () => {
  it('blocks a target older than the start', () => {
    const finding = byId(run({ to_rust: '1.70', to_wasmtime: '25' }), 'target-below-start');
    expect(finding.severity).toBe('blocker');
    expect(finding.message).toBe('to_rust 1.70 is older than from_rust 1.75: the plan would downgrade Rust.');
    expect(finding.choices).toEqual([{ label: 'Swap them: from Rust 1.70 to 1.75', params: { from_rust: '1.70', to_rust: '1.75' } }]);
  });

  it('turns values that are not versions into blockers naming the parameter, without throwing', () => {
    const findings = preflight({ params: { from_rust: '1.75', to_rust: 'stable', to_wasmtime: 'latest', edition: '2027' }, pins: SEED_PINS, knowledge }).findings;
    expect(findings.slice(0, 3).map((f) => [f.severity, f.id])).toEqual([
      ['blocker', 'invalid-param-to_rust'],
      ['blocker', 'invalid-param-to_wasmtime'],
      ['blocker', 'invalid-param-edition'],
    ]);
    expect(findings[0]!.message).toBe('Parameter to_rust: "stable" is not a Rust version (expected e.g. 1.86 or 1.86.0).');
    // The checks that need only from_rust still run.
    expect(ids(findings)).toContain('wasmtime-msrv-start');
  });

  it('reports missing parameters, wasmtime\'s only for a project that has wasmtime', () => {
    // Issue 12: a project without wasmtime got a `to_wasmtime is missing` blocker nothing could clear.
    const findings = preflight({ params: {}, pins: [], knowledge }).findings;
    expect(ids(findings)).toEqual(['invalid-param-from_rust', 'invalid-param-to_rust']);
    const withWasmtime = preflight({ params: {}, pins: SEED_PINS, knowledge }).findings;
    expect(ids(withWasmtime)).toEqual(['invalid-param-from_rust', 'invalid-param-to_rust', 'invalid-param-to_wasmtime']);
    expect(findings[1]!.message).toBe('Parameter to_rust is missing: it must be a Rust version (e.g. 1.86 or 1.86.0).');
  });
});

describe('preflight: output', () => {
  it('is deterministic', () => {
    const input = { params: { ...SEED_PARAMS }, pins: [...SEED_PINS, WASI_PIN], knowledge };
    expect(JSON.stringify(preflight(input))).toBe(JSON.stringify(preflight(input)));
  });

  it('compares toolchains by release line unless a patch is given', () => {
    expect(satisfies('1.81', '1.81.1')).toBe(true);
    expect(satisfies('1.81.0', '1.81.1')).toBe(false);
    expect(satisfies('1.81', '1.82')).toBe(false);
    expect(satisfies('1.100', '1.86')).toBe(true);
  });
});

describe('preflight: from_wasmtime', () => {
  it('stands in for the starting wasmtime when the pins name wasmtime without a version', () => {
    const pins = [...SEED_PINS.filter((p) => p.kind !== 'cargo-dependency'), pin('Cargo.toml', 16, 'cargo-dependency', '*', 'wasmtime = "*"', 'wasmtime')];
    const finding = byId(run({ from_wasmtime: '25' }, pins), 'wasmtime-msrv-start');
    expect(finding.message).toBe(
      'The starting point (Rust 1.75 + wasmtime 25) cannot build wasmtime: it needs Rust 1.78, so the baseline measurements will fail.',
    );
    expect(finding.detail).toContain("No Cargo.toml pins a wasmtime version; the plan's `from_wasmtime` is 25");
  });

  it('means nothing for a project without wasmtime (issue 12: its baseline was said to fail)', () => {
    const pins = SEED_PINS.filter((p) => p.kind !== 'cargo-dependency');
    expect(run({ from_wasmtime: '25' }, pins)).toEqual([]);
    expect(run({ from_wasmtime: '25' }, SEED_PINS, [dep('serde', '1.0.152', null)])).toEqual([]);
  });

  it('yields to the pins, and is checked like to_wasmtime', () => {
    expect(byId(run({ from_wasmtime: '29' }), 'wasmtime-msrv-start').message).toContain('(Rust 1.75 + wasmtime 25)');
    expect(byId(run({ from_wasmtime: 'old' }), 'invalid-param-from_wasmtime').severity).toBe('blocker');
  });
});

describe('preflight: the resolved dependency graph', () => {
  const graphOf = (packages: ResolvedPackage[]) => ({ read: 'offline' as const, packages });

  it('gives the floor, the binding packages first, a declared rust-version before an edition at the same release', () => {
    const own: ResolvedPackage = { name: 'app', version: '0.1.0', rustVersion: '1.70', edition: '2021', member: true };
    const packages = [own, dep('serde', '1.0.152', null, '2018'), dep('edgy', '0.1.0', null, '2024'), dep('tight', '2.0.0', '1.85.0'), dep('mid', '1.2.0', '1.74')];
    const report = preflight({ params: { ...SEED_PARAMS, to_rust: '1.86' }, pins: [], knowledge, dependencyMsrvs: graphOf(packages) });
    expect(report.floor).toEqual({
      rust: '1.85.0',
      packages: 5,
      read: 'offline',
      pins: [
        { name: 'tight', version: '2.0.0', rust: '1.85.0', reason: 'rust-version', why: 'rust-version = "1.85.0"', member: false, binding: true },
        { name: 'edgy', version: '0.1.0', rust: '1.85', reason: 'edition', why: 'edition 2024', member: false, binding: true },
        { name: 'mid', version: '1.2.0', rust: '1.74', reason: 'rust-version', why: 'rust-version = "1.74"', member: false, binding: false },
        { name: 'app', version: '0.1.0', rust: '1.70', reason: 'rust-version', why: 'rust-version = "1.70"', member: true, binding: false },
      ],
    });
  });

  it('warns that the starting toolchain is below the floor, naming what sets it', () => {
    const finding = byId(run({ to_rust: '1.86' }, [], [dep('tight', '2.0.0', '1.80')]), 'baseline-below-floor');
    expect(finding.severity).toBe('warning');
    expect(finding.message).toBe(
      'The starting point (Rust 1.75) cannot build `tight` 2.0.0: it needs Rust 1.80, so the baseline measurements will fail.',
    );
    expect(finding.choices).toEqual([{ label: "Start from Rust 1.80, the project's floor", params: { from_rust: '1.80' } }]);
  });

  it('has no wasmtime findings when wasmtime is not in the graph, whatever the parameters say', () => {
    const findings = run({ to_wasmtime: '35', from_wasmtime: '25' }, [], [dep('serde', '1.0.152', null)]);
    expect(findings).toEqual([]);
  });

  it("applies wasmtime's table to the wasmtime the graph resolves, and its floor comes from the knowledge base", () => {
    const report = preflight({ params: { ...SEED_PARAMS }, pins: [], knowledge, dependencyMsrvs: graphOf([dep('wasmtime', '35.0.0', null)]) });
    expect(report.findings.map((f) => [f.severity, f.id])).toEqual([
      ['blocker', 'wasmtime-msrv'],
      ['warning', 'wasmtime-msrv-start'],
    ]);
    expect(report.findings[0]!.message).toBe('wasmtime 35 requires Rust 1.86 or newer; the plan targets Rust 1.81, so this upgrade cannot build.');
    expect(report.findings[1]!.detail).toContain('`cargo metadata` resolves wasmtime 35.0.0, and wasmtime 35 needs Rust 1.86 or newer.');
    expect(report.floor?.pins).toEqual([
      { name: 'wasmtime', version: '35.0.0', rust: '1.86', reason: 'knowledge', why: 'wasmtime 35 needs Rust 1.86 (knowledge base)', member: false, binding: true },
    ]);
  });

  it('falls back to the pins when the graph could not be read, with a warning that says why', () => {
    const failure = { kind: 'network' as const, command: 'cargo metadata --offline', cargoSays: 'no matching package named `serde` found' };
    const report = preflight({ params: { ...SEED_PARAMS }, pins: SEED_PINS, knowledge, dependencyMsrvs: { read: null, failure } });
    expect(report.floor).toBeNull();
    expect(ids(report.findings)).toEqual(['wasmtime-msrv', 'dependency-graph-unread', 'wasmtime-msrv-start']);
    const unread = byId(report.findings, 'dependency-graph-unread');
    expect(unread.message).toBe(
      "The dependency graph could not be read: `cargo metadata` needs the network to resolve it and was not allowed to go online, so no dependency's minimum Rust was checked.",
    );
    expect(unread.detail).toContain('run `cargo fetch` in the project once');
  });
});
