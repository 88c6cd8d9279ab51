// readDependencyMsrvs with the real `cargo metadata --offline`, end to end into the
// preflight's dependency-msrv blocker. Everything runs in temp copies.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltinCompatibility } from '../../src/core/knowledge/compatibility';
import { resolveResourcesDir } from '../../src/core/platform/fs/paths';
import { preflight, readDependencyMsrvs } from '../../src/core/preflight';
import { copyRustFixture } from '../helpers/rustFixture';


let workDir: string;

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'stepwise-preflight-'));
});

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/** A crate `app` (rust-version 1.75) with a path dependency `needs-new` that declares rust-version 1.86. */
function tinyWorkspace(): string {
  const root = join(workDir, 'tiny');
  mkdirSync(join(root, 'src'), { recursive: true });
  mkdirSync(join(root, 'needs-new', 'src'), { recursive: true });
  writeFileSync(
    join(root, 'Cargo.toml'),
    '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\nrust-version = "1.75"\npublish = false\n\n[dependencies]\nneeds-new = { path = "needs-new" }\n',
  );
  writeFileSync(join(root, 'src', 'lib.rs'), 'pub use needs_new::answer;\n');
  writeFileSync(
    join(root, 'needs-new', 'Cargo.toml'),
    '[package]\nname = "needs-new"\nversion = "0.3.1"\nedition = "2021"\nrust-version = "1.86"\npublish = false\n',
  );
  writeFileSync(join(root, 'needs-new', 'src', 'lib.rs'), 'pub fn answer() -> u32 {\n    42\n}\n');
  return root;
}

describe('readDependencyMsrvs with real cargo metadata', () => {
  it('reads the photondrift copy: its vendored wasmtime stub declares no rust-version, the crate itself is left out', async () => {
    const crateDir = join(workDir, 'photondrift');
    copyRustFixture(crateDir);
    const result = await readDependencyMsrvs(crateDir);
    expect(result).toEqual({ dependencies: [], note: null });
  });

  it('finds a path dependency needing Rust 1.86 and the preflight blocks a 1.81 target', async () => {
    const result = await readDependencyMsrvs(tinyWorkspace());
    expect(result.note).toBeNull();
    expect(result.dependencies).toEqual([{ name: 'needs-new', version: '0.3.1', rustVersion: '1.86' }]);

    const report = preflight({
      params: { from_rust: '1.75', to_rust: '1.81', to_wasmtime: '29' },
      pins: [],
      knowledge: loadBuiltinCompatibility(resolveResourcesDir()),
      dependencyMsrvs: result.dependencies,
    });
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({
      id: 'dependency-msrv',
      severity: 'blocker',
      message: 'Dependency `needs-new` 0.3.1 requires Rust 1.86; the plan targets Rust 1.81.',
      choices: [{ label: 'Target Rust 1.86', params: { to_rust: '1.86' } }],
      sources: ['cargo metadata'],
    });
  });

  it('turns a failure into a note, never a throw', async () => {
    const empty = join(workDir, 'empty');
    mkdirSync(empty);
    const noManifest = await readDependencyMsrvs(empty);
    expect(noManifest.dependencies).toEqual([]);
    expect(noManifest.note).toMatch(/^Dependency MSRVs were not checked: `cargo metadata --offline` failed: error: could not find `Cargo\.toml`/);

    const noCargo = await readDependencyMsrvs(empty, { cargo: 'stepwise-no-such-cargo' });
    expect(noCargo).toEqual({ dependencies: [], note: 'Dependency MSRVs were not checked: `stepwise-no-such-cargo` was not found on PATH.' });
  });
});
