// The project scanner on the photon-seed fixture (a golden report), and on
// the edge cases of each kind of file.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatScanReport, scanCommand } from '../../src/cli/commands/scan';
import { CliError } from '../../src/cli/cliError';
import { listProjectFiles, probeToolchain, scanProject } from '../../src/core/scanner';
import { extractPins } from '../../src/core/scanner/extractors';
import { IgnoreRules } from '../../src/core/scanner/gitignore';
import { Source } from '../../src/core/scanner/source';
import { readToml } from '../../src/core/scanner/extractors/toml';
import { normaliseDependencyVersion, normaliseRustVersion } from '../../src/core/toolchain/version';
import type { Pin, ScanReport } from '../../src/shared/scan';
import { useTempDir } from '../helpers/tempDir';

const FIXTURE = fileURLToPath(new URL('../fixtures/projects/photon-seed', import.meta.url));
const GOLDEN = fileURLToPath(new URL('../fixtures/projects/photon-seed.scan.json', import.meta.url));

const tempDir = useTempDir('stepwise-scan-');

/** The report without what differs between runs and machines. */
function stable(report: ScanReport): Omit<ScanReport, 'root' | 'durationMs'> {
  const { root: _root, durationMs: _duration, ...rest } = report;
  return rest;
}

/**
 * A copy of the fixture outside any git work tree, with what a real checkout
 * has and the repository cannot: a build directory, installed packages,
 * symlinks leading out of the project. None of it may show in the report.
 */
function fixtureCopy(): { root: string; outside: string } {
  const base = tempDir();
  const root = join(base, 'photon-seed');
  const outside = join(base, 'outside');
  cpSync(FIXTURE, root, { recursive: true });
  mkdirSync(join(root, 'target/wasm32-wasi/release'), { recursive: true });
  writeFileSync(join(root, 'target/wasm32-wasi/release/build.log'), 'Compiling photondrift for wasm32-wasi\n');
  writeFileSync(join(root, 'target/Makefile'), 'RUST_VERSION ?= 1.70\n');
  mkdirSync(join(root, 'node_modules/some-pkg'), { recursive: true });
  writeFileSync(join(root, 'node_modules/some-pkg/Cargo.toml'), '[package]\nrust-version = "1.60"\n');
  mkdirSync(outside);
  writeFileSync(join(outside, 'Makefile'), 'RUST_VERSION ?= 1.60\nbuild:\n\tcargo build --target wasm32-wasi\n');
  writeFileSync(join(outside, 'notes.md'), 'wasm32-wasi\n');
  symlinkSync(outside, join(root, 'linked-dir'), 'dir');
  symlinkSync(join(outside, 'notes.md'), join(root, 'linked-notes.md'), 'file');
  symlinkSync(join(outside, 'Makefile'), join(root, 'docker/Makefile'), 'file');
  return { root, outside };
}

function pinsOf(file: string, text: string): Pin[] {
  return extractPins(new Source(file, text));
}

/** `[kind, value, line, column]` of each pin, for short expectations. */
function brief(pins: Pin[]): [string, string, number, number][] {
  return pins.map((pin) => [pin.kind, pin.value, pin.line, pin.column]);
}

