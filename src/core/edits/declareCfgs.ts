// The one-click fix for `unexpected_cfgs` (Rust 1.80+): declare the cfg names
// the warnings name in their package's Cargo.toml, as rustc suggests:
//   [lints.rust]
//   unexpected_cfgs = { level = "warn", check-cfg = ['cfg(nightly)'] }
// A build script's `cargo::rustc-cfg` flags (memoffset's `maybe_uninit`...)
// keep working and stop warning; a name already declared is left as it is.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { EditError } from './planEdit';

/** Only cfg *names* are declared: a value (`feature = "x"`) wants a Cargo feature instead. */
const CFG_NAME = /^unexpected `cfg` condition name: `([A-Za-z_][A-Za-z0-9_]*)`/;

export function cfgNameOf(message: string): string | null {
  return CFG_NAME.exec(message)?.[1] ?? null;
}

const HEADER = /^[ \t]*\[/;
const LINTS_RUST = /^[ \t]*\[lints\.rust\][ \t]*(?:#.*)?$/;
const LINTS = /^[ \t]*\[lints\][ \t]*(?:#.*)?$/;
const UNEXPECTED_CFGS = /^([ \t]*unexpected_cfgs[ \t]*=[ \t]*)([\s\S]*)$/;

/** `'cfg(a)', 'cfg(b)'` */
const entries = (names: readonly string[]): string => names.map((name) => `'cfg(${name})'`).join(', ');

/**
 * The manifest with every name declared in `[lints.rust] unexpected_cfgs`:
 * added to its `check-cfg` list, to its table, or a new table at the end.
 * `manifest` names the file in errors.
 */
export function declareCheckCfgs(text: string, names: readonly string[], manifest: string): string {
  const lines = text.split('\n');
  const tableEnd = (start: number): number => {
    const next = lines.findIndex((line, i) => i > start && HEADER.test(line));
    return next === -1 ? lines.length : next;
  };
  const lintsAt = lines.findIndex((line) => LINTS.test(line));
  if (lintsAt !== -1) {
    const table = lines.slice(lintsAt + 1, tableEnd(lintsAt)).join('\n');
    if (/^[ \t]*workspace[ \t]*=[ \t]*true/m.test(table)) {
      throw new EditError(`${manifest} takes its lints from the workspace ([lints] workspace = true): declare ${entries(names)} under [workspace.lints.rust] unexpected_cfgs in the workspace's Cargo.toml`);
    }
    throw new EditError(`${manifest} sets its lints as keys of [lints]: add ${entries(names)} to rust.unexpected_cfgs's check-cfg there by hand`);
  }
  const rustAt = lines.findIndex((line) => LINTS_RUST.test(line));
  if (rustAt === -1) {
    const body = text.endsWith('\n') || text === '' ? text : `${text}\n`;
    return `${body}\n[lints.rust]\nunexpected_cfgs = { level = "warn", check-cfg = [${entries(names)}] }\n`;
  }
  const end = tableEnd(rustAt);
  const at = lines.findIndex((line, i) => i > rustAt && i < end && UNEXPECTED_CFGS.test(line));
  if (at === -1) {
    lines.splice(rustAt + 1, 0, `unexpected_cfgs = { level = "warn", check-cfg = [${entries(names)}] }`);
    return lines.join('\n');
  }
  // The value may go on over several lines (a check-cfg array): up to the line that closes it.
  let last = at;
  const open = (s: string): number => (s.match(/[[{]/g)?.length ?? 0) - (s.match(/[\]}]/g)?.length ?? 0);
  let depth = open(lines[at]!);
  while (depth > 0 && last + 1 < end) depth += open(lines[++last]!);
  const [, key, value] = UNEXPECTED_CFGS.exec(lines.slice(at, last + 1).join('\n'))!;
  const declared = new Set([...value!.matchAll(/cfg\(([A-Za-z_][A-Za-z0-9_]*)\)/g)].map((m) => m[1]));
  const missing = names.filter((name) => !declared.has(name));
  if (missing.length === 0) return text;
  let updated: string;
  const level = /^"(allow|warn|deny|forbid)"/.exec(value!.trim());
  if (level) {
    updated = `{ level = "${level[1]}", check-cfg = [${entries(missing)}] }`;
  } else if (/check-cfg\s*=\s*\[/.test(value!)) {
    updated = value!.replace(/(check-cfg\s*=\s*\[)([^\]]*?)(\s*,?\s*)\]/, (_, head: string, list: string) => `${head}${list.trim() ? `${list.trimEnd()}, ` : ''}${entries(missing)}]`);
  } else if (/^\{.*\}\s*(?:#.*)?$/s.test(value!.trim())) {
    updated = value!.replace(/\s*\}(\s*(?:#.*)?)$/, `, check-cfg = [${entries(missing)}] }$1`);
  } else {
    throw new EditError(`${manifest}: [lints.rust] unexpected_cfgs = ${value!.trim()} is not a form this fix knows; add ${entries(missing)} to its check-cfg by hand`);
  }
  lines.splice(at, last - at + 1, ...`${key}${updated}`.split('\n'));
  return lines.join('\n');
}

/**
 * The package manifest a diagnostic's file belongs to (relative to `root`):
 * the nearest Cargo.toml with a [package] above it; the root's without a file.
 */
export function manifestOf(root: string, file: string | null): string {
  let dir = file ? dirname(join(root, file)) : root;
  while (relative(root, dir) !== '' && !relative(root, dir).startsWith('..')) {
    const manifest = join(dir, 'Cargo.toml');
    if (existsSync(manifest) && /^[ \t]*\[package\]/m.test(readFileSync(manifest, 'utf8'))) return relative(root, manifest).split(sep).join('/');
    dir = dirname(dir);
  }
  return 'Cargo.toml';
}
