// The unexpected_cfgs fix: the names the warnings give, declared in the package's Cargo.toml.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cfgNameOf, declareCheckCfgs, manifestOf } from '../../src/core/edits/declareCfgs';

const PACKAGE = '[package]\nname = "m"\nversion = "0.1.0"\n';

describe('declaring the cfgs unexpected_cfgs warns about', () => {
  it('reads the name from a warning, not a value', () => {
    expect(cfgNameOf('unexpected `cfg` condition name: `maybe_uninit`')).toBe('maybe_uninit');
    expect(cfgNameOf('unexpected `cfg` condition value: `blah`')).toBeNull();
  });

  it('adds a [lints.rust] table at the end when there is none', () => {
    expect(declareCheckCfgs(PACKAGE, ['foo', 'doctests'], 'Cargo.toml')).toBe(
      `${PACKAGE}\n[lints.rust]\nunexpected_cfgs = { level = "warn", check-cfg = ['cfg(foo)', 'cfg(doctests)'] }\n`,
    );
    expect(declareCheckCfgs('[package]\nname = "m"', ['a'], 'Cargo.toml')).toBe(`[package]\nname = "m"\n\n[lints.rust]\nunexpected_cfgs = { level = "warn", check-cfg = ['cfg(a)'] }\n`);
  });

  it('adds the line to an existing [lints.rust], and the names to an existing list, once', () => {
    const withTable = `${PACKAGE}\n[lints.rust]\nunsafe_code = "forbid"\n\n[dependencies]\n`;
    expect(declareCheckCfgs(withTable, ['a'], 'Cargo.toml')).toBe(`${PACKAGE}\n[lints.rust]\nunexpected_cfgs = { level = "warn", check-cfg = ['cfg(a)'] }\nunsafe_code = "forbid"\n\n[dependencies]\n`);
    const withList = `${PACKAGE}[lints.rust]\nunexpected_cfgs = { level = "deny", check-cfg = ['cfg(a)'] }\n`;
    expect(declareCheckCfgs(withList, ['a', 'b'], 'Cargo.toml')).toBe(`${PACKAGE}[lints.rust]\nunexpected_cfgs = { level = "deny", check-cfg = ['cfg(a)', 'cfg(b)'] }\n`);
    expect(declareCheckCfgs(withList, ['a'], 'Cargo.toml')).toBe(withList);
    const multiline = `${PACKAGE}[lints.rust]\nunexpected_cfgs = { level = "warn", check-cfg = [\n  'cfg(a)',\n] }\n`;
    expect(declareCheckCfgs(multiline, ['b'], 'Cargo.toml')).toBe(`${PACKAGE}[lints.rust]\nunexpected_cfgs = { level = "warn", check-cfg = [\n  'cfg(a)', 'cfg(b)'] }\n`);
  });

  it('turns a bare level into a table that keeps it', () => {
    expect(declareCheckCfgs(`${PACKAGE}[lints.rust]\nunexpected_cfgs = "deny"\n`, ['x'], 'Cargo.toml')).toBe(
      `${PACKAGE}[lints.rust]\nunexpected_cfgs = { level = "deny", check-cfg = ['cfg(x)'] }\n`,
    );
    expect(declareCheckCfgs(`${PACKAGE}[lints.rust]\nunexpected_cfgs = { level = "warn" } # why\n`, ['x'], 'Cargo.toml')).toBe(
      `${PACKAGE}[lints.rust]\nunexpected_cfgs = { level = "warn", check-cfg = ['cfg(x)'] } # why\n`,
    );
  });

  it("refuses a package that takes the workspace's lints, saying where to declare them", () => {
    expect(() => declareCheckCfgs(`${PACKAGE}[lints]\nworkspace = true\n`, ['x'], 'core/Cargo.toml')).toThrow(
      "core/Cargo.toml takes its lints from the workspace ([lints] workspace = true): declare 'cfg(x)' under [workspace.lints.rust] unexpected_cfgs in the workspace's Cargo.toml",
    );
  });

  it("finds a diagnostic's package: the nearest manifest with [package]", () => {
    const root = mkdtempSync(join(tmpdir(), 'stepwise-cfgs-'));
    try {
      writeFileSync(join(root, 'Cargo.toml'), '[workspace]\nmembers = ["core"]\n');
      mkdirSync(join(root, 'core/src/deep'), { recursive: true });
      writeFileSync(join(root, 'core/Cargo.toml'), PACKAGE);
      expect(manifestOf(root, 'core/src/deep/x.rs')).toBe('core/Cargo.toml');
      expect(manifestOf(root, null)).toBe('Cargo.toml');
      expect(manifestOf(root, 'build.rs')).toBe('Cargo.toml');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
