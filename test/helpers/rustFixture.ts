// The Rust fixtures in test/fixtures/rust, copied where a test may build them.
import { cpSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

export const RUST_FIXTURES = resolve(__dirname, '../fixtures/rust');

/** Copies fixture `name` to `dest`, leaving out any target/ a build left in the sources; returns `dest`. */
export function copyRustFixture(dest: string, name = 'photondrift'): string {
  cpSync(join(RUST_FIXTURES, name), dest, { recursive: true, filter: (src) => basename(src) !== 'target' });
  return dest;
}
