// The compatibility knowledge base (resources/knowledge/compatibility.yaml): which Rust
// each wasmtime release needs, which Rust knows which edition, renamed targets and
// deprecations. YAML validated with zod; an error names the file, line, column and
// the path inside the document, like plan files (src/core/plans/planFile.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { compareVersions } from '../toolchain/version';
import { parseYamlWith, YamlFileError } from '../yaml/schemaYaml';

export const COMPATIBILITY_FILE = 'compatibility.yaml';

/** The facts file every entry may cite besides upstream URLs. */
export const FACTS_SOURCE = 'rust-upgrade-facts.md';

const RUST_VERSION = /^\d+\.\d+(\.\d+)?$/;

const rustVersion = z
  .string({
    error: (issue) =>
      typeof issue.input === 'number'
        ? `quote the Rust version ("${String(issue.input)}"): YAML reads a bare 1.80 as the number 1.8`
        : 'expected a Rust version such as "1.81"',
  })
  .regex(RUST_VERSION, 'expected a Rust version such as "1.81"');

const sourceText = z
  .string()
  .refine((s) => /^https:\/\/\S+$/.test(s) || s === FACTS_SOURCE, {
    message: `a source is an https:// URL or "${FACTS_SOURCE}"`,
  });

/** `source:` is one citation or a list; loaded as a non-empty list. */
const source = z
  .union([sourceText, z.array(sourceText).min(1, 'cite at least one source')], {
    error: (issue) => (issue.input === undefined ? 'every entry needs a `source`' : 'expected a source or a list of sources'),
  })
  .transform((s) => (typeof s === 'string' ? [s] : s));

const text = z.string().min(1);

const wasmtimeEntry = z
  .object({
    major: z.number().int().positive(),
    rust: rustVersion,
    /** Written in edition 2024: cargo older than 1.85 cannot even read it. */
    edition2024: z.boolean(),
    source,
  })
  .strict();

const editionEntry = z
  .object({ edition: z.enum(['2015', '2018', '2021', '2024']), rust: rustVersion, source })
  .strict();

const targetEntry = z
  .object({
    name: text,
    replacement: text,
    replacementSince: rustVersion,
    warnsFrom: rustVersion,
    removedIn: rustVersion,
    warning: text,
    removedError: text,
    source,
  })
  .strict();

const deprecationEntry = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and "-"'),
    item: text,
    replacement: text,
    replacementSince: rustVersion,
    warnsFrom: rustVersion,
    warning: text,
    source,
  })
  .strict();

export const compatibilitySchema = z
  .object({
    schema: z.literal(1),
    wasmtime: z.array(wasmtimeEntry).min(1),
    editions: z.array(editionEntry).min(1),
    targets: z.array(targetEntry).default([]),
    deprecations: z.array(deprecationEntry).default([]),
  })
  .strict()
  .superRefine((k, ctx) => {
    k.wasmtime.forEach((entry, i) => {
      const previous = k.wasmtime[i - 1];
      if (!previous) return;
      if (entry.major <= previous.major) {
        const message = entry.major === previous.major ? `wasmtime ${entry.major} is listed twice` : `wasmtime ${entry.major} must come before ${previous.major}: list majors oldest first`;
        ctx.addIssue({ code: 'custom', message, path: ['wasmtime', i, 'major'] });
      } else if (compareVersions(entry.rust, previous.rust) < 0) {
        ctx.addIssue({ code: 'custom', message: `wasmtime ${entry.major} cannot need an older Rust (${entry.rust}) than wasmtime ${previous.major} (${previous.rust})`, path: ['wasmtime', i, 'rust'] });
      }
    });
    const seen = new Set<string>();
    k.editions.forEach((entry, i) => {
      if (seen.has(entry.edition)) ctx.addIssue({ code: 'custom', message: `edition ${entry.edition} is listed twice`, path: ['editions', i, 'edition'] });
      seen.add(entry.edition);
    });
    const edition2024 = k.editions.find((e) => e.edition === '2024');
    k.wasmtime.forEach((entry, i) => {
      if (entry.edition2024 && edition2024 && compareVersions(entry.rust, edition2024.rust) < 0) {
        ctx.addIssue({ code: 'custom', message: `wasmtime ${entry.major} is edition 2024, so it needs Rust ${edition2024.rust} or newer, not ${entry.rust}`, path: ['wasmtime', i, 'rust'] });
      }
    });
    k.targets.forEach((t, i) => {
      if (compareVersions(t.removedIn, t.warnsFrom) < 0) {
        ctx.addIssue({ code: 'custom', message: `${t.name} cannot be removed (${t.removedIn}) before it warns (${t.warnsFrom})`, path: ['targets', i, 'removedIn'] });
      }
    });
  });

export type Compatibility = z.output<typeof compatibilitySchema>;
export type WasmtimeEntry = Compatibility['wasmtime'][number];

/** A knowledge file that cannot be used, and where. */
export class KnowledgeError extends YamlFileError {}

export function parseCompatibility(text: string, file: string): Compatibility {
  return parseYamlWith(compatibilitySchema, text, file, KnowledgeError);
}

export function loadCompatibilityFile(file: string): Compatibility {
  return parseCompatibility(readFileSync(file, 'utf8'), file);
}

export function loadBuiltinCompatibility(resourcesDir: string): Compatibility {
  return loadCompatibilityFile(join(resourcesDir, 'knowledge', COMPATIBILITY_FILE));
}