describe('scanProject on the photon-seed fixture', () => {
  const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Omit<ScanReport, 'root' | 'durationMs'>;

  it('reports the golden pins and conflicts from a copy outside git (the fs walk)', async () => {
    const { root } = fixtureCopy();
    const report = await scanProject(root, { toolchain: false });
    expect(report.root).toBe(root);
    expect(report.toolchain).toBeNull();
    expect(report.durationMs).toBeGreaterThanOrEqual(0);
    expect(stable(report)).toEqual(golden);
  });

  it('reports the same in place, where git lists the files', async () => {
    expect(stable(await scanProject(FIXTURE, { toolchain: false }))).toEqual(golden);
  });

  it('places every pin exactly: the line at the column starts with the value', async () => {
    const { root } = fixtureCopy();
    const { pins } = await scanProject(root, { toolchain: false });
    expect(pins.length).toBeGreaterThan(40);
    for (const pin of pins) {
      const line = readFileSync(join(root, pin.file), 'utf8').split('\n')[pin.line - 1]!;
      expect(line.slice(pin.column - 1, pin.column - 1 + pin.value.length), `${pin.file}:${pin.line}:${pin.column}`).toBe(pin.value);
      expect(pin.text).toBe(line.trim());
    }
  });

  it('finds what the seed project pins', async () => {
    const { pins } = await scanProject(FIXTURE, { toolchain: false });
    const find = (kind: string, file: string) => pins.filter((p) => p.kind === kind && p.file === file).map((p) => p.value);
    expect(find('cargo-edition', 'Cargo.toml')).toEqual(['2021', '2021']);
    expect(find('cargo-rust-version', 'Cargo.toml')).toEqual(['1.75', '1.75']);
    expect(pins.find((p) => p.name === 'wasmtime')).toMatchObject({ file: 'crates/plugin-host/Cargo.toml', value: '25.0', text: 'wasmtime = { version = "25.0", optional = true }' });
    expect(find('makefile-rust-version', 'Makefile')).toEqual(['1.75']);
    expect(find('docker-arg-rust-version', 'Dockerfile')).toEqual(['1.76']);
    expect(find('docker-from-rust', 'Dockerfile')).toEqual(['${RUST_VERSION}']);
    expect(find('docker-from-rust', 'docker/runtime.Dockerfile')).toEqual(['1.76']);
    expect(find('ci-toolchain', '.github/workflows/ci.yml')).toEqual(['1.76.0']);
    expect(find('ci-matrix-rust', '.github/workflows/ci.yml')).toEqual(['1.75', '1.75.0']);
    expect(find('ci-rust-toolchain-action', '.github/workflows/container-build.yml')).toEqual(['1.75']);
    expect(find('clippy-msrv', 'clippy.toml')).toEqual(['1.75']);
    expect(find('cargo-config-target', '.cargo/config.toml')).toEqual(['wasm32-wasi']);
    expect(find('toolchain-channel', 'rust-toolchain.toml')).toEqual(['1.75.0']);
    expect(find('toolchain-component', 'rust-toolchain.toml')).toEqual(['clippy', 'rustfmt']);
    expect(find('toolchain-target', 'rust-toolchain.toml')).toEqual(['wasm32-wasi']);
    // The script names the old target once; its wasm32-wasip1 is not a pin.
    expect(pins.filter((p) => p.file === 'scripts/build-wasm.sh').map((p) => [p.kind, p.line])).toEqual([['wasm32-wasi-target', 4]]);
    // Path-only and `workspace = true` dependencies have no version of their own.
    expect(pins.some((p) => p.name === 'photondrift-plugin-host')).toBe(false);
    expect(pins.filter((p) => p.name === 'serde').map((p) => p.file)).toEqual(['Cargo.toml']);
  });

  it('says where the Rust version pins disagree, normalised to major.minor', async () => {
    const { conflicts } = await scanProject(FIXTURE, { toolchain: false });
    expect(conflicts.map((c) => c.subject)).toEqual(['rust-version', 'dependency:anyhow']);
    const [rust, anyhow] = conflicts;
    expect(rust!.message).toBe(
      'Rust version pins disagree: ' +
        '1.75 (.github/workflows/container-build.yml:12, Cargo.toml:6, Cargo.toml:15, Makefile:2, clippy.toml:1, rust-toolchain.toml:2), ' +
        '1.76 (.github/workflows/ci.yml:18, Dockerfile:2, docker/runtime.Dockerfile:2)',
    );
    expect(rust!.values.map((v) => [v.value, v.pins.map((p) => p.kind)])).toEqual([
      ['1.75', ['ci-rust-toolchain-action', 'cargo-rust-version', 'cargo-rust-version', 'makefile-rust-version', 'clippy-msrv', 'toolchain-channel']],
      ['1.76', ['ci-toolchain', 'docker-arg-rust-version', 'docker-from-rust']],
    ]);
    // A matrix lists several versions on purpose; `${RUST_VERSION}` is no version.
    const inConflict = rust!.values.flatMap((v) => v.pins);
    expect(inConflict.some((p) => p.kind === 'ci-matrix-rust' || p.value.startsWith('$'))).toBe(false);
    expect(anyhow!.message).toBe('anyhow is pinned to different versions: 1.0 (Cargo.toml:29), 1.0.75 (crates/plugin-host/Cargo.toml:16)');
    // tokio is "1.35" in one file and "1.35.0" in the other: the same requirement.
    expect(conflicts.some((c) => c.subject === 'dependency:tokio')).toBe(false);
  });
});

