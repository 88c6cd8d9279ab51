// Plan parameters: their types, what each accepts, and how a plan refers to one.
// Plain data and pure functions, so the engine, the CLI and the renderer's
// parameter fields check a value the same way.

/** `${name}` refers to a parameter, `${name:raw}` too (substituted unquoted); `$${name}` is a literal `${name}`. */
/** The most characters a plan file may hold (the engine refuses more): real plans are a few KB. */
export const MAX_PLAN_CHARS = 5_000_000;

/** Why a plan file of `bytes` is refused, or null when it is small enough. */
export function planTooBig(name: string, bytes: number): string | null {
  return bytes > MAX_PLAN_CHARS ? `${name} is ${(bytes / 1e6).toFixed(1)} MB: a plan file may be at most ${MAX_PLAN_CHARS / 1e6} MB` : null;
}

export const PARAMETER_REF = /(?<!\$)\$\{([a-z_][a-z0-9_]*)(:raw)?\}/g;

export const PARAM_TYPES = ['rust-version', 'toolchain', 'crate-version', 'edition', 'cargo-features', 'path', 'text'] as const;
export type ParamType = (typeof PARAM_TYPES)[number];

/** A parameter without a type: any single line, always quoted where it lands in a command. */
export const DEFAULT_PARAM_TYPE: ParamType = 'text';

/** rustup's names in the form `cargo +name` takes: stable, 1.86.0, nightly-2025-01-01, a linked custom name. */
export const TOOLCHAIN_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
export const RUST_VERSION = /^\d{1,4}\.\d{1,4}(?:\.\d{1,4})?$/;
/** A plain version (no requirement operators): `35`, `35.0`, `35.0.1`, `1.0.0-rc.1`. Build metadata (`+x`) is left out: cargo ignores it. */
export const CRATE_VERSION = /^\d{1,9}(?:\.\d{1,9}){0,2}(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;
export const EDITIONS = ['2015', '2018', '2021', '2024'] as const;
/** The features cargo builds with, as one word: `--all-features`, or a list (`--features=a,member/b`; `--features=` for none). */
export const CARGO_FEATURES = /^(?:--all-features|--features=(?:[A-Za-z0-9_+./-]+(?:,[A-Za-z0-9_+./-]+)*)?)$/;

const MAX_TEXT = 4096;

interface TypeRule {
  /** What a value of this type is, after "is not". */
  noun: string;
  /** Examples, after "expected". */
  expected: string;
  /** Every value it accepts is made of [A-Za-z0-9._-] only, so `${name:raw}` may use it. */
  raw: boolean;
  test(value: string): boolean;
}

export const PARAM_TYPE_RULES: Readonly<Record<ParamType, TypeRule>> = {
  'rust-version': { noun: 'a Rust version', expected: 'e.g. 1.86 or 1.86.0', raw: true, test: (v) => RUST_VERSION.test(v) },
  toolchain: {
    noun: 'a rustup toolchain name',
    expected: 'e.g. stable, 1.86.0, nightly-2025-01-01 or 1.86.0-x86_64-unknown-linux-gnu',
    raw: true,
    test: (v) => TOOLCHAIN_NAME.test(v),
  },
  'crate-version': { noun: 'a crate version', expected: 'e.g. 35, 35.0 or 35.0.1', raw: true, test: (v) => CRATE_VERSION.test(v) },
  edition: { noun: 'a Rust edition', expected: EDITIONS.join(', '), raw: true, test: (v) => (EDITIONS as readonly string[]).includes(v) },
  'cargo-features': {
    noun: "cargo's features flag",
    expected: '--all-features, --features=a,b or --features= for none',
    raw: false,
    test: (v) => CARGO_FEATURES.test(v),
  },
  path: { noun: 'a path', expected: 'one line, without control characters', raw: false, test: (v) => v !== '' && !lineProblem(v) },
  text: { noun: 'text', expected: 'one line, without control characters', raw: false, test: (v) => !lineProblem(v) },
};

/** The type of a declared parameter; plans kept by older versions have none. */
export function paramType(parameter: { type?: ParamType }): ParamType {
  return parameter.type ?? DEFAULT_PARAM_TYPE;
}

/** Why `value` is not a `type`, as a phrase that follows the quoted value; null when it is one. */
export function paramValueProblem(type: ParamType, value: string): string | null {
  const rule = PARAM_TYPE_RULES[type];
  if (rule.test(value)) return null;
  const line = type === 'path' || type === 'text' ? lineProblem(value) : null;
  if (type === 'path' && value === '') return 'is not a path (expected a path, not nothing)';
  return `is not ${rule.noun} (expected ${line ? `${rule.expected}; ${line}` : rule.expected})`;
}

/** `"1.86;touch X" is not a Rust version (expected e.g. 1.86 or 1.86.0)`, or null. */
export function valueError(type: ParamType, value: string): string | null {
  const problem = paramValueProblem(type, value);
  return problem && `${JSON.stringify(value)} ${problem}`;
}

/** `to_rust: "1.86;touch X" is not a Rust version (expected e.g. 1.86 or 1.86.0)`, or null. */
export function paramError(name: string, type: ParamType, value: string): string | null {
  const error = valueError(type, value);
  return error && `${name}: ${error}`;
}

/**
 * Why a value is not one line of plain text: a control character (tab,
 * newline, escape, NUL, DEL, C1), a line or paragraph separator, a lone
 * surrogate (not text at all), or too long.
 */
function lineProblem(value: string): string | null {
  if (value.length > MAX_TEXT) return `it has ${value.length} characters, the most is ${MAX_TEXT}`;
  const bad = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.exec(value);
  if (!bad) return null;
  const code = bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  return `character ${bad.index + 1} is U+${code}`;
}
