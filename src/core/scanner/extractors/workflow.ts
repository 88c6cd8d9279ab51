// GitHub Actions workflows: `toolchain: 1.76.0`, `uses: dtolnay/rust-toolchain@1.75`,
// and Rust versions in a strategy matrix (`rust: [1.75, stable]`, one pin each).
//
// The YAML is parsed (the `yaml` package keeps source ranges), but values are
// taken from the source text, not from the parsed value: YAML reads `1.70` as
// the number 1.7, and a pin must be the text as written.
import { isMap, isScalar, isSeq, parseDocument, type Scalar } from 'yaml';
import type { Pin } from '../../../shared/scan';
import type { Source } from '../source';
import { isRustRelease } from '../../toolchain/version';

/** Keys that pin the toolchain in a step's `with:` or in `env:`. */
const TOOLCHAIN_KEYS = new Set(['toolchain', 'rust-version', 'rust_version', 'RUST_VERSION']);
/** Keys whose values in a matrix are Rust versions to test with. */
const MATRIX_KEYS = new Set(['rust', 'toolchain', 'rust-version', 'rust_version', 'msrv']);
/** Actions whose ref is the toolchain: `dtolnay/rust-toolchain@1.75`. */
const TOOLCHAIN_ACTIONS = new Set(['dtolnay/rust-toolchain']);

export function workflowPins(source: Source): Pin[] {
  let contents: unknown;
  try {
    contents = parseDocument(source.text, { uniqueKeys: false }).contents;
  } catch {
    return [];
  }
  const pins: Pin[] = [];
  visit(source, contents, false, pins);
  return pins;
}

function visit(source: Source, node: unknown, inMatrix: boolean, pins: Pin[]): void {
  if (isSeq(node)) {
    for (const item of node.items) visit(source, item, inMatrix, pins);
    return;
  }
  if (!isMap(node)) return;
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value;
    if (inMatrix && MATRIX_KEYS.has(key)) {
      for (const item of isSeq(value) ? value.items : [value]) {
        const text = scalarText(source, item);
        if (text && isRustRelease(text.value)) pins.push(source.pin(text.offset, 'ci-matrix-rust', text.value, key));
      }
      continue;
    }
    if (!inMatrix && TOOLCHAIN_KEYS.has(key)) {
      const text = scalarText(source, value);
      if (text && isRustRelease(text.value)) pins.push(source.pin(text.offset, 'ci-toolchain', text.value, key));
      continue;
    }
    if (key === 'uses') {
      const text = scalarText(source, value);
      const at = text ? text.value.indexOf('@') : -1;
      if (text && at > 0) {
        const action = text.value.slice(0, at);
        const ref = text.value.slice(at + 1);
        if (TOOLCHAIN_ACTIONS.has(action.toLowerCase()) && isRustRelease(ref)) {
          pins.push(source.pin(text.offset + at + 1, 'ci-rust-toolchain-action', ref, action));
        }
      }
      continue;
    }
    visit(source, value, inMatrix || key === 'matrix', pins);
  }
}

/** A one-line scalar's text as written (inside its quotes) and where it starts. */
function scalarText(source: Source, node: unknown): { value: string; offset: number } | null {
  if (!isScalar(node) || !node.range) return null;
  const [start, end] = node.range;
  const type = (node as Scalar).type;
  if (type === 'PLAIN') return { value: source.text.slice(start, end), offset: start };
  if (type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE') return { value: source.text.slice(start + 1, end - 1), offset: start + 1 };
  return null; // block scalars: a script, not a pin
}
