// The seed plan's own values (RUST_WASMTIME_UPGRADE_PLAN.md: Rust 1.75 -> 1.81,
// wasmtime -> 35), as the preflight tests feed them; a session's come from its project.
export const SEED_PARAMS: Readonly<Record<string, string>> = { from_rust: '1.75', to_rust: '1.81', to_wasmtime: '35' };
