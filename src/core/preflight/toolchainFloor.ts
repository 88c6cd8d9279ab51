// The oldest Rust the project's resolved dependency graph builds with, and the
// packages that set it: the highest of each package's `rust-version`, its
// edition's first release, and (for a wasmtime that declares none) the
// knowledge base's entry. Cargo refuses a toolchain below any of them.
import type { FloorPin, FloorReason, ToolchainFloor } from '../../shared/preflight';
import { RUST_VERSION } from '../../shared/planParams';
import type { Compatibility } from '../knowledge/compatibility';
import { compareVersions } from '../toolchain/version';
import type { ResolvedPackage } from './cargoMetadata';

/** A declared `rust-version` first among equal minimums: it is the package's own word. */
const REASON_ORDER: Record<FloorReason, number> = { 'rust-version': 0, knowledge: 1, edition: 2 };

export function toolchainFloor(packages: ResolvedPackage[], read: ToolchainFloor['read'], knowledge: Compatibility): ToolchainFloor {
  const pins = packages
    .flatMap((pkg) => {
      const pin = packageMinimum(pkg, knowledge);
      return pin ? [pin] : [];
    })
    .sort(
      (a, b) =>
        compareVersions(b.rust, a.rust) || REASON_ORDER[a.reason] - REASON_ORDER[b.reason] || cmp(a.name, b.name) || cmp(a.version, b.version),
    );
  const rust = pins[0]?.rust ?? null;
  return { rust, packages: packages.length, read, pins: pins.map((p) => ({ ...p, binding: compareVersions(p.rust, rust!) === 0 })) };
}

/** The wasmtime packages in the graph (dependencies, not the project's own). */
export function wasmtimeInGraph(packages: ResolvedPackage[]): ResolvedPackage[] {
  return packages.filter((p) => p.name === 'wasmtime' && !p.member);
}

/** The highest minimum one package states, with why; null when it states none. */
function packageMinimum(pkg: ResolvedPackage, knowledge: Compatibility): Omit<FloorPin, 'binding'> | null {
  const base = { name: pkg.name, version: pkg.version, member: pkg.member };
  const candidates: Omit<FloorPin, 'binding'>[] = [];
  const declared = pkg.rustVersion !== null && RUST_VERSION.test(pkg.rustVersion);
  if (declared) candidates.push({ ...base, rust: pkg.rustVersion!, reason: 'rust-version', why: `rust-version = "${pkg.rustVersion}"` });
  const edition = knowledge.editions.find((e) => e.edition === pkg.edition);
  if (edition) candidates.push({ ...base, rust: edition.rust, reason: 'edition', why: `edition ${edition.edition}` });
  if (!declared && pkg.name === 'wasmtime' && !pkg.member) {
    const major = Number(/^\d+/.exec(pkg.version)?.[0]);
    const entry = knowledge.wasmtime.find((e) => e.major === major);
    if (entry) candidates.push({ ...base, rust: entry.rust, reason: 'knowledge', why: `wasmtime ${major} needs Rust ${entry.rust} (knowledge base)` });
  }
  candidates.sort((a, b) => compareVersions(b.rust, a.rust) || REASON_ORDER[a.reason] - REASON_ORDER[b.reason]);
  return candidates[0] ?? null;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
