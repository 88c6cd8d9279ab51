// The breakage knowledge base (resources/knowledge/breakages.yaml): the known ways
// this upgrade (Rust 1.75 -> 1.86+, edition 2024, wasmtime 25 -> 36) breaks a build,
// each with a matcher for the diagnostics it causes, an explanation, a fix and,
// where the fix is mechanical, a one-click autofix. YAML validated with zod; an
// error names the file, line, column and the path inside the document, like
// compatibility.yaml (./compatibility.ts).
//
// Which entry explains a diagnostic is decided in ./breakageMatch.ts (its rules
// are at the top of that file). The loader checks that every entry's `sample`
// is explained by that very entry.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Diagnostic } from '../../shared/model';
import { BREAKAGES_FILE } from '../platform/fs/paths';
import { parseYamlWith, YamlFileError } from '../yaml/schemaYaml';
import { explain, PLACEHOLDER, regexOf } from './breakageMatch';
import { FACTS_SOURCE } from './compatibility';
import { escapeRegExp } from '../../shared/text/escapeRegExp';

// Importers of the knowledge base find the matching here too.
export { breakageExplainer, explain, resolveAutofix } from './breakageMatch';

export { BREAKAGES_FILE };

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** `Rust 1.81`, `wasmtime 33`, `edition 2024`, or `any` (toolchain and network trouble). */
const SINCE = /^(?:Rust 1\.\d+|wasmtime \d+|edition 20\d\d|any)$/;
/** E0432, unused_variables, clippy::len_zero, or a parser's own code such as `rust-version`. */
const CODE = /^[A-Za-z0-9_:-]+$/;
const text = z.string().trim().min(1);

