// Which extractor reads which file, by its path.
import type { Pin } from '../../../shared/scan';
import type { Source } from '../source';
import { cargoManifestPins } from './cargo';
import { dockerfilePins } from './dockerfile';
import { makefilePins } from './makefile';
import { cargoConfigPins, clippyPins, rustToolchainLegacyPins, rustToolchainTomlPins } from './tomlConfigs';
import { wasiTargetPins } from './wasi';
import { workflowPins } from './workflow';

export { WASI_TARGET } from './wasi';

type Extractor = (source: Source) => Pin[];

/** The extractor for a file kind the scanner knows, by its `/`-separated relative path; null for other files. */
export function extractorFor(file: string): Extractor | null {
  const slash = file.lastIndexOf('/');
  const name = file.slice(slash + 1);
  const lower = name.toLowerCase();
  const dir = file.slice(0, Math.max(slash, 0));
  if (name === 'Cargo.toml') return cargoManifestPins;
  if (name === 'rust-toolchain.toml') return rustToolchainTomlPins;
  if (name === 'rust-toolchain') return rustToolchainLegacyPins;
  if (name === 'Makefile' || name === 'makefile' || name === 'GNUmakefile' || name.endsWith('.mk')) return makefilePins;
  if (lower === 'dockerfile' || lower.startsWith('dockerfile.') || lower.endsWith('.dockerfile')) return dockerfilePins;
  if (name === 'clippy.toml' || name === '.clippy.toml') return clippyPins;
  if ((name === 'config.toml' || name === 'config') && (dir === '.cargo' || dir.endsWith('/.cargo'))) return cargoConfigPins;
  if (/\.ya?ml$/.test(name) && (dir === '.github/workflows' || dir.endsWith('/.github/workflows'))) return workflowPins;
  return null;
}

/** Every pin in one file's text: its kind's, and any mention of the old wasm32-wasi target. */
export function extractPins(source: Source, extractor = extractorFor(source.file)): Pin[] {
  const pins = extractor ? extractor(source) : [];
  if (source.text.includes('wasm32-wasi')) pins.push(...wasiTargetPins(source));
  return pins;
}
