// The fitted `features` parameter, read from real files: every feature unless
// one gates nightly-only code, which stable Rust refuses (E0554).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { declaredFeatures, featuresFlag, nightlyFeatures } from '../../src/core/plans/fit/cargoFeatures';
import { CARGO_FEATURES } from '../../src/shared/planParams';
import { write } from '../helpers/treeListing';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function flagOf(files: Record<string, string>): Promise<{ value: string; source: string }> {
  dir = mkdtempSync(join(tmpdir(), 'stepwise-features-'));
  for (const [file, text] of Object.entries(files)) write(dir, file, text);
  const names = Object.keys(files);
  return featuresFlag(await declaredFeatures(dir, names), await nightlyFeatures(dir, names));
}

describe('the features the build and test steps turn on', () => {
  it('every feature when none gates nightly-only code', async () => {
    const flag = await flagOf({ 'Cargo.toml': '[package]\nname = "a"\n[features]\nfast = []\nwasm = []\n', 'src/lib.rs': '#![cfg_attr(feature = "fast", allow(dead_code))]\n' });
    expect(flag).toEqual({ value: '--all-features', source: 'every feature the crates declare (none needs nightly)' });
  });

  it('leaves out a feature that turns on #![feature] (written over several lines), naming where', async () => {
    const flag = await flagOf({
      'Cargo.toml': '[package]\nname = "a"\n[features]\ndefault = ["std"]\nstd = []\nunstable_const = []\n',
      'src/lib.rs': '//! doc\n\n#![cfg_attr(\n    feature = "unstable_const",\n    feature(const_ptr_offset_from)\n)]\n',
    });
    expect(flag.value).toBe('--features=std');
    expect(flag.source).toBe('every feature but unstable_const (src/lib.rs:3): it turns on nightly-only #![feature], which no stable Rust builds (E0554)');
  });

  it("names a member's features by its package in a workspace, and gives --features= when none is left", async () => {
    const flag = await flagOf({
      'Cargo.toml': '[workspace]\nmembers = ["core", "cli"]\n',
      'core/Cargo.toml': '[package]\nname = "core-lib"\n[features]\nnightly = []\nserde = []\n',
      'core/src/lib.rs': '#![cfg_attr(feature = "nightly", feature(never_type))]\n',
      'cli/Cargo.toml': '[package]\nname = "cli"\n',
    });
    expect(flag.value).toBe('--features=core-lib/serde');
    const none = await flagOf({ 'Cargo.toml': '[package]\nname = "m"\n[features]\nunstable = []\n', 'src/lib.rs': '#![cfg_attr(feature = "unstable", feature(test))]\n' });
    expect(none.value).toBe('--features=');
    for (const value of [flag.value, none.value, '--all-features']) expect(CARGO_FEATURES.test(value)).toBe(true);
    expect(CARGO_FEATURES.test('--features=a;touch x')).toBe(false);
  });

  it('in a git work tree, finds the gate through git: in a committed file and in one not added yet', async () => {
    dir = mkdtempSync(join(tmpdir(), 'stepwise-features-'));
    const files = {
      'Cargo.toml': '[package]\nname = "g"\n[features]\nstd = []\nnightly = []\nunstable = []\n',
      'src/lib.rs': '#![cfg_attr(feature = "nightly", feature(never_type))]\nmod fresh;\n',
      'src/plain.rs': 'pub fn plain() {}\n',
    };
    for (const [file, text] of Object.entries(files)) write(dir, file, text);
    const git = (...args: string[]): void => void execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
    git('init', '-q');
    git('add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'start');
    write(dir, 'src/fresh.rs', '#![cfg_attr(feature = "unstable", feature(test))]\n');
    const names = [...Object.keys(files), 'src/fresh.rs'];
    expect(await nightlyFeatures(dir, names)).toEqual([
      { feature: 'nightly', file: 'src/lib.rs', line: 1 },
      { feature: 'unstable', file: 'src/fresh.rs', line: 1 },
    ]);
  });
});