describe('what the scanner skips', () => {
  it('never follows a symlink, and skips target/, node_modules/, binary and huge files', async () => {
    const { root } = fixtureCopy();
    writeFileSync(join(root, 'plugin.wasm'), Buffer.concat([Buffer.from([0, 97, 115, 109]), Buffer.from(' wasm32-wasi ')]));
    writeFileSync(join(root, 'huge.txt'), `wasm32-wasi\n${'x'.repeat(2 * 1024 * 1024)}`);
    const report = await scanProject(root, { toolchain: false });
    const files = new Set(report.pins.map((p) => p.file));
    for (const file of files) expect(file).not.toMatch(/^(target|node_modules|linked-dir)\/|^linked-notes\.md$|^docker\/Makefile$|^plugin\.wasm$|^huge\.txt$/);
    // The binary and the huge file were looked at (and skipped); links and ignored folders were not.
    expect(report.filesScanned).toBe(15 + 2);
    expect(report.conflicts[0]!.values.map((v) => v.value)).toEqual(['1.75', '1.76']);
  });

  it('lists only regular files for others to read', async () => {
    const { root } = fixtureCopy();
    const files = await listProjectFiles(root);
    expect(files).toContain('Cargo.toml');
    expect(files).toContain('.github/workflows/ci.yml');
    expect(files.filter((f) => /^(target|node_modules|linked-dir)\/|^linked-notes\.md$|^docker\/Makefile$/.test(f))).toEqual([]);
    expect(files).toEqual([...files].sort());
  });

  it('honours the root .gitignore outside git', async () => {
    const { root } = fixtureCopy();
    writeFileSync(join(root, '.gitignore'), 'target/\n/generated\n*.local.mk\n!keep.local.mk\n');
    mkdirSync(join(root, 'generated'));
    writeFileSync(join(root, 'generated/Makefile'), 'RUST_VERSION ?= 1.70\n');
    writeFileSync(join(root, 'dev.local.mk'), 'RUST_VERSION ?= 1.71\n');
    writeFileSync(join(root, 'keep.local.mk'), 'RUST_VERSION ?= 1.72\n');
    const { pins } = await scanProject(root, { toolchain: false });
    expect(pins.filter((p) => p.kind === 'makefile-rust-version').map((p) => `${p.file}=${p.value}`)).toEqual(['Makefile=1.75', 'keep.local.mk=1.72']);
  });

  it('in a git work tree, lists tracked and untracked files but not ignored ones', async () => {
    const { root } = fixtureCopy();
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'pipe' });
    git('init', '-q');
    writeFileSync(join(root, '.gitignore'), 'target/\nlocal/\n');
    mkdirSync(join(root, 'local'));
    writeFileSync(join(root, 'local/Dockerfile'), 'FROM rust:1.70\n');
    writeFileSync(join(root, 'untracked.mk'), 'RUST_VERSION := 1.74\n');
    writeFileSync(join(root, 'plugin.wasm'), Buffer.from('\0asm wasm32-wasi'));
    git('add', 'Cargo.toml', 'Makefile', 'linked-notes.md', 'plugin.wasm'); // a tracked symlink and binary too
    const { pins, filesScanned } = await scanProject(root, { toolchain: false });
    expect(pins.some((p) => p.file.startsWith('local/'))).toBe(false);
    expect(pins.some((p) => p.file === 'linked-notes.md' || p.file === 'plugin.wasm')).toBe(false);
    expect(pins.find((p) => p.file === 'untracked.mk')).toMatchObject({ kind: 'makefile-rust-version', value: '1.74', line: 1, column: 17 });
    expect(pins.some((p) => p.file === 'Makefile' && p.value === '1.75')).toBe(true);
    expect(pins.filter((p) => p.kind === 'wasm32-wasi-target')).toHaveLength(9);
    expect(filesScanned).toBe(15 + 2);
  });
});

