// What counts as a version, and how two versions are compared.

/** A Rust release as pinned in files: `1.75`, `1.75.0` (not `stable`, not `${RUST_VERSION}`). */
const RUST_RELEASE = /^(\d+)\.(\d+)(?:\.\d+)?$/;

/** A toolchain channel that names a release, maybe with a host: `1.75.0`, `1.75-x86_64-unknown-linux-gnu`. */
const RUST_CHANNEL = /^(\d+)\.(\d+)(?:\.\d+)?(?:-[A-Za-z0-9_.-]+)?$/;

/** A version-like value of some tool: `25.0.0`, `v1.2`, `116`, `3.19-alpine` is not. */
const TOOL_VERSION = /^v?\d+(?:\.\d+)*(?:[-+][0-9A-Za-z.-]+)?$/;

export function isRustRelease(value: string): boolean {
  return RUST_RELEASE.test(value);
}

export function isToolVersion(value: string): boolean {
  return TOOL_VERSION.test(value);
}

/** `1.76.0` and `1.76` are the same toolchain pin: major.minor, or null for `stable`, `${X}`. */
export function normaliseRustVersion(value: string): string | null {
  const match = RUST_CHANNEL.exec(value);
  return match ? `${match[1]}.${match[2]}` : null;
}

/**
 * Cargo version requirements that mean the same thing compare equal: `25`,
 * `25.0`, `^25.0.0` are all `25.0.0` (caret requirements). Anything else
 * (`>=1, <2`, `~1.2`, `=1.0.3`) is compared as written.
 */
export function normaliseDependencyVersion(value: string): string {
  const trimmed = value.trim();
  const match = /^\^?\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(trimmed);
  if (!match) return trimmed;
  const [, major, minor, patch] = match;
  // For 0.0.x the missing parts matter: ^0 is <1.0.0, ^0.0 is <0.1.0, ^0.0.0 is =0.0.0.
  if (major === '0' && (minor === undefined || minor === '0')) return trimmed.replace(/^\^\s*/, '');
  return `${major}.${minor ?? '0'}.${patch ?? '0'}`;
}

/**
 * Compares versions part by part (`1.81`, `1.81.0`, `25.0.0`), numerically so
 * that 1.9 sorts before 1.10; a missing part counts as 0, so `1.81` and
 * `1.81.0` compare equal (a Rust release line is its .0). Where a part is not
 * a number (`>=1, <2`, `1.0.0-beta`) the texts are compared as they are.
 */
export function compareVersions(a: string, b: string): number {
  const pa = versionParts(a);
  const pb = versionParts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? 0;
    const y = pb[i] ?? 0;
    if (Number.isNaN(x) || Number.isNaN(y)) return a < b ? -1 : a > b ? 1 : 0;
    if (x !== y) return x - y;
  }
  return 0;
}

/** `1.75.0-beta` -> 1, 75, 0, NaN: the numbers compareVersions compares. */
export function versionParts(version: string): number[] {
  return version.split(/[.+-]/).map((part) => Number.parseInt(part, 10));
}

/** The host triple rustup appends to a toolchain's name. */
const HOST_SUFFIX = /-(x86_64|aarch64|i686|i586|armv7|arm|riscv64gc|powerpc64le|powerpc64|s390x|loongarch64)-[a-z0-9_]+-[a-z0-9_]+(-[a-z0-9_]+)?$/;

/** `1.75.0-x86_64-unknown-linux-gnu` -> `1.75.0`: what a user would type. */
export function shortToolchain(name: string): string {
  return name.replace(HOST_SUFFIX, '');
}
