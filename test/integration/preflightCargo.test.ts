// The preflight from the real dependency graph: real crates written here, real
// `cargo metadata` (offline first), end to end into the findings, the toolchain
// floor and the CLI's report. Everything runs in temp folders.

import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPreflightReport } from '../../src/cli/commands/preflight';
import { loadBuiltinCompatibility } from '../../src/core/knowledge/compatibility';
import { resolveResourcesDir } from '../../src/core/platform/fs/paths';
import { preflight, readDependencyMsrvs, type DependencyGraph } from '../../src/core/preflight';
import { SEED_PARAMS } from '../helpers/seedParams';
import { scanProject } from '../../src/core/scanner';
import { copyRustFixture } from '../helpers/rustFixture';

const knowledge = loadBuiltinCompatibility(resolveResourcesDir());
let workDir: string;

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'stepwise-preflight-'));
});

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

interface CrateSpec {
  name: string;
  version?: string;
  edition?: string;
  rustVersion?: string;
  /** `[dependencies]` lines, as written. */
  dependencies?: string[];
}

/** A real library crate at `dir`: its Cargo.toml and a src/lib.rs. */
function writeCrate(dir: string, spec: CrateSpec): string {
  mkdirSync(join(dir, 'src'), { recursive: true });
  const lines = [
    '[package]',
    `name = "${spec.name}"`,
    `version = "${spec.version ?? '0.1.0'}"`,
    `edition = "${spec.edition ?? '2021'}"`,
    ...(spec.rustVersion ? [`rust-version = "${spec.rustVersion}"`] : []),
    'publish = false',
    '',
    '[dependencies]',
    ...(spec.dependencies ?? []),
  ];
  writeFileSync(join(dir, 'Cargo.toml'), `${lines.join('\n')}\n`);
  writeFileSync(join(dir, 'src', 'lib.rs'), 'pub fn answer() -> u32 {\n    42\n}\n');
  return dir;
}

/**
 * A crate `app` (no wasmtime, rust-version 1.75) whose path dependency `middle`
 * (1.70) depends on `needs-new` (1.86): the binding package is two levels down.
 */
function layeredCrate(name: string, needsNew = '1.86'): string {
  const root = join(workDir, name);
  writeCrate(join(root, 'needs-new'), { name: 'needs-new', version: '0.3.1', rustVersion: needsNew });
  writeCrate(join(root, 'middle'), { name: 'middle', version: '1.2.0', rustVersion: '1.70', dependencies: ['needs-new = { path = "../needs-new" }'] });
  return writeCrate(root, { name: 'app', rustVersion: '1.75', dependencies: ['middle = { path = "middle" }'] });
}

async function preflightOf(root: string, params: Record<string, string>): Promise<ReturnType<typeof preflight> & { notes: string[] }> {
  const [scan, msrvs] = await Promise.all([scanProject(root, { toolchain: false }), readDependencyMsrvs(root)]);
  const report = preflight({ params: { ...SEED_PARAMS, ...params }, pins: scan.pins, knowledge, dependencyMsrvs: msrvs.dependencies });
  return { ...report, notes: msrvs.note ? [msrvs.note] : [] };
}

const ids = (report: { findings: { id: string }[] }): string[] => report.findings.map((f) => f.id);

