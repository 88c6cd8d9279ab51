// The toolchain recorded with a snapshot, read from the real rustup on this
// machine: never downloading, and an error recorded (not thrown) when a
// toolchain file names one that is not installed or rustup is missing.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureToolchain } from '../../src/core/snapshots/toolchain';
import { useTempDir } from '../helpers/tempDir';

const tempDir = useTempDir('stepwise-toolchain-');
const hasRustup = (() => {
  try {
    execFileSync('rustup', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const installed = (): string => execFileSync('rustup', ['toolchain', 'list'], { encoding: 'utf8' });

describe('the toolchain state of a snapshot', () => {
  it.runIf(hasRustup)('reads the active toolchain, its components and targets', async () => {
    const state = await captureToolchain(tempDir());
    expect(state.error).toBeNull();
    expect(state.installed).toContain(state.active);
    expect(state.components.some((c) => c.startsWith('rustc'))).toBe(true);
    expect(state.targets.length).toBeGreaterThan(0);
    expect(state.toolchainFile).toBeNull();
  });

  it.runIf(hasRustup)('records a toolchain file naming a toolchain that is not installed, without installing it', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'rust-toolchain.toml'), '[toolchain]\nchannel = "1.60.0"\n');
    const before = installed();
    const started = Date.now();
    const state = await captureToolchain(root);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(state.toolchainFile).toEqual({ path: 'rust-toolchain.toml', content: '[toolchain]\nchannel = "1.60.0"\n' });
    expect(state.active).toBeNull();
    expect(state.error).toMatch(/1\.60\.0.*not installed/);
    expect(installed()).toBe(before);
  });

  it('records the error on a machine without rustup', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'rust-toolchain'), '1.75.0\n');
    const state = await captureToolchain(root, { ...process.env, PATH: '/nonexistent' });
    expect(state).toEqual({
      active: null,
      defaultToolchain: null,
      installed: [],
      components: [],
      targets: [],
      toolchainFile: { path: 'rust-toolchain', content: '1.75.0\n' },
      error: 'rustup not found on PATH',
    });
  });
});