describe('the toolchain probe', () => {
  it('copes with an empty PATH: problems, not an exception', async () => {
    const state = await probeToolchain({ cwd: tempDir(), env: { PATH: '' } });
    expect(state).toEqual({
      rustupVersion: null,
      toolchains: [],
      activeToolchain: null,
      rustc: null,
      cargo: null,
      installedTargets: [],
      installedComponents: [],
      problems: ['rustup not found on PATH', 'rustc not found on PATH', 'cargo not found on PATH'],
    });
  });

  it('runs inside scanProject unless turned off; without git on PATH the walk still works', async () => {
    const { root } = fixtureCopy();
    const path = process.env.PATH;
    process.env.PATH = '';
    try {
      const report = await scanProject(root);
      expect(report.toolchain?.problems).toContain('rustup not found on PATH');
      expect(report.pins.length).toBe(48);
    } finally {
      process.env.PATH = path;
    }
  });
});

describe('Cargo.toml', () => {
  it('reads every dependency form, and no more', () => {
    const pins = pinsOf(
      'Cargo.toml',
      `[package]
name = "demo" # rust-version = "1.0" in a comment is not a pin
edition = '2018'
rust-version = "1.70.0"

[dependencies]
a = "1"
b = { version = "2.0", features = ["x", "y"], optional = true }
c = { path = "../c" }
d.version = "4.1"
e = { git = "https://example.com/e", branch = "main" }
"f" = { version = "=0.3.1" } # exact
g = { workspace = true }

[dependencies.h]
version = "5"
features = ["v5"]

[target.'cfg(target_os = "linux")'.build-dependencies]
i = "6"

[target.x86_64-pc-windows-msvc.dev-dependencies.j]
version = "7"

[features]
k = "8"

[patch.crates-io]
l = { version = "9", path = "../l" }

[lints]
workspace = true
`,
    );
    expect(pins.map((p) => [p.kind, p.name ?? null, p.value])).toEqual([
      ['cargo-edition', null, '2018'],
      ['cargo-rust-version', null, '1.70.0'],
      ['cargo-dependency', 'a', '1'],
      ['cargo-dependency', 'b', '2.0'],
      ['cargo-dependency', 'd', '4.1'],
      ['cargo-dependency', 'f', '=0.3.1'],
      ['cargo-dependency', 'h', '5'],
      ['cargo-dependency', 'i', '6'],
      ['cargo-dependency', 'j', '7'],
      ['cargo-lints', null, '[lints]'],
    ]);
  });

  it('keeps going past what it cannot read', () => {
    const pins = pinsOf('Cargo.toml', '[dependencies]\nbroken = { version = "1.0"\nbad line\n= "x"\n[dependencies\nok = "2"\n[dev-dependencies]\nfine = "3"\n');
    expect(pins.map((p) => [p.name, p.value])).toEqual([
      ['broken', '1.0'],
      ['fine', '3'],
    ]);
  });

  it('reports TOML values with their key paths and offsets', () => {
    const text = 'x = [\n  "a", # one\n  [1, "b"],\n]\n[t."q.k"]\ns = """\nno = "pin"\n"""\nafter = \'lit\'\n';
    const { values, headers } = readToml(text);
    expect(values.map((v) => [v.path, v.value, text.slice(v.offset, v.offset + v.value.length)])).toEqual([
      [['x', 0], 'a', 'a'],
      [['x', 1, 0], '1', '1'],
      [['x', 1, 1], 'b', 'b'],
      [['t', 'q.k', 'after'], 'lit', 'lit'],
    ]);
    expect(headers.map((h) => [h.path, h.raw])).toEqual([[['t', 'q.k'], '[t."q.k"]']]);
  });
});

describe('toolchain files', () => {
  it('reads the legacy one-line rust-toolchain', () => {
    expect(brief(pinsOf('rust-toolchain', '\n  1.75.0  \n'))).toEqual([['toolchain-channel', '1.75.0', 2, 3]]);
  });

  it('reads a rust-toolchain without extension written as TOML', () => {
    expect(brief(pinsOf('sub/rust-toolchain', '[toolchain]\nchannel = "nightly-2024-05-01"\n'))).toEqual([['toolchain-channel', 'nightly-2024-05-01', 2, 12]]);
  });

  it('reads multi-line components and targets', () => {
    const pins = pinsOf('rust-toolchain.toml', '[toolchain]\nchannel = "1.81"\ncomponents = [\n  "clippy",\n  "rust-src",\n]\ntargets = ["wasm32-wasip1"]\n');
    expect(brief(pins)).toEqual([
      ['toolchain-channel', '1.81', 2, 12],
      ['toolchain-component', 'clippy', 4, 4],
      ['toolchain-component', 'rust-src', 5, 4],
      ['toolchain-target', 'wasm32-wasip1', 7, 13],
    ]);
  });

  it('reads clippy msrv and .cargo/config targets (string or array)', () => {
    expect(brief(pinsOf('.clippy.toml', 'msrv = "1.74.1"\n'))).toEqual([['clippy-msrv', '1.74.1', 1, 9]]);
    expect(brief(pinsOf('crates/a/.cargo/config', '[build]\ntarget = ["x86_64-unknown-linux-gnu", "wasm32-wasip2"]\n'))).toEqual([
      ['cargo-config-target', 'x86_64-unknown-linux-gnu', 2, 12],
      ['cargo-config-target', 'wasm32-wasip2', 2, 40],
    ]);
    expect(pinsOf('src/config.toml', '[build]\ntarget = "x"\n')).toEqual([]);
  });
});

