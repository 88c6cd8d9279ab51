// Where the files disagree: the Rust version pinned in different places, and
// a dependency pinned to different versions.
import type { Conflict, ConflictValue, Pin, PinKind } from '../../shared/scan';
import { compareStrings } from './walk';
import { compareVersions, normaliseDependencyVersion, normaliseRustVersion, versionParts } from '../toolchain/version';
import { groupBy } from '../../shared/collections/groupBy';

/** The pins that name the Rust toolchain a place builds with. */
export const TOOLCHAIN_PIN_KINDS: readonly PinKind[] = [
  'toolchain-channel',
  'makefile-rust-version',
  'docker-from-rust',
  'docker-arg-rust-version',
  'ci-toolchain',
  'ci-rust-toolchain-action',
  'clippy-msrv',
];

/**
 * The pins compared for the `rust-version` conflict. `cargo-rust-version`
 * is strictly the MSRV (the oldest Rust the crate promises to support), not
 * the toolchain it is built with; but in a project like the seed's, the MSRV
 * and the toolchain pins were meant to move together, and a Makefile at 1.75
 * beside a Dockerfile at 1.76 is exactly the inconsistency to show. So it
 * counts here. `ci-matrix-rust` does not: a matrix lists several on purpose.
 * Values that are not a release (`stable`, `${RUST_VERSION}`) are left out.
 */
const RUST_VERSION_KINDS: ReadonlySet<PinKind> = new Set<PinKind>(['cargo-rust-version', ...TOOLCHAIN_PIN_KINDS]);

/** Conflicts among `pins` (in scan order): `rust-version` first, then dependencies by name. */
export function findConflicts(pins: readonly Pin[]): Conflict[] {
  const conflicts: Conflict[] = [];

  const rust = groupBy(pins.filter((pin) => RUST_VERSION_KINDS.has(pin.kind)), (pin) => normaliseRustVersion(pin.value));
  if (rust.size > 1) {
    const values = [...rust].map(([value, group]) => ({ value, pins: group })).sort(oldestFirst);
    conflicts.push({ subject: 'rust-version', message: `Rust version pins disagree: ${describe(values)}`, values });
  }

  const byDependency = groupBy(
    pins.filter((pin) => pin.kind === 'cargo-dependency'),
    (pin) => pin.name ?? null,
  );
  for (const name of [...byDependency.keys()].sort(compareStrings)) {
    const versions = groupBy(byDependency.get(name)!, (pin) => normaliseDependencyVersion(pin.value));
    if (versions.size < 2) continue;
    // Shown as first written (`25.0`, not the normalised `25.0.0`).
    const values = [...versions.values()]
      .map((group) => ({ value: group[0]!.value, pins: group }))
      .sort(oldestFirst);
    conflicts.push({ subject: `dependency:${name}`, message: `${name} is pinned to different versions: ${describe(values)}`, values });
  }
  return conflicts;
}

/**
 * Oldest version first; of two that compare equal, the one written with fewer
 * parts: `0`, `0.0` and `0.0.0` are different caret requirements, listed in that order.
 */
function oldestFirst(a: ConflictValue, b: ConflictValue): number {
  return compareVersions(a.value, b.value) || versionParts(a.value).length - versionParts(b.value).length;
}

/** `1.75 (Makefile:1, clippy.toml:1), 1.76 (Dockerfile:3)` */
function describe(values: ConflictValue[]): string {
  return values.map(({ value, pins }) => `${value} (${pins.map((pin) => `${pin.file}:${pin.line}`).join(', ')})`).join(', ');
}