describe('the preflight from the real dependency graph', () => {
  it('gives a crate without wasmtime no wasmtime finding, whatever the wasmtime parameters say', async () => {
    const root = layeredCrate('no-wasmtime', '1.72');
    const report = await preflightOf(root, { from_rust: '1.75', to_rust: '1.81', from_wasmtime: '25', to_wasmtime: '35' });
    expect(report.findings).toEqual([]);
    expect(report.floor?.rust).toBe('1.75');
    expect(report.floor?.pins.map((p) => [p.name, p.rust, p.binding])).toEqual([
      ['app', '1.75', true],
      ['needs-new', '1.72', false],
      ['middle', '1.70', false],
    ]);
  });

  it('blocks a target below a dependency\'s rust-version, naming it, and says it is the floor', async () => {
    const root = layeredCrate('too-new');
    const graph = (await readDependencyMsrvs(root)).dependencies;
    expect(graph).toMatchObject({ read: 'offline' });
    expect(graph.read && graph.packages.map((p) => `${p.name}@${p.version} ${p.rustVersion} ${p.member ? 'member' : 'dependency'}`)).toEqual([
      'app@0.1.0 1.75 member',
      'middle@1.2.0 1.70 dependency',
      'needs-new@0.3.1 1.86 dependency',
    ]);

    const report = await preflightOf(root, { from_rust: '1.75', to_rust: '1.81' });
    expect(report.findings.map((f) => [f.severity, f.id])).toEqual([
      ['blocker', 'dependency-msrv'],
      ['warning', 'baseline-below-floor'],
    ]);
    expect(report.findings[0]).toMatchObject({
      message: 'Dependency `needs-new` 0.3.1 requires Rust 1.86; the plan targets Rust 1.81.',
      choices: [{ label: 'Target Rust 1.86', params: { to_rust: '1.86' } }],
      sources: ['cargo metadata'],
    });
    expect(report.findings[0]!.detail).toContain('| `needs-new` | 0.3.1 | 1.86 | rust-version = "1.86" |');
    expect(report.floor).toMatchObject({ rust: '1.86', packages: 3, read: 'offline' });
    expect(report.floor!.pins[0]).toMatchObject({ name: 'needs-new', binding: true });

    // The CLI's report says the floor and why, before the findings.
    const text = formatPreflightReport(report, root, report.notes);
    expect(text).toContain(
      'Toolchain floor: Rust 1.86 is the oldest toolchain this project builds with, set by needs-new 0.3.1: rust-version = "1.86". 3 packages in the resolved dependency graph (cargo metadata, offline).',
    );
    expect(text).toContain('    app 0.1.0 (this project): Rust 1.75, rust-version = "1.75"');
    expect(text.indexOf('Toolchain floor')).toBeLessThan(text.indexOf('BLOCKER dependency-msrv'));

    // Targeting the floor clears the blocker.
    expect(ids(await preflightOf(root, { from_rust: '1.86', to_rust: '1.86' }))).toEqual([]);
  });

  it('reads the graph without leaving a Cargo.lock in a project that had none, and keeps one that was there', async () => {
    const root = layeredCrate('no-lockfile', '1.72');
    expect(await readDependencyMsrvs(root)).toMatchObject({ dependencies: { read: 'offline' } });
    expect(existsSync(join(root, 'Cargo.lock'))).toBe(false);
    writeFileSync(join(root, 'Cargo.lock'), '# This file is automatically @generated by Cargo.\nversion = 3\n');
    await readDependencyMsrvs(root);
    expect(existsSync(join(root, 'Cargo.lock'))).toBe(true);
  });

  it("keeps the seed project's wasmtime 35 -> Rust 1.86 blocker, from the wasmtime the graph resolves", async () => {
    const crateDir = copyRustFixture(join(workDir, 'photondrift'));
    const graph = (await readDependencyMsrvs(crateDir)).dependencies;
    expect(graph.read && graph.packages.map((p) => [p.name, p.version, p.rustVersion, p.member])).toEqual([
      ['photondrift', '0.1.0', '1.75', true],
      ['wasmtime', '35.0.0', null, false],
    ]);

    const report = await preflightOf(crateDir, {});
    expect(report.findings[0]).toMatchObject({
      id: 'wasmtime-msrv',
      severity: 'blocker',
      message: 'wasmtime 35 requires Rust 1.86 or newer; the plan targets Rust 1.81, so this upgrade cannot build.',
    });
    expect(report.floor).toMatchObject({ rust: '1.86', pins: [{ name: 'wasmtime', reason: 'knowledge', binding: true }, { name: 'photondrift' }] });
  });

  it('says clearly when cargo metadata needed the network offline and could not reach it, with the fix', async () => {
    // serde from a registry that is not on this machine (a port nothing listens on), no retries.
    const root = writeCrate(join(workDir, 'needs-network'), { name: 'needs-network', dependencies: ['serde = "1"'] });
    mkdirSync(join(root, '.cargo'));
    writeFileSync(
      join(root, '.cargo', 'config.toml'),
      '[source.crates-io]\nreplace-with = "unreachable"\n\n[source.unreachable]\nregistry = "sparse+http://127.0.0.1:9/index/"\n\n[net]\nretry = 0\n',
    );

    const online = await readDependencyMsrvs(root);
    expect(online.dependencies).toMatchObject({ read: null, failure: { kind: 'network', command: 'cargo metadata --offline' } });
    const failure = (online.dependencies as Extract<DependencyGraph, { read: null }>).failure;
    expect(failure.cargoSays).toMatch(/serde/);
    expect(failure.onlineSays).toMatch(/^failed to get `serde` as a dependency of package .*: .*Could not connect to server/);

    const report = await preflightOf(root, { from_rust: '1.75', to_rust: '1.81' });
    expect(report.floor).toBeNull();
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({
      id: 'dependency-graph-unread',
      severity: 'warning',
      message:
        "The dependency graph could not be read: `cargo metadata` needs the network to resolve it and could not reach it, so no dependency's minimum Rust was checked.",
    });
    expect(report.findings[0]!.detail).toContain('run `cargo fetch` in the project once');
    expect(report.findings[0]!.detail).toContain('Online, `cargo metadata` said:');

    const offlineOnly = await readDependencyMsrvs(root, { network: false });
    expect(offlineOnly.dependencies).toMatchObject({ read: null, failure: { kind: 'network' } });
    expect((offlineOnly.dependencies as Extract<DependencyGraph, { read: null }>).failure.onlineSays).toBeUndefined();
  });

  it('turns other failures into a finding, never a throw', async () => {
    const empty = join(workDir, 'empty');
    mkdirSync(empty);
    const noManifest = await readDependencyMsrvs(empty);
    expect(noManifest).toMatchObject({ note: null, dependencies: { read: null, failure: { kind: 'no-manifest' } } });
    const noCargo = await readDependencyMsrvs(empty, { cargo: 'stepwise-no-such-cargo' });
    expect(noCargo.dependencies).toEqual({
      read: null,
      failure: { kind: 'no-cargo', command: 'cargo metadata --offline', cargoSays: '`stepwise-no-such-cargo` was not found on PATH' },
    });
    const report = preflight({ params: { ...SEED_PARAMS }, pins: [], knowledge, dependencyMsrvs: noCargo.dependencies });
    expect(report.findings.map((f) => f.id)).toEqual(['dependency-graph-unread']);
    expect(report.findings[0]!.detail).toContain('Install Rust with rustup');
  });
});
