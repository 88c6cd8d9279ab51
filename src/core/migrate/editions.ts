// Rust editions, the release that first reads each, and the lint group whose
// suggestions move code from the edition before it (what `cargo fix
// --edition` force-warns: `--force-warn rust-2024-compatibility`).
import { readToml, pathIs } from '../scanner/extractors/toml';
import { compareVersions } from '../toolchain/version';
import { MigrateError } from './migrateError';

export const EDITIONS = ['2015', '2018', '2021', '2024'] as const;
export type Edition = (typeof EDITIONS)[number];

/** The first stable rustc that accepts each edition (the edition guide). */
export const EDITION_RUST: Record<Edition, string> = { '2015': '1.0.0', '2018': '1.31.0', '2021': '1.56.0', '2024': '1.85.0' };

export interface EditionStep {
  from: Edition;
  to: Edition;
  /** `rust-2021-compatibility`: the group of lints that migrate code to `to`. */
  group: string;
}

export function isEdition(value: string): value is Edition {
  return (EDITIONS as readonly string[]).includes(value);
}

/** One step per edition between `from` and `to` (2018 -> 2024 is two); empty when already there. */
export function editionSteps(from: Edition, to: Edition): EditionStep[] {
  const start = EDITIONS.indexOf(from);
  const end = EDITIONS.indexOf(to);
  if (end < start) throw new MigrateError(`--edition ${to} is older than the project's edition ${from}: editions only move forward`);
  return EDITIONS.slice(start + 1, end + 1).map((edition, i) => ({ from: EDITIONS[start + i] ?? from, to: edition, group: `rust-${edition}-compatibility` }));
}

export interface ManifestEdition {
  edition: Edition;
  /** Where its value is in the text; null when the manifest has none (edition 2015 by default). */
  offset: number | null;
  /** Offset just after the `[package]` header line, where an edition key goes when there is none. */
  packageEnd: number;
  /** `package`, or `project` (its old name). */
  table: string;
}

/** The edition of a package manifest's text; `file` names it in errors. */
export function manifestEdition(text: string, file: string): ManifestEdition {
  const { values, headers } = readToml(text);
  const header = headers.find((h) => !h.arrayTable && h.path.length === 1 && (h.path[0] === 'package' || h.path[0] === 'project'));
  if (!header) {
    const workspace = headers.some((h) => h.path[0] === 'workspace');
    throw new MigrateError(
      workspace
        ? `${file} is a virtual workspace manifest (no [package]): run migrate on each member crate`
        : `${file} has no [package] table: not a crate's manifest`,
    );
  }
  const table = header.path[0] ?? 'package';
  if (values.some((v) => pathIs(v.path, table, 'edition', 'workspace'))) {
    throw new MigrateError(`${file} inherits its edition from the workspace (edition.workspace = true): migrate the workspace root's [workspace.package] edition`);
  }
  const lineEnd = text.indexOf('\n', header.offset);
  const packageEnd = lineEnd === -1 ? text.length : lineEnd + 1;
  const value = values.find((v) => v.quoted && pathIs(v.path, table, 'edition'));
  if (!value) return { edition: '2015', offset: null, packageEnd, table };
  if (!isEdition(value.value)) throw new MigrateError(`${file}: unknown edition "${value.value}" (known: ${EDITIONS.join(', ')})`);
  return { edition: value.value, offset: value.offset, packageEnd, table };
}

export interface EditedManifest {
  text: string;
  /** What else had to change: a `rust-version` older than the edition allows (cargo refuses such a manifest). */
  notes: string[];
}

/**
 * The manifest's text with its edition set to `to` (added under [package]
 * when it had none), and its `rust-version` raised to the edition's first
 * release when older.
 */
export function withEdition(text: string, file: string, to: Edition): EditedManifest {
  const found = manifestEdition(text, file);
  const table = found.table;
  const rustVersion = readToml(text).values.find((v) => v.quoted && pathIs(v.path, table, 'rust-version'));
  const floor = EDITION_RUST[to].replace(/\.0$/, '');
  const notes: string[] = [];
  let edited = text;
  // Edited from the end of the text backwards, so the earlier offset still holds.
  const edits: { offset: number; length: number; text: string }[] = [];
  if (rustVersion && compareVersions(rustVersion.value, floor) < 0) {
    edits.push({ offset: rustVersion.offset, length: rustVersion.value.length, text: floor });
    notes.push(`${file}: rust-version ${rustVersion.value} raised to ${floor}, the first release that reads edition ${to}`);
  }
  if (found.offset === null) edits.push({ offset: found.packageEnd, length: 0, text: `edition = "${to}"\n` });
  else edits.push({ offset: found.offset, length: found.edition.length, text: to });
  for (const e of edits.sort((a, b) => b.offset - a.offset)) edited = `${edited.slice(0, e.offset)}${e.text}${edited.slice(e.offset + e.length)}`;
  return { text: edited, notes };
}
