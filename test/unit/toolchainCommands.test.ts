import { describe, expect, it } from 'vitest';
import type { ToolchainState } from '../../src/shared/model';
import { toolchainCommands } from '../../src/core/snapshots/toolchain';
import { shortToolchain } from '../../src/core/toolchain/version';

const HOST = 'x86_64-unknown-linux-gnu';
const state = (over: Partial<ToolchainState>): ToolchainState => ({
  active: `1.75.0-${HOST}`,
  defaultToolchain: `1.75.0-${HOST}`,
  installed: [`1.75.0-${HOST}`],
  components: [`cargo-${HOST}`, `rustc-${HOST}`, `rust-std-${HOST}`, `clippy-${HOST}`, 'rust-src'],
  targets: [HOST, 'wasm32-wasi'],
  toolchainFile: null,
  error: null,
  ...over,
});

describe('the rustup commands that bring a snapshot\'s toolchain back', () => {
  it('are empty when nothing changed, or when the snapshot has no toolchain recorded', () => {
    expect(toolchainCommands(state({}), state({}))).toEqual([]);
    expect(toolchainCommands(null, state({}))).toEqual([]);
  });

  it('set the default back and add what the old toolchain had, by the names a user types', () => {
    const now = state({
      active: `1.81.0-${HOST}`,
      defaultToolchain: `1.81.0-${HOST}`,
      installed: [`1.75.0-${HOST}`, `1.81.0-${HOST}`],
      targets: [HOST, 'wasm32-wasip1'],
    });
    expect(toolchainCommands(state({}), now)).toEqual([
      'rustup default 1.75.0',
      'rustup component add clippy rust-src --toolchain 1.75.0',
      'rustup target add wasm32-wasi --toolchain 1.75.0',
    ]);
  });

  it('name only what is missing when the same toolchain is active', () => {
    const now = state({ components: [`cargo-${HOST}`, `rustc-${HOST}`, 'rust-src'], targets: [HOST] });
    expect(toolchainCommands(state({}), now)).toEqual([
      'rustup component add clippy --toolchain 1.75.0',
      'rustup target add wasm32-wasi --toolchain 1.75.0',
    ]);
  });

  it('install an override toolchain (a rust-toolchain file) that is no longer installed', () => {
    const then = state({ active: `nightly-2024-01-01-${HOST}`, defaultToolchain: `stable-${HOST}`, components: [], targets: [HOST] });
    const now = state({ active: `stable-${HOST}`, defaultToolchain: `stable-${HOST}`, installed: [`stable-${HOST}`] });
    expect(toolchainCommands(then, now)).toEqual(['rustup toolchain install nightly-2024-01-01']);
  });

  it('shorten toolchain names only by a host triple', () => {
    expect(shortToolchain(`stable-${HOST}`)).toBe('stable');
    expect(shortToolchain('1.86.0-aarch64-apple-darwin')).toBe('1.86.0');
    expect(shortToolchain('my-custom-toolchain')).toBe('my-custom-toolchain');
  });
});
