// The versions a Markdown plan's diffs change become the plan's parameters:
// `RUST_VERSION ?= 1.75` -> `1.81` gives from_rust = 1.75 and to_rust = 1.81,
// `wasmtime = { version = "25.0" }` -> `"35.0"` gives from_wasmtime and
// to_wasmtime, typed as the built-in plan's are. The edit then says
// `RUST_VERSION ?= ${from_rust}`, so the values can be set like a built-in
// plan's, and the preflight finds the parameters it reads.
import type { PlanParameter } from '../../../shared/model';
import { valueError, type ParamType } from '../../../shared/planParams';
import { escapeParameterRefs } from '../planSchema';

/** A version in a line: `1.75`, `25.0`, `v35`; not the 32 of `wasm32`, nor `$1` (a reference put there would read as `$${...}`). */
const VERSION = /(?:(?<![\w.$])|(?<=(?:^|[^\w.$])v))\d+(?:\.\d+)*(?![\w.])/g;
/** The text before a crate's version: `wasmtime = "`, `wasmtime = { version = "`, `"serde" = { version = "^`. */
const CRATE_BEFORE = /^\s*"?([A-Za-z][\w-]*)"?\s*=\s*(?:\{[^}]*?\bversion\s*=\s*)?"[=^~]?$/;
/** Keys whose value is the toolchain, not a crate's version. */
const RUST_KEYS = new Set(['rust-version', 'channel', 'msrv', 'toolchain', 'version']);

interface Meaning {
  from: string;
  to: string;
  type: ParamType;
  /** What the value is, for the parameter's description: "Rust", "wasmtime". */
  what: string;
}

export interface Templated {
  find: string;
  with: string;
}

export class DiffParameters {
  readonly parameters: PlanParameter[] = [];

  constructor(private readonly warn: (line: number, message: string) => void) {}

  /**
   * `find` and `replacement` with each version they change written as a
   * parameter reference, and every other `${` escaped (it is the file's own
   * text, not a reference). A version whose meaning cannot be told, or that
   * disagrees with the value a parameter already has, stays as written.
   */
  template(find: string, replacement: string, line: number): Templated {
    const literal = { find: escapeParameterRefs(find), with: escapeParameterRefs(replacement) };
    const before = splitVersions(find);
    const after = splitVersions(replacement);
    if (before.texts.join('\0') !== after.texts.join('\0')) return literal;
    const names: ({ from: string; to: string } | null)[] = before.versions.map((version, i) => {
      const target = after.versions[i]!;
      if (version === target) return null;
      // Not a Rust, edition or crate version (`FROM alpine:3.19`): kept as the plan wrote it.
      const meaning = meaningOf(find.slice(0, before.starts[i]), version, target);
      return meaning && this.declare(meaning, line);
    });
    if (names.every((n) => n === null)) return literal;
    const write = (split: Split, side: 'from' | 'to'): string =>
      split.texts.map((text, i) => {
        const version = split.versions[i];
        const name = names[i]?.[side];
        return escapeParameterRefs(text) + (version === undefined ? '' : name ? `\${${name}}` : version);
      }).join('');
    return { find: write(before, 'from'), with: write(after, 'to') };
  }

  /**
   * A toolchain command (`rustup toolchain install 1.85`, `cargo +1.85 test`)
   * with the Rust version a diff made a parameter written as its reference,
   * so the toolchain installed is the one the edits move to; null when it has
   * none. Only plain commands: in quotes, a comment or `$(...)` a reference
   * would mean something else.
   */
  templateCommand(command: string): string | null {
    if (!/^(?:rustup\s|(?:cargo|rustc)\s+\+)/.test(command) || /[#$`'"\\]/.test(command)) return null;
    const rust = this.parameters.filter((p) => p.name === 'from_rust' || p.name === 'to_rust');
    const split = splitVersions(command);
    let changed = false;
    const out = split.texts.map((text, i) => {
      const version = split.versions[i];
      const parameter = rust.find((p) => p.default === version);
      if (parameter) changed = true;
      return text + (parameter ? `\${${parameter.name}}` : (version ?? ''));
    });
    return changed ? out.join('') : null;
  }

  /** The parameter names for a meaning, declared on first use; null when a name is taken by another value. */
  private declare(meaning: Meaning, line: number): { from: string; to: string } | null {
    const sides = meaning.type === 'edition'
      ? [{ side: 'to' as const, name: 'edition', value: meaning.to }]
      : [
          { side: 'from' as const, name: `from_${slug(meaning.what)}`, value: meaning.from },
          { side: 'to' as const, name: `to_${slug(meaning.what)}`, value: meaning.to },
        ];
    for (const { name, value } of sides) {
      const known = this.parameters.find((p) => p.name === name);
      if (known && known.default !== value) {
        this.warn(line, `${value} is kept as written: ${name} is already ${known.default} (from an earlier diff of the plan)`);
        return null;
      }
      if (valueError(meaning.type, value)) {
        this.warn(line, `${value} is kept as written: ${valueError(meaning.type, value)}`);
        return null;
      }
    }
    for (const { side, name, value } of sides) {
      if (this.parameters.some((p) => p.name === name)) continue;
      this.parameters.push({ name, type: meaning.type, default: value, description: describe(meaning, side, line) });
    }
    // An edition edit keeps its old edition as written: the plan names only the edition to end on.
    return meaning.type === 'edition' ? { from: '', to: 'edition' } : { from: `from_${slug(meaning.what)}`, to: `to_${slug(meaning.what)}` };
  }
}

interface Split {
  /** The text around the versions: one more than there are versions. */
  texts: string[];
  versions: string[];
  /** Where each version starts in the line. */
  starts: number[];
}

function splitVersions(line: string): Split {
  const split: Split = { texts: [], versions: [], starts: [] };
  let at = 0;
  for (const match of line.matchAll(VERSION)) {
    split.texts.push(line.slice(at, match.index));
    split.versions.push(match[0]);
    split.starts.push(match.index);
    at = match.index + match[0].length;
  }
  split.texts.push(line.slice(at));
  return split;
}

/** What a changed version is, from the text before it on its line (`FROM rust:`, `wasmtime = { version = "`). */
function meaningOf(before: string, from: string, to: string): Meaning | null {
  if (/\bedition\s*=\s*"$/.test(before)) return { from, to, type: 'edition', what: 'edition' };
  const crate = CRATE_BEFORE.exec(before);
  if (crate && !RUST_KEYS.has(crate[1]!.toLowerCase())) return { from, to, type: 'crate-version', what: crate[1]! };
  if (/rust|toolchain|channel|msrv/i.test(before)) return { from, to, type: 'rust-version', what: 'Rust' };
  return null;
}

function slug(what: string): string {
  return what.toLowerCase().replace(/[^a-z0-9_]+/g, '_');
}

function describe(meaning: Meaning, side: 'from' | 'to', line: number): string {
  const where = `(the plan's diff at line ${line})`;
  if (meaning.type === 'edition') return `The Rust edition to end on ${where}.`;
  const what = meaning.type === 'rust-version' ? 'Rust version' : `${meaning.what} version`;
  return side === 'from' ? `The ${what} the project uses today ${where}.` : `The ${what} to upgrade to ${where}.`;
}