describe('Makefiles', () => {
  it('reads RUST_VERSION and other *_VERSION assignments, not recipes or shell', () => {
    const text = [
      'export RUST_VERSION := 1.75 # pinned',
      'NODE_VERSION ?= v20.11.0',
      'GIT_VERSION != git describe',
      'OS_VERSION = $(shell uname -r)',
      'EMPTY_VERSION =',
      'IMAGE_VERSION = "3.19"',
      'build:',
      '\tRUST_VERSION=1.60 cargo build',
    ].join('\n');
    const pins = pinsOf('tools/rust.mk', text);
    expect(pins.map((p) => [p.kind, p.name, p.value, p.column])).toEqual([
      ['makefile-rust-version', 'RUST_VERSION', '1.75', 24],
      ['makefile-version', 'NODE_VERSION', 'v20.11.0', 17],
      ['makefile-version', 'IMAGE_VERSION', '3.19', 18],
    ]);
  });
});

describe('Dockerfiles', () => {
  it('reads rust image tags and ARG RUST_VERSION in their spellings', () => {
    const text = [
      'ARG RUST_VERSION="1.77"',
      'FROM --platform=$BUILDPLATFORM docker.io/library/rust:1.75.0-slim-bookworm AS build',
      'from rust:$RUST_VERSION',
      'FROM rust:latest',
      'FROM rust@sha256:0123',
      'FROM rustlang/rust:nightly',
      'FROM registry.local:5000/rust:1.70',
      'FROM rust:1.76@sha256:abcd',
    ].join('\n');
    expect(brief(pinsOf('build/ci.dockerfile', text))).toEqual([
      ['docker-arg-rust-version', '1.77', 1, 19],
      ['docker-from-rust', '1.75.0', 2, 55],
      ['docker-from-rust', '$RUST_VERSION', 3, 11],
      ['docker-from-rust', '1.76', 8, 11],
    ]);
    expect(pinsOf('Dockerfile.dev', 'FROM rust:1.80-alpine\n')).toHaveLength(1);
    expect(pinsOf('dockerfile', 'FROM rust:1.80\n')).toHaveLength(1);
  });
});

describe('workflows', () => {
  it('reads toolchain inputs, the toolchain action and matrices as written', () => {
    const text = `jobs:
  a:
    strategy:
      matrix:
        toolchain: ["1.70", 1.80, nightly]
        include:
          - rust: '1.79'
    env:
      RUST_VERSION: 1.78
    steps:
      - uses: "dtolnay/rust-toolchain@1.77.2"
      - uses: dtolnay/rust-toolchain@stable
      - uses: actions-rust-lang/setup-rust-toolchain@v1
        with:
          toolchain: '1.76'
      - run: |
          rustup toolchain install 1.60
`;
    const pins = pinsOf('.github/workflows/ci.yaml', text);
    expect(pins.map((p) => [p.kind, p.value, p.line, p.column])).toEqual([
      ['ci-matrix-rust', '1.70', 5, 22],
      ['ci-matrix-rust', '1.80', 5, 29],
      ['ci-matrix-rust', '1.79', 7, 20],
      ['ci-toolchain', '1.78', 9, 21],
      ['ci-rust-toolchain-action', '1.77.2', 11, 39],
      ['ci-toolchain', '1.76', 15, 23],
    ]);
    expect(pinsOf('docs/ci.yml', 'toolchain: 1.70\n')).toEqual([]);
  });

  it('survives YAML it cannot parse', () => {
    expect(() => pinsOf('.github/workflows/bad.yml', 'jobs: [\n  toolchain: 1.7\n\t- {')).not.toThrow();
  });
});

