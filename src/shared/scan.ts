// What the project scanner reports: every toolchain and dependency pin, with
// its exact place, and where the files disagree with each other.

export type PinKind =
  | 'cargo-edition' // [package] / [workspace.package] edition = "2021"
  | 'cargo-rust-version' // rust-version = "1.75"
  | 'cargo-dependency' // a dependency's version, name = the crate
  | 'cargo-lints' // a [lints] / [workspace.lints] table header
  | 'toolchain-channel' // rust-toolchain(.toml) channel, or the legacy one-line file
  | 'toolchain-component' // rust-toolchain.toml components entry
  | 'toolchain-target' // rust-toolchain.toml targets entry
  | 'makefile-rust-version' // RUST_VERSION ?= 1.75 (name = the variable)
  | 'makefile-version' // another *_VERSION variable in a Makefile (name = the variable)
  | 'docker-from-rust' // FROM rust:1.75-alpine
  | 'docker-arg-rust-version' // ARG RUST_VERSION=1.76
  | 'ci-toolchain' // toolchain: 1.76.0 in a workflow
  | 'ci-rust-toolchain-action' // uses: dtolnay/rust-toolchain@1.75
  | 'ci-matrix-rust' // rust: [1.75, stable], one pin per version listed
  | 'clippy-msrv' // clippy.toml msrv = "1.75"
  | 'cargo-config-target' // .cargo/config.toml [build] target
  | 'wasm32-wasi-target'; // any mention of the old wasm32-wasi target (not wasm32-wasip1)

export interface Pin {
  /** Path relative to the project root, with `/` separators. */
  file: string;
  /** 1-based line of the value. */
  line: number;
  /** 1-based column where `value` starts on that line (UTF-16 code units). */
  column: number;
  kind: PinKind;
  /** Dependency or variable name, where the kind has one. */
  name?: string;
  /** The pinned value exactly as written, e.g. `1.75`, `25.0`, `wasm32-wasi`, `${RUST_VERSION}`. */
  value: string;
  /** The whole line, trimmed. */
  text: string;
}

export interface ConflictValue {
  value: string;
  pins: Pin[];
}

/** Files that pin the same thing to different values. */
export interface Conflict {
  /** What disagrees: `rust-version` (the Rust toolchain) or `dependency:<name>`. */
  subject: string;
  message: string;
  values: ConflictValue[];
}

export interface ToolchainState {
  rustupVersion: string | null;
  toolchains: string[];
  /** `rustup show active-toolchain`, e.g. `stable-x86_64-unknown-linux-gnu (default)`. */
  activeToolchain: string | null;
  rustc: string | null;
  cargo: string | null;
  installedTargets: string[];
  installedComponents: string[];
  /** What could not be found out, and why (rustup missing, a command failing). */
  problems: string[];
}

export interface ScanReport {
  root: string;
  /** Files looked at (after ignore rules). */
  filesScanned: number;
  pins: Pin[];
  conflicts: Conflict[];
  /** Files and folders that could not be read, with why (`src/private: permission denied`): their pins are missing. */
  unreadable: string[];
  toolchain: ToolchainState | null;
  durationMs: number;
}