const pattern = z.string().min(1, 'a regular expression cannot be empty').superRefine((source, ctx) => {
  try {
    regexOf(source);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${(error as Error).message}` });
  }
});

const sourceText = z
  .string()
  .refine((s) => /^https:\/\/\S+$/.test(s) || s === FACTS_SOURCE, {
    message: `a source is an https:// URL or "${FACTS_SOURCE}"`,
  });

const matcherSchema = z
  .object({
    /** Matched first, exactly: error codes, lint names, parser codes. */
    codes: z.array(z.string().regex(CODE, 'a code is an error code, a lint name or a parser code, without spaces')).default([]),
    /** Must match the diagnostic's message or its rendered block. */
    message: pattern.optional(),
    /** Must (also) match the rendered block: notes, spans, the file a span points into. */
    rendered: pattern.optional(),
    /** Only diagnostics from these tools (rustc, cargo, clippy, rustup, ...). */
    tools: z.array(text).min(1).optional(),
  })
  .strict()
  .refine((m) => m.codes.length > 0 || m.message !== undefined, {
    message: 'a matcher needs `codes` or a `message` regex',
  });

const replaceFix = z
  .object({
    kind: z.literal('replace'),
    /** Literal text, or a regular expression (flags `gu`) when `regex: true`. */
    find: text,
    /** Literal replacement; with `regex: true`, `$1` and `$<name>` refer to groups. */
    with: z.string(),
    regex: z.boolean().default(false),
    /** Only where the match is not next to a letter, digit, `_` or `-`. */
    wholeWord: z.boolean().default(false),
    /** Project-relative files to edit; when absent, `scope` decides. */
    files: z.array(text).min(1).optional(),
    /** `diagnostic-file`: the file the diagnostic points at; `project`: every project file that matches. */
    scope: z.enum(['diagnostic-file', 'project']).default('project'),
    description: text,
  })
  .strict();

const commandFix = z
  .object({
    kind: z.literal('command'),
    /** May use `${name}` for a named group of the matcher's regexes. */
    command: text,
    description: text,
  })
  .strict();

/** `unexpected_cfgs`: the cfg names the session's warnings give, declared in their packages' Cargo.toml (edits/declareCfgs.ts). */
const declareCfgsFix = z
  .object({
    kind: z.literal('declare-cfgs'),
    description: text,
  })
  .strict();

const autofixSchema = z.discriminatedUnion('kind', [replaceFix, commandFix, declareCfgsFix], {
  error: (issue) => (issue.code === 'invalid_union' ? 'an autofix has `kind: replace`, `kind: command` or `kind: declare-cfgs`' : undefined),
});

const entrySchema = z
  .object({
    id: z.string().regex(ID, 'use lower-case letters and digits separated by "-"'),
    title: text,
    since: z.string().regex(SINCE, 'expected "Rust 1.81", "wasmtime 33", "edition 2024" or "any"'),
    match: matcherSchema,
    /** Markdown, 1-3 sentences: what changed and why the diagnostic appears. */
    explanation: text,
    /** Markdown: what to do. */
    fix: text,
    sources: z.array(sourceText).min(1, 'cite at least one source'),
    /** A verbatim diagnostic message line this entry must explain. */
    sample: text.refine((s) => !s.includes('\n'), { message: 'a sample is one line: the diagnostic message' }),
    /** local: captured here with rustc/cargo/rustup; facts: rust-upgrade-facts.md; upstream: a cited upstream text. */
    sampleOrigin: z.enum(['local', 'facts', 'upstream']),
    /** How the sample was obtained, when it needs saying (e.g. a stub crate). */
    sampleNote: text.optional(),
    /** Verbatim lines of the sample's rendered block, for a `match.rendered` regex. */
    sampleContext: text.optional(),
    autofix: autofixSchema.optional(),
  })
  .strict()
  .superRefine((entry, ctx) => {
    if (!entry.sources.some((s) => s.startsWith('https://'))) {
      ctx.addIssue({ code: 'custom', message: `cite at least one upstream https:// source, not only ${FACTS_SOURCE}`, path: ['sources'] });
    }
    const failure = sampleFailure(entry);
    if (failure) ctx.addIssue({ code: 'custom', message: failure, path: ['sample'] });
    if (entry.autofix?.kind === 'replace') {
      const fix = entry.autofix;
      let fixRegex: RegExp | null = null;
      try {
        fixRegex = replaceRegex(fix);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${(error as Error).message}`, path: ['autofix', 'find'] });
      }
      if (fixRegex && applyReplace(fix.with, fix) !== fix.with) {
        ctx.addIssue({
          code: 'custom',
          message: `the fix would change its own result "${fix.with}" again: make \`find\` exclude it (e.g. \`wholeWord: true\`)`,
          path: ['autofix', 'find'],
        });
      }
    }
    if (entry.autofix?.kind === 'command') {
      const groups = namedGroups(entry.match);
      for (const { 0: placeholder, 1: name, index } of entry.autofix.command.matchAll(PLACEHOLDER)) {
        const after = entry.autofix.command[index + placeholder.length];
        if (!/^\s?$/.test(entry.autofix.command[index - 1] ?? '') || !/^\s?$/.test(after ?? '')) {
          ctx.addIssue({ code: 'custom', message: `\${${name}} must be a word of its own: its value goes in quoted`, path: ['autofix', 'command'] });
        }
        if (name && !groups.has(name)) {
          ctx.addIssue({
            code: 'custom',
            message: `\${${name}} is not a named group of match.message or match.rendered`,
            path: ['autofix', 'command'],
          });
        }
      }
    }
  });

export const breakagesSchema = z
  .object({
    schema: z.literal(1),
    breakages: z.array(entrySchema).min(1),
  })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Map<string, number>();
    file.breakages.forEach((entry, i) => {
      const first = seen.get(entry.id);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', message: `id "${entry.id}" is already used by breakages[${first}]`, path: ['breakages', i, 'id'] });
      } else {
        seen.set(entry.id, i);
      }
    });
    // Every sample must be explained by its own entry, not shadowed by another
    // (checked once every regex compiles: a bad one is reported where it is written).
    if (!file.breakages.every(regexesCompile)) return;
    file.breakages.forEach((entry, i) => {
      if (sampleFailure(entry)) return; // already reported on the entry
      for (const code of sampleCodes(entry)) {
        const winner = explain(sampleDiagnostic(entry, code), file.breakages);
        if (winner !== entry) {
          const by = winner ? `"${winner.id}"` : 'no entry';
          ctx.addIssue({
            code: 'custom',
            message: `the sample${code === null ? '' : ` with code ${code}`} is explained by ${by} instead of "${entry.id}": make one of the matchers more specific, or list the more specific entry first`,
            path: ['breakages', i, 'sample'],
          });
          return;
        }
      }
    });
  });

