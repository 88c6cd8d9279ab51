// A Markdown plan's diffs become edits of the files they are for, never of the
// docs that quote them or of the plan itself, and their versions become the
// plan's parameters. Checked on the seed and on a second plan written like a
// team's migration doc, then applied to a copy of the photondrift crate with
// the real planEdit and applyChanges.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyChanges } from '../../src/core/edits/applyEdit';
import { planEdit } from '../../src/core/edits/planEdit';
import { loadBuiltinCompatibility } from '../../src/core/knowledge/compatibility';
import { resolveResourcesDir } from '../../src/core/platform/fs/paths';
import { importMarkdownPlan } from '../../src/core/plans/markdownImport';
import { effectiveParams, resolvePlan } from '../../src/core/plans/resolvePlan';
import { preflight } from '../../src/core/preflight';
import { listProjectFiles } from '../../src/core/scanner';
import { globToRegex } from '../../src/core/scanner/gitignore';
import type { Plan, PlanStep } from '../../src/shared/model';
import { copyRustFixture } from '../helpers/rustFixture';
import { useTempDir } from '../helpers/tempDir';

const PLANS = join(__dirname, '..', 'fixtures', 'plans');
const SEED_NAME = 'RUST_WASMTIME_UPGRADE_PLAN.md';
const SECOND_NAME = 'RUST_1_63_TO_1_85_MIGRATION.md';
const importFixture = (name: string): ReturnType<typeof importMarkdownPlan> =>
  importMarkdownPlan(readFileSync(join(PLANS, name), 'utf8'), { source: name });

const MAKEFILES = ['**/Makefile', '**/makefile', '**/GNUmakefile', '**/*.mk'];
const DOCKERFILES = ['**/Dockerfile', '**/dockerfile', '**/Dockerfile.*', '**/*.Dockerfile', '**/*.dockerfile', '**/Containerfile'];
const MANIFESTS = ['**/Cargo.toml'];
const WORKFLOWS = ['.github/workflows/*.yml', '.github/workflows/*.yaml'];
const TOOLCHAIN_FILES = ['**/rust-toolchain', '**/rust-toolchain.toml'];

const steps = (plan: Plan): PlanStep[] => plan.phases.flatMap((p) => p.steps);
const edits = (plan: Plan): [string, string, string, string[]][] =>
  steps(plan)
    .filter((s) => s.kind === 'edit')
    .map((s) => [s.id, s.edit!.replace!.find, s.edit!.replace!.with, s.edit!.replace!.files!]);

/** Documentation a project holds, the plan among it: no edit's files may reach one. */
const DOCS = ['README.md', 'docs/upgrade.md', 'docs/BUILDING.md', SEED_NAME, SECOND_NAME, 'CHANGELOG.markdown', 'crates/host/README.md'];
function reachesDocs(files: string[]): string[] {
  return DOCS.filter((doc) => files.some((entry) => entry === doc || new RegExp(`^${globToRegex(entry)}$`).test(doc)));
}

describe('the seed, imported', () => {
  const { plan, warnings } = importFixture(SEED_NAME);

  it('edits only the files each diff is for, never a .md', () => {
    expect(edits(plan)).toEqual([
      ['1-update-makefile', 'RUST_VERSION ?= ${from_rust}', 'RUST_VERSION ?= ${to_rust}', MAKEFILES],
      ['1-update-docker-configuration', 'FROM rust:${from_rust}-alpine AS builder', 'FROM rust:${to_rust}-alpine AS builder', DOCKERFILES],
      [
        '2-upgrade-wasmtime-dependency',
        'wasmtime = { version = "${from_wasmtime}", optional = true }',
        'wasmtime = { version = "${to_wasmtime}", optional = true }',
        MANIFESTS,
      ],
    ]);
    for (const [, , , files] of edits(plan)) expect(reachesDocs(files)).toEqual([]);
    expect(warnings).toHaveLength(1); // the mojibake repair only
  });

  it('takes the versions its diffs change as typed parameters, with the diffs’ values as defaults', () => {
    expect(plan.parameters).toEqual([
      { name: 'from_rust', type: 'rust-version', default: '1.75', description: "The Rust version the project uses today (the plan's diff at line 55)." },
      { name: 'to_rust', type: 'rust-version', default: '1.81', description: "The Rust version to upgrade to (the plan's diff at line 55)." },
      { name: 'from_wasmtime', type: 'crate-version', default: '25.0', description: "The wasmtime version the project uses today (the plan's diff at line 129)." },
      { name: 'to_wasmtime', type: 'crate-version', default: '35.0', description: "The wasmtime version to upgrade to (the plan's diff at line 129)." },
    ]);
  });

  it('says where each edit goes, with the values filled in', () => {
    const makefile = steps(resolvePlan(plan, { to_rust: '1.86' })).find((s) => s.id === '1-update-makefile')!;
    expect(makefile.edit!.replace).toEqual({ find: 'RUST_VERSION ?= 1.75', with: 'RUST_VERSION ?= 1.86', files: MAKEFILES });
    expect(makefile.description).toBe("Replace `RUST_VERSION ?= 1.75` with `RUST_VERSION ?= 1.86` in the project's Makefiles, wherever it is found.");
  });

  it('gives the preflight every parameter it reads: none is "missing"', () => {
    const knowledge = loadBuiltinCompatibility(resolveResourcesDir());
    const report = preflight({ params: effectiveParams(plan, {}), pins: [], knowledge });
    expect(report.findings.filter((f) => f.id.startsWith('invalid-param-'))).toEqual([]);
    expect(report.params).toMatchObject({ from_rust: '1.75', to_rust: '1.81', from_wasmtime: '25.0', to_wasmtime: '35.0' });
  });
});

