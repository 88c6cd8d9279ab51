// Cargo.toml: edition, rust-version, every dependency's version, [lints] tables.
import type { Pin } from '../../../shared/scan';
import type { Source } from '../source';
import { pathIs, readToml, type TomlKey } from './toml';

const DEPENDENCY_TABLES = new Set(['dependencies', 'dev-dependencies', 'build-dependencies', 'dev_dependencies', 'build_dependencies']);
/** `[project]` is the old name of `[package]`; Cargo still reads it. */
const PACKAGE_TABLES: TomlKey[][] = [['package'], ['project'], ['workspace', 'package']];

export function cargoManifestPins(source: Source): Pin[] {
  const { values, headers } = readToml(source.text);
  const pins: Pin[] = [];
  for (const { path, value, offset, quoted } of values) {
    if (!quoted) continue; // `edition.workspace = true`, `optional = true`: not pins
    if (PACKAGE_TABLES.some((table) => pathIs(path, ...table, 'edition'))) {
      pins.push(source.pin(offset, 'cargo-edition', value));
    } else if (PACKAGE_TABLES.some((table) => pathIs(path, ...table, 'rust-version'))) {
      pins.push(source.pin(offset, 'cargo-rust-version', value));
    } else {
      const name = dependencyName(path);
      if (name !== undefined) pins.push(source.pin(offset, 'cargo-dependency', value, name));
    }
  }
  for (const header of headers) {
    const lints = header.path[0] === 'lints' ? 0 : header.path[0] === 'workspace' && header.path[1] === 'lints' ? 1 : -1;
    if (lints === -1 || header.arrayTable) continue;
    // `[lints.rust]` -> rust; a bare `[lints]` has no tool.
    pins.push(source.pin(header.offset, 'cargo-lints', header.raw, header.path[lints + 1]));
  }
  return pins;
}

/**
 * The dependency whose version this value is, if it is one:
 * `[dependencies] name = "1.0"`, `name = { version = "1.0" }`, `name.version = "1.0"`,
 * `[dependencies.name] version = "1.0"`, in the dev/build tables, in
 * `[workspace.dependencies]` and in `[target.'cfg(...)'.dependencies]`.
 * A dependency with only a path, git or `workspace = true` has no version, so no pin.
 */
function dependencyName(path: TomlKey[]): string | undefined {
  let rest: TomlKey[];
  if (DEPENDENCY_TABLES.has(path[0] as string)) rest = path.slice(1);
  else if (path[0] === 'workspace' && path[1] === 'dependencies') rest = path.slice(2);
  else if (path[0] === 'target' && typeof path[1] === 'string' && DEPENDENCY_TABLES.has(path[2] as string)) rest = path.slice(3);
  else return undefined;
  const [name, field] = rest;
  if (typeof name !== 'string') return undefined;
  if (rest.length === 1 || (rest.length === 2 && field === 'version')) return name;
  return undefined;
}