describe('the wasm32-wasi target', () => {
  it('is found in any text, not as wasip1/wasip2/-preview1-threads', () => {
    const text = 'a wasm32-wasi b "wasm32-wasi"\nwasm32-wasip1 wasm32-wasip2 wasm32-wasi-preview1-threads wasm32-wasix\ntarget/wasm32-wasi/release\n';
    expect(brief(pinsOf('notes/anything.txt', text))).toEqual([
      ['wasm32-wasi-target', 'wasm32-wasi', 1, 3],
      ['wasm32-wasi-target', 'wasm32-wasi', 1, 18],
      ['wasm32-wasi-target', 'wasm32-wasi', 3, 8],
    ]);
  });

  it('counts columns in UTF-16 code units and keeps CRLF lines exact', () => {
    const text = '# 🚀 éé\r\n  → wasm32-wasi\r\n';
    const [pin] = pinsOf('README.md', text);
    const line = text.split('\n')[1]!;
    expect(pin!.column).toBe(5);
    expect(line.slice(pin!.column - 1, pin!.column - 1 + pin!.value.length)).toBe('wasm32-wasi');
    expect(pin!.text).toBe('→ wasm32-wasi');
  });
});

describe('versions and ignore rules', () => {
  it('normalises versions for comparison', () => {
    expect(['1.76.0', '1.76', '1.76-x86_64-unknown-linux-gnu', 'stable', '${V}'].map(normaliseRustVersion)).toEqual(['1.76', '1.76', '1.76', null, null]);
    expect(['25', '25.0', '^25.0.0', '25.0.1', '~1.2', '0.2', '0.0', '0'].map(normaliseDependencyVersion)).toEqual([
      '25.0.0',
      '25.0.0',
      '25.0.0',
      '25.0.1',
      '~1.2',
      '0.2.0',
      '0.0',
      '0',
    ]);
  });

  it('matches simple .gitignore patterns as git does', () => {
    const rules = IgnoreRules.parse('# comment\n*.log\n/build/\ndocs/**/draft-*\n!important.log\nout/\n\\#hash\n');
    expect(rules.ignores('a/b/c.log', false)).toBe(true);
    expect(rules.ignores('important.log', false)).toBe(false);
    expect(rules.ignores('build', true)).toBe(true);
    expect(rules.ignores('src/build', true)).toBe(false);
    expect(rules.ignores('build', false)).toBe(false);
    expect(rules.ignores('docs/draft-1.md', false)).toBe(true);
    expect(rules.ignores('docs/a/b/draft-2.md', false)).toBe(true);
    expect(rules.ignores('x/out', true)).toBe(true);
    expect(rules.ignores('#hash', false)).toBe(true);
  });
});

describe('stepwise scan', () => {
  it('says which path is missing or not a directory', async () => {
    const dir = tempDir();
    await expect(scanCommand([join(dir, 'nope')])).rejects.toThrow(CliError);
    await expect(scanCommand([join(dir, 'nope')])).rejects.toThrow(/scan: No such folder: .*nope/);
    writeFileSync(join(dir, 'file'), '');
    await expect(scanCommand([join(dir, 'file')])).rejects.toThrow(/scan: Not a folder: .*file/);
    await expect(scanCommand([])).rejects.toThrow(/needs one project directory/);
  });

  it('prints pins grouped by file, then conflicts, then the toolchain', async () => {
    const report = await scanProject(FIXTURE, { toolchain: false });
    const text = formatScanReport(report);
    expect(text).toMatch(/^Makefile:2:17 +makefile-rust-version +RUST_VERSION \?= 1\.75$/m);
    expect(text).toMatch(/\n\nMakefile:2:17 /); // a new file starts a new group
    expect(text).toContain('Conflicts (2)\n  ✗ rust-version: Rust version pins disagree: 1.75 (');
    expect(text.indexOf('Conflicts')).toBeLessThan(text.indexOf('Toolchain'));
    expect(text).toContain('not probed (--no-toolchain)');
    expect(text).not.toContain('\x1b[');
  });
});
