// What an edit step looks for, in words, for "nothing of this kind in this
// project: no RUST_VERSION pin in a Makefile".
import type { EditSpec } from '../../shared/model';
import type { PinKind } from '../../shared/scan';

/** Each pin kind as a thing the project may have; `name` is the variable or crate where the kind has one. */
const PIN_WORDS: Record<PinKind, (name?: string) => string> = {
  'cargo-edition': () => 'edition in a Cargo.toml',
  'cargo-rust-version': () => 'rust-version in a Cargo.toml',
  'cargo-dependency': (name) => `${name ? `${name} ` : ''}dependency version in a Cargo.toml`,
  'cargo-lints': () => '[lints] table in a Cargo.toml',
  'toolchain-channel': () => 'channel in a rust-toolchain file',
  'toolchain-component': () => 'component in a rust-toolchain file',
  'toolchain-target': () => 'target in a rust-toolchain file',
  'makefile-rust-version': (name) => `${name ?? 'RUST_VERSION'} pin in a Makefile`,
  'makefile-version': (name) => `${name ?? '*_VERSION'} variable in a Makefile`,
  'docker-from-rust': () => '`FROM rust:` image in a Dockerfile',
  'docker-arg-rust-version': () => '`ARG RUST_VERSION` in a Dockerfile',
  'ci-toolchain': () => '`toolchain:` in a CI workflow',
  'ci-rust-toolchain-action': () => 'rust-toolchain action version in a CI workflow',
  'ci-matrix-rust': () => 'Rust version in a CI matrix',
  'clippy-msrv': () => 'msrv in a clippy.toml',
  'cargo-config-target': () => 'build target in a .cargo/config.toml',
  'wasm32-wasi-target': () => 'mention of the wasm32-wasi target',
};

/** "RUST_VERSION pin in a Makefile or rust-version in a Cargo.toml", `"RUST_VERSION ?= 1.75" in Makefile`. */
export function lookedFor(spec: EditSpec): string {
  const parts: string[] = [];
  if (spec.pins) parts.push(spec.pins.kinds.map((kind) => PIN_WORDS[kind](spec.pins!.name)).join(' or '));
  if (spec.replace) {
    const { find, files } = spec.replace;
    const text = find.length > 60 ? `${find.slice(0, 57)}…` : find;
    parts.push(`${JSON.stringify(text)}${files ? ` in ${files.join(', ')}` : ' in any file'}`);
  }
  return parts.join(', and no ');
}
