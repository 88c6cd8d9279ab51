// The small TOML files that pin the toolchain: rust-toolchain(.toml),
// clippy.toml, .cargo/config(.toml).
import type { Pin } from '../../../shared/scan';
import type { Source } from '../source';
import { pathIs, readToml } from './toml';

/** rust-toolchain.toml: `[toolchain]` channel, components, targets. */
export function rustToolchainTomlPins(source: Source): Pin[] {
  const pins: Pin[] = [];
  for (const { path, value, offset, quoted } of readToml(source.text).values) {
    if (!quoted || path[0] !== 'toolchain') continue;
    if (pathIs(path, 'toolchain', 'channel')) pins.push(source.pin(offset, 'toolchain-channel', value));
    else if (path.length === 3 && path[1] === 'components' && typeof path[2] === 'number') {
      pins.push(source.pin(offset, 'toolchain-component', value));
    } else if (path.length === 3 && path[1] === 'targets' && typeof path[2] === 'number') {
      pins.push(source.pin(offset, 'toolchain-target', value));
    }
  }
  return pins;
}

/**
 * `rust-toolchain` without an extension: the legacy one-line file naming the
 * channel, or (rustup reads both) the TOML format.
 */
export function rustToolchainLegacyPins(source: Source): Pin[] {
  if (/^\s*\[toolchain\]/m.test(source.text)) return rustToolchainTomlPins(source);
  for (const line of source.lines()) {
    const channel = line.text.trim();
    if (!channel || channel.startsWith('#')) continue;
    return [source.pin(line.start + line.text.indexOf(channel), 'toolchain-channel', channel)];
  }
  return [];
}

/** clippy.toml / .clippy.toml: `msrv = "1.75"`. */
export function clippyPins(source: Source): Pin[] {
  return readToml(source.text)
    .values.filter(({ path }) => pathIs(path, 'msrv'))
    .map(({ value, offset }) => source.pin(offset, 'clippy-msrv', value));
}

/** .cargo/config(.toml): `[build] target`, a string or an array of them. */
export function cargoConfigPins(source: Source): Pin[] {
  return readToml(source.text)
    .values.filter(
      ({ path, quoted }) => quoted && (pathIs(path, 'build', 'target') || (path.length === 3 && pathIs(path.slice(0, 2), 'build', 'target') && typeof path[2] === 'number')),
    )
    .map(({ value, offset }) => source.pin(offset, 'cargo-config-target', value));
}
