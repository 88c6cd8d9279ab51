// Which lint a human-text diagnostic comes from. rustc and clippy name the
// lint in a note only at its first occurrence in a compilation
// (`#[warn(unused_variables)]` on by default); the later ones say nothing.
// So a diagnostic's lint comes, in this order, from:
//   1. its own notes: `#[warn(x)]` on by default, `#[deny(x)]` implied by
//      `#[deny(warnings)]`, `-D x` implied by `-D warnings`;
//   2. clippy's help link, which every occurrence has: `…/index.html#len_zero`;
//   3. `the lint level is defined here` over a `#![warn(missing_docs)]`:
//      the underlined name, unless it names a group;
//   4. an earlier occurrence in the same output with a message of the same
//      shape (quoted names and numbers aside) whose lint was known, or of the
//      same family: one lint that words its messages more than one way.
// A shape two lints share names neither: an unknown lint is null, never a
// wrong one.

/** `#[warn(unused_variables)]`, `#[deny(clippy::len_zero)]`: the first such note names the specific lint. */
const LINT_ATTRIBUTE = /`#\[(?:warn|deny|forbid|expect)\(([\w:]+)\)\]`/;
/** `-D clippy::len-zero` implied by `-D warnings`, `--force-warn static-mut-refs` implied by ... (flags spell lints with dashes). */
const LINT_FLAG = /`(?:-[DWFA]|--(?:warn|deny|forbid|allow|force-warn)) ([\w:-]+)` implied by/;
/** Clippy's documentation link, on every occurrence of its lints. */
const CLIPPY_LINK = /rust-clippy\/[^\s#]*index\.html#([a-z0-9_]+)/;
/** The note over the attribute that sets a lint's level; rustcParser looks for it before decoding a block. */
export const LEVEL_NOTE = 'the lint level is defined here';
/** ` 1 | #![warn(missing_docs)]` */
const SOURCE_LINE = /^\s*\d+\s*\|/;
/** `   |         ^^^^^^^^^^^^` */
const UNDERLINE = /^\s*\|\s*\^+/;

/** Lint groups: a lint level defined on one is always followed by an `implied by` note naming the lint. */
const GROUPS = new Set([
  'warnings', 'unused', 'nonstandard_style', 'future_incompatible', 'let_underscore', 'rust_2018_idioms',
  'rust_2018_compatibility', 'rust_2021_compatibility', 'rust_2024_compatibility', 'keyword_idents', 'refining_impl_trait',
  'clippy::all', 'clippy::pedantic', 'clippy::nursery', 'clippy::style', 'clippy::complexity', 'clippy::correctness',
  'clippy::suspicious', 'clippy::perf', 'clippy::cargo', 'clippy::restriction',
]);

/** The lint a line's own note or clippy link names, or null. */
export function lintOfLine(line: string): string | null {
  const attribute = LINT_ATTRIBUTE.exec(line)?.[1];
  if (attribute) return attribute;
  const flag = LINT_FLAG.exec(line)?.[1];
  if (flag) return flag.replaceAll('-', '_');
  const clippy = CLIPPY_LINK.exec(line)?.[1];
  return clippy ? `clippy::${clippy}` : null;
}

/**
 * The lint a `the lint level is defined here` note underlines in its
 * attribute (`#![warn(missing_docs)]`), when it is one lint, not a group.
 */
export function lintFromLevelNote(lines: readonly string[]): string | null {
  const note = lines.findIndex((line) => line.includes(`note: ${LEVEL_NOTE}`));
  if (note === -1) return null;
  for (let i = note + 1; i + 1 < lines.length; i++) {
    const source = lines[i]!;
    const underline = lines[i + 1]!;
    if (!SOURCE_LINE.test(source) || !UNDERLINE.test(underline)) continue;
    // Both lines put their `|` in the same column; the carets sit under the name.
    const text = source.slice(source.indexOf('|') + 1);
    const marks = underline.slice(underline.indexOf('|') + 1);
    const start = marks.indexOf('^');
    const name = text.slice(start, start + (/\^+/.exec(marks.slice(start))?.[0].length ?? 0)).trim();
    return /^[\w:]+$/.test(name) && !GROUPS.has(name) ? name : null;
  }
  return null;
}

/**
 * Lints whose occurrences word their message more than one way: a note on
 * `unexpected cfg condition name` names the lint of a later `… value`. Only
 * messages no other lint words alike.
 */
const FAMILIES: readonly [RegExp, string][] = [
  [/^unexpected `cfg` condition (?:name|value)/, 'unexpected_cfgs'],
  // `function `f` is never used`, `fields `a` and `b` are never read`, `variant `V` is never constructed`...
  [/ (?:is|are) never (?:used|read|constructed)$/, 'dead_code'],
];

/** A message without what differs between occurrences: quoted names and numbers. */
export function messageShape(message: string): string {
  return message.replace(/`[^`]*`/g, '`_`').replace(/\d+/g, '#');
}

/** The lints an output's earlier diagnostics named, by message shape; a shape two lints share is null. */
export class LintsByShape {
  private readonly shapes = new Map<string, string | null>();

  learn(message: string, lint: string): void {
    const shape = messageShape(message);
    const known = this.shapes.get(shape);
    this.shapes.set(shape, known === undefined || known === lint ? lint : null);
  }

  lintOf(message: string): string | null {
    const byShape = this.shapes.get(messageShape(message));
    if (byShape !== undefined) return byShape;
    // A family's lint, once one of its occurrences named it here.
    const family = FAMILIES.find(([pattern]) => pattern.test(message))?.[1];
    return family !== undefined && [...this.shapes.values()].includes(family) ? family : null;
  }
}
