// What the photondrift fixture's `cargo check --all-features` reports, as
// rustc 1.95 prints it: the parser tests and the integration tests agree on it.
import type { Diagnostic } from '../../src/shared/model';

export const UNRESOLVED_IMPORT = {
  severity: 'error',
  tool: 'rustc',
  code: 'E0432',
  message: 'unresolved import `wasmtime::WasiCtxBuilder`',
  file: 'src/plugins.rs',
  line: 7,
  column: 5,
} satisfies Partial<Diagnostic>;

export const UNUSED_VARIABLE = {
  severity: 'warning',
  tool: 'rustc',
  code: 'unused_variables',
  file: 'src/plugins.rs',
} satisfies Partial<Diagnostic>;