describe('a second plan, written as a team migration doc', () => {
  const { plan, warnings } = importFixture(SECOND_NAME);

  it('edits Makefiles, Dockerfiles, the toolchain file, the manifest its header names, CI and manifests', () => {
    expect(edits(plan)).toEqual([
      ['1-bump-the-makefile-toolchain', 'RUST_VERSION ?= ${from_rust}', 'RUST_VERSION ?= ${to_rust}', MAKEFILES],
      ['1-bump-the-docker-build-image', 'FROM rust:${from_rust}-slim-bookworm AS build', 'FROM rust:${to_rust}-slim-bookworm AS build', DOCKERFILES],
      ['1-pin-the-toolchain-file', 'channel = "${from_rust}"', 'channel = "${to_rust}"', TOOLCHAIN_FILES],
      ['1-raise-the-msrv-in-the-manifest', 'rust-version = "${from_rust}"', 'rust-version = "${to_rust}"', ['Cargo.toml']],
      ['1-update-the-ci-workflow', '      - uses: dtolnay/rust-toolchain@${from_rust}', '      - uses: dtolnay/rust-toolchain@${to_rust}', WORKFLOWS],
      ['2-upgrade-clap', 'clap = "${from_clap}"', 'clap = "${to_clap}"', MANIFESTS],
    ]);
    for (const [, , , files] of edits(plan)) expect(reachesDocs(files)).toEqual([]);
  });

  it('takes from/to Rust and clap as parameters', () => {
    expect(plan.parameters.map((p) => [p.name, p.type, p.default])).toEqual([
      ['from_rust', 'rust-version', '1.63'],
      ['to_rust', 'rust-version', '1.85'],
      ['from_clap', 'crate-version', '3.2'],
      ['to_clap', 'crate-version', '4.5'],
    ]);
    const knowledge = loadBuiltinCompatibility(resolveResourcesDir());
    const report = preflight({ params: effectiveParams(plan, {}), pins: [], knowledge });
    expect(report.findings.filter((f) => /^invalid-param-(from|to)_rust$/.test(f.id))).toEqual([]);
  });

  it('installs and builds with the Rust the edits move to', () => {
    const commands = (p: Plan): string[] => steps(p).filter((s) => s.kind === 'command').map((s) => s.command!);
    expect(commands(plan)).toEqual(['rustup toolchain install ${to_rust}', 'cargo +${to_rust} build --offline', 'cargo +${to_rust} test --offline']);
    expect(commands(resolvePlan(plan, { to_rust: '1.86' }))).toEqual(['rustup toolchain install 1.86', 'cargo +1.86 build --offline', 'cargo +1.86 test --offline']);
    // The seed installs 1.81.0, which is not the 1.81 its diffs give: left as written.
    expect(commands(importFixture(SEED_NAME).plan).slice(0, 2)).toEqual(['rustup install 1.81.0', 'rustup default 1.81.0']);
  });

  it('keeps a diff of documentation, and one for no file it can tell, as snippets of manual steps, saying why', () => {
    const docs = steps(plan).find((s) => s.id === '1-update-the-build-docs')!;
    expect(docs).toMatchObject({ kind: 'manual', snippets: [{ lang: 'diff', text: expect.stringContaining('Requires Rust 1.85 or newer.') }] });
    expect(docs.description).toContain("The diff below is to be applied by hand: the diff is for docs/BUILDING.md, documentation, which the plan's edits leave alone.");
    const lints = steps(plan).find((s) => s.id === '2-fix-new-lints')!;
    expect(lints).toMatchObject({ kind: 'manual', snippets: [{ lang: 'diff', text: '- if items.len() == 0 {\n+ if items.is_empty() {' }] });
    expect(lints.description).toMatch(/^The diff below is to be applied by hand: the diff names no file/);
    expect(warnings).toEqual([
      "line 52: the diff of \"Update the build docs\" is shown as a snippet, not applied: the diff is for docs/BUILDING.md, documentation, which the plan's edits leave alone",
      'line 68: the diff of "Fix new lints" is shown as a snippet, not applied: the diff names no file (no `--- a/path` header), and neither the task, ' +
        'its section nor the line itself says which kind of file it is for (Makefile, Dockerfile, Cargo.toml, CI workflow, rust-toolchain, clippy.toml)',
    ]);
  });
});

