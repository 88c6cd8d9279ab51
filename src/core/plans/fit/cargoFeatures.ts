// The features a project's crates declare, and which of them only a nightly
// compiler can build: a feature that turns on `#![feature(...)]` through
// `cfg_attr(feature = "x", feature(...))` fails on every stable release with
// E0554. The plan's `--all-features` steps would then fail for a reason the
// upgrade did not bring, so the fitted `features` parameter leaves them out.
import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { readToml, type TomlHeader } from '../../scanner/extractors/toml';
import { gitFilesContaining } from '../../scanner/walk';

export interface DeclaredFeature {
  feature: string;
  /** The Cargo.toml that declares it (relative). */
  manifest: string;
  /** Its package's name; null in a virtual manifest. */
  packageName: string | null;
}

export interface NightlyFeature {
  feature: string;
  /** Where `cfg_attr(feature = "…", feature(…))` is (relative, 1-based line). */
  file: string;
  line: number;
}

/** `cfg_attr(feature = "x", feature(` over any whitespace and newlines. */
const NIGHTLY_GATE = /cfg_attr\s*\(\s*feature\s*=\s*"([^"]+)"\s*,\s*feature\s*\(/g;
/** Sources larger than this are generated code, not where a crate gates nightly features. */
const MAX_SOURCE_BYTES = 1_000_000;

/** Every feature every Cargo.toml of the project declares, with its manifest and package. */
export async function declaredFeatures(root: string, files: string[]): Promise<DeclaredFeature[]> {
  const declared: DeclaredFeature[] = [];
  for (const manifest of files.filter((file) => posix.basename(file) === 'Cargo.toml')) {
    const text = await readFile(join(root, manifest), 'utf8').catch(() => '');
    const toml = readToml(text);
    const packageName = toml.values.find((v) => v.path.length === 2 && v.path[0] === 'package' && v.path[1] === 'name')?.value ?? null;
    for (const feature of featureNames(text, toml.headers)) declared.push({ feature, manifest, packageName });
  }
  return declared;
}

/** A feature line's key: bare or quoted, at the start of a line. */
const FEATURE_KEY = /^[ \t]*(?:([A-Za-z0-9_+.-]+)|"([^"]+)")[ \t]*=/gm;

/**
 * The keys of the `[features]` table. Read from the table's text, because the
 * TOML reader reports scalar values only and most features are `name = []`.
 */
function featureNames(text: string, headers: TomlHeader[]): string[] {
  const names = new Set<string>();
  headers.forEach((header, i) => {
    if (header.path.length !== 1 || header.path[0] !== 'features') return;
    const table = text.slice(header.offset + header.raw.length, headers[i + 1]?.offset ?? text.length);
    for (const match of table.matchAll(FEATURE_KEY)) names.add(match[1] ?? match[2]!);
  });
  return [...names].sort();
}

/**
 * The features whose code asks for nightly-only `#![feature]`s, where each is
 * gated. In a git work tree git picks the few files that say `cfg_attr` (one
 * process, not a read of every source each time the plan is fitted).
 */
export async function nightlyFeatures(root: string, files: string[]): Promise<NightlyFeature[]> {
  const found: NightlyFeature[] = [];
  const mention = await gitFilesContaining(root, 'cfg_attr');
  for (const file of files.filter((f) => f.endsWith('.rs') && (mention === null || mention.has(f)))) {
    const text = await readFile(join(root, file), 'utf8').catch(() => '');
    if (text.length > MAX_SOURCE_BYTES || !text.includes('cfg_attr')) continue;
    for (const match of text.matchAll(NIGHTLY_GATE)) {
      found.push({ feature: match[1]!, file, line: text.slice(0, match.index).split('\n').length });
    }
  }
  return found;
}

/**
 * The cargo flag the plan's all-features steps take: `--all-features`, or,
 * when some feature needs nightly and the target is not nightly, every other
 * feature (`--features=a,member/b`; `--features=` when there is none).
 */
export function featuresFlag(declared: DeclaredFeature[], nightly: NightlyFeature[]): { value: string; source: string } {
  if (nightly.length === 0) {
    return { value: '--all-features', source: declared.length ? 'every feature the crates declare (none needs nightly)' : 'no crate declares features' };
  }
  const gated = new Set(nightly.map((n) => n.feature));
  const kept = declared.filter((d) => !gated.has(d.feature) && d.feature !== 'default');
  const value = `--features=${[...new Set(kept.map((d) => (d.manifest === 'Cargo.toml' || !d.packageName ? d.feature : `${d.packageName}/${d.feature}`)))].join(',')}`;
  const where = [...new Map(nightly.map((n) => [n.feature, `${n.feature} (${n.file}:${n.line})`])).values()].join(', ');
  return { value, source: `every feature but ${where}: it turns on nightly-only #![feature], which no stable Rust builds (E0554)` };
}