export type BreakageFile = z.output<typeof breakagesSchema>;
export type Breakage = BreakageFile['breakages'][number];
export type BreakageMatcher = Breakage['match'];
export type BreakageAutofix = NonNullable<Breakage['autofix']>;
export type ReplaceAutofix = Extract<BreakageAutofix, { kind: 'replace' }>;

/** A breakage file that cannot be used, and where. */
export class BreakageError extends YamlFileError {}

export function parseBreakages(text: string, file: string): Breakage[] {
  return parseYamlWith(breakagesSchema, text, file, BreakageError).breakages;
}

export function loadBreakagesFile(file: string): Breakage[] {
  return parseBreakages(readFileSync(file, 'utf8'), file);
}

export function loadBuiltinBreakages(resourcesDir: string): Breakage[] {
  return loadBreakagesFile(join(resourcesDir, 'knowledge', BREAKAGES_FILE));
}

/** The diagnostic an entry's sample stands for (its first code, unless one is given). */
export function sampleDiagnostic(b: Pick<Breakage, 'match' | 'sample' | 'sampleContext'>, code: string | null = b.match.codes[0] ?? null): Diagnostic {
  return {
    severity: 'error',
    tool: b.match.tools?.[0] ?? 'rustc',
    code,
    message: b.sample,
    file: null,
    line: null,
    column: null,
    rendered: b.sampleContext === undefined ? b.sample : `${b.sample}\n${b.sampleContext}`,
  };
}

/** The codes a sample is checked with: each of the entry's codes, or none. */
function sampleCodes(b: Breakage): (string | null)[] {
  return b.match.codes.length > 0 ? b.match.codes : [null];
}

/** Why an entry's sample fails its own matcher, or null when it matches. */
function sampleFailure(b: Pick<Breakage, 'match' | 'sample' | 'sampleContext'>): string | null {
  const d = sampleDiagnostic(b);
  const m = b.match;
  try {
    if (m.message !== undefined && !regexOf(m.message).test(d.message) && !regexOf(m.message).test(d.rendered)) {
      return `the sample "${b.sample}" does not match match.message /${m.message}/`;
    }
    if (m.rendered !== undefined && !regexOf(m.rendered).test(d.rendered)) {
      return `the sample (with its sampleContext) does not match match.rendered /${m.rendered}/: add the rendered line it needs under \`sampleContext\``;
    }
  } catch {
    return null; // an invalid regex is reported where it is written
  }
  return null;
}

function regexesCompile(b: Breakage): boolean {
  try {
    for (const source of [b.match.message, b.match.rendered]) if (source !== undefined) regexOf(source);
    return true;
  } catch {
    return false;
  }
}

function namedGroups(m: BreakageMatcher): Set<string> {
  const names = new Set<string>();
  for (const source of [m.message, m.rendered]) {
    for (const [, name] of (source ?? '').matchAll(/\(\?<([A-Za-z_][A-Za-z0-9_]*)>/g)) if (name) names.add(name);
  }
  return names;
}

// ---------------------------------------------------------------------------
// Autofixes

/** The regex a replace autofix applies, with its `wholeWord` boundaries. */
function replaceRegex(fix: ReplaceAutofix): RegExp {
  const body = fix.regex ? fix.find : escapeRegExp(fix.find);
  return new RegExp(fix.wholeWord ? `(?<![\\p{L}\\p{N}_-])(?:${body})(?![\\p{L}\\p{N}_-])` : body, 'gu');
}

/**
 * Applies a replace autofix to one file's text. `wholeWord` skips matches next
 * to a letter, digit, `_` or `-`: `wasm32-wasi` is replaced in
 * `--target wasm32-wasi` and `target/wasm32-wasi/release`, but not inside
 * `wasm32-wasip1` or `wasm32-wasi-preview1-threads`.
 */
export function applyReplace(textIn: string, fix: ReplaceAutofix): string {
  const re = replaceRegex(fix);
  return fix.regex ? textIn.replace(re, fix.with) : textIn.replace(re, () => fix.with);
}

/**
 * The files a replace autofix edits for a diagnostic: its `files`, or the
 * diagnostic's file (`scope: diagnostic-file`; none if it has no file), or null
 * for "every project file where `applyReplace` changes something".
 */
export function replaceTargets(fix: ReplaceAutofix, diagnostic: Diagnostic): string[] | null {
  if (fix.files) return fix.files;
  if (fix.scope === 'diagnostic-file') return diagnostic.file ? [diagnostic.file] : [];
  return null;
}