describe('imported edits applied to a copy of photondrift', () => {
  const tempDir = useTempDir('stepwise-md-edits-');

  /** photondrift, plus what a real project holds beside it: the plan document, docs that quote its diffs, a member crate. */
  function project(): string {
    const root = copyRustFixture(join(tempDir(), 'photondrift'));
    for (const name of [SEED_NAME, SECOND_NAME]) writeFileSync(join(root, name), readFileSync(join(PLANS, name)));
    mkdirSync(join(root, 'docs'));
    writeFileSync(
      join(root, 'docs', 'upgrade.md'),
      '# Upgrade notes\n\nToday: `RUST_VERSION ?= 1.75`, `FROM rust:1.75-alpine AS builder`,\n`wasmtime = { version = "25.0", optional = true }`, `channel = "1.75"`.\n',
    );
    mkdirSync(join(root, 'crates', 'host'), { recursive: true });
    writeFileSync(join(root, 'crates', 'host', 'Cargo.toml'), '[package]\nname = "host"\nversion = "0.1.0"\n\n[dependencies]\nwasmtime = { version = "25.0", optional = true }\n');
    writeFileSync(join(root, 'crates', 'host', 'README.md'), 'Pinned by `wasmtime = { version = "25.0", optional = true }`.\n');
    writeFileSync(join(root, 'rust-toolchain.toml'), '[toolchain]\nchannel = "1.75"\n');
    return root;
  }

  async function contents(root: string): Promise<Map<string, string>> {
    const files = await listProjectFiles(root);
    return new Map(files.map((file) => [file, readFileSync(join(root, file), 'utf8')]));
  }

  /** Every edit step of the resolved plan, previewed and applied as the engine does; the files that changed. */
  async function applyAll(plan: Plan, params: Record<string, string>, root: string): Promise<string[]> {
    const before = await contents(root);
    for (const step of steps(resolvePlan(plan, params)).filter((s) => s.kind === 'edit')) {
      const preview = await planEdit(step.edit!, { root, pins: [], listFiles: () => listProjectFiles(root) });
      await applyChanges(root, preview.changes);
    }
    const after = await contents(root);
    return [...after.keys()].filter((file) => after.get(file) !== before.get(file)).sort();
  }

  it("applies the seed's edits to the Makefile, the Dockerfile and the member manifest, and to no .md", async () => {
    const root = project();
    const changed = await applyAll(importFixture(SEED_NAME).plan, {}, root);
    expect(changed).toEqual(['Dockerfile', 'Makefile', 'crates/host/Cargo.toml']);
    expect(readFileSync(join(root, 'Makefile'), 'utf8')).toContain('\nRUST_VERSION ?= 1.81\n');
    expect(readFileSync(join(root, 'Dockerfile'), 'utf8')).toContain('\nFROM rust:1.81-alpine AS builder\n');
    expect(readFileSync(join(root, 'crates/host/Cargo.toml'), 'utf8')).toContain('wasmtime = { version = "35.0", optional = true }');
    expect(readFileSync(join(root, SEED_NAME), 'utf8')).toBe(readFileSync(join(PLANS, SEED_NAME), 'utf8'));
    expect(readFileSync(join(root, 'docs', 'upgrade.md'), 'utf8')).toContain('`RUST_VERSION ?= 1.75`');
  });

  it("applies the second plan's edits from the project's own Rust (from_rust = 1.75) to the target set by a parameter", async () => {
    const root = project();
    const changed = await applyAll(importFixture(SECOND_NAME).plan, { from_rust: '1.75', to_rust: '1.86' }, root);
    // The Dockerfile's image is alpine, not the plan's slim-bookworm: it is left as it is.
    expect(changed).toEqual(['.github/workflows/ci.yml', 'Cargo.toml', 'Makefile', 'rust-toolchain.toml']);
    expect(readFileSync(join(root, 'Makefile'), 'utf8')).toContain('\nRUST_VERSION ?= 1.86\n');
    expect(readFileSync(join(root, 'Cargo.toml'), 'utf8')).toContain('\nrust-version = "1.86"\n');
    expect(readFileSync(join(root, 'rust-toolchain.toml'), 'utf8')).toBe('[toolchain]\nchannel = "1.86"\n');
    expect(readFileSync(join(root, '.github/workflows/ci.yml'), 'utf8')).toContain('      - uses: dtolnay/rust-toolchain@1.86\n');
    expect(changed.filter((file) => file.endsWith('.md'))).toEqual([]);
  });
});
