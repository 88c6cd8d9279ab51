// The old `wasm32-wasi` target, renamed `wasm32-wasip1` (the new name exists
// since Rust 1.78; the old one is gone in 1.84), wherever it is named:
// configs, scripts, docs.
import type { Pin } from '../../../shared/scan';
import type { Source } from '../source';

export const WASI_TARGET = 'wasm32-wasi';
/**
 * Not when the name goes on: `wasm32-wasip1`, `wasm32-wasip2`,
 * `wasm32-wasi-preview1-threads`, and other targets such as `wasm32-wasix`.
 */
const OLD_TARGET = /wasm32-wasi(?![A-Za-z0-9_-])/g;

export function wasiTargetPins(source: Source): Pin[] {
  const pins: Pin[] = [];
  for (const match of source.text.matchAll(OLD_TARGET)) pins.push(source.pin(match.index, 'wasm32-wasi-target', WASI_TARGET));
  return pins;
}
