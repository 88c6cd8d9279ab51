// Edition-migration suggestions read from `cargo check --message-format=json`
// run with `--force-warn rust-20XX-compatibility`: each diagnostic of one of
// the group's lints, in the project's own files, with the machine-applicable
// replacements of its children (as rustfix collects them: every child's, as
// one fix). The lint is the diagnostic's code; rustc gives some lints an
// error code instead (`unsafe_op_in_unsafe_fn` is E0133), and names the lint
// only in the first one's `--force-warn x implied by` note: later ones with
// that code take the lint it named.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { lintOfLine } from '../diagnostics/lintNames';
import { groupBy } from '../../shared/collections/groupBy';

export interface Replacement {
  /** Byte offsets into the file, as rustc's JSON gives them. */
  byteStart: number;
  byteEnd: number;
  text: string;
}

export interface Suggestion {
  lint: string;
  /** Relative to the project, `/`-separated. */
  file: string;
  /** 1-based line of its first replacement. */
  line: number;
  message: string;
  replacements: Replacement[];
}

/** A diagnostic of the group with no machine-applicable fix. */
export interface Unfixable {
  lint: string;
  file: string;
  line: number;
  message: string;
}

interface JsonSpan {
  file_name: string;
  byte_start: number;
  byte_end: number;
  line_start: number;
  is_primary?: boolean;
  suggested_replacement?: string | null;
  suggestion_applicability?: string | null;
}
interface JsonDiagnostic {
  message: string;
  level: string;
  code?: { code: string } | null;
  spans: JsonSpan[];
  children: JsonDiagnostic[];
}

/** The lints to read: a set of names, or `EVERY_LINT`. */
export type LintSet = Pick<ReadonlySet<string>, 'has'>;
/** Every lint that carries a name: what `cargo clippy --fix` applies. */
export const EVERY_LINT: LintSet = { has: () => true };

export interface ReadSuggestions {
  suggestions: Suggestion[];
  unfixable: Unfixable[];
  /** Compiler errors in the project's files: the code does not build as it is. */
  errors: { file: string; line: number; message: string }[];
}

/**
 * Every suggestion of the lints in `members` (underscored names) in cargo's
 * JSON lines `stdout`, for files inside `project`; duplicates (one diagnostic
 * per target with --all-targets) once.
 */
export function readSuggestions(stdout: string, project: string, members: LintSet): ReadSuggestions {
  const codeLints = new Map<string, string>();
  const seen = new Set<string>();
  const out: ReadSuggestions = { suggestions: [], unfixable: [], errors: [] };
  const unfixable: (Unfixable & { byteStart: number; byteEnd: number })[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    let value: { reason?: string; message?: JsonDiagnostic };
    try {
      value = JSON.parse(line) as typeof value;
    } catch {
      continue; // a line cargo cut short: nothing to fix from it
    }
    const diagnostic = value.message;
    if (value.reason !== 'compiler-message' || !diagnostic) continue;
    const primary = diagnostic.spans.find((s) => s.is_primary) ?? diagnostic.spans[0];
    if (!primary) continue;
    const where = projectFile(project, primary.file_name);
    if (where === null) continue; // a dependency's file, or the standard library's
    if (diagnostic.level === 'error') {
      out.errors.push({ file: where, line: primary.line_start, message: diagnostic.message });
      continue;
    }
    const lint = lintOf(diagnostic, members, codeLints);
    if (!lint) continue;
    const replacements = machineApplicable(diagnostic, project);
    // The same fix from several diagnostics (each unsafe operation of one function suggests wrapping its body) is one fix, as rustfix counts it.
    const key = JSON.stringify(replacements.length ? [lint, replacements] : [lint, where, primary.byte_start, diagnostic.message]);
    if (seen.has(key)) continue;
    seen.add(key);
    if (replacements.length === 0) {
      unfixable.push({ lint, file: where, line: primary.line_start, message: diagnostic.message, byteStart: primary.byte_start, byteEnd: primary.byte_end });
      continue;
    }
    // A fix touching several files (rare: a macro's definition) becomes one suggestion per file, applied together or not at all per file.
    for (const [file, list] of groupBy(replacements, (r) => r.file)) {
      out.suggestions.push({ lint, file, line: Math.min(...list.map((r) => r.line)), message: diagnostic.message, replacements: list.map(({ byteStart, byteEnd, text }) => ({ byteStart, byteEnd, text })) });
    }
  }
  // rustc suggests wrapping a function's body at its first unsafe operation only: the later ones inside that fix are covered by it.
  out.unfixable = unfixable
    .filter((u) => !out.suggestions.some((s) => s.lint === u.lint && s.file === u.file && covers(s, u)))
    .map(({ lint, file, line, message }) => ({ lint, file, line, message }));
  return out;
}

function covers(s: Suggestion, span: { byteStart: number; byteEnd: number }): boolean {
  return Math.min(...s.replacements.map((r) => r.byteStart)) <= span.byteStart && Math.max(...s.replacements.map((r) => r.byteEnd)) >= span.byteEnd;
}

function lintOf(diagnostic: JsonDiagnostic, members: LintSet, codeLints: Map<string, string>): string | null {
  const code = diagnostic.code?.code ?? null;
  const named = code?.replaceAll('-', '_');
  if (named && members.has(named)) return named;
  for (const child of diagnostic.children) {
    const lint = lintOfLine(child.message);
    if (lint && members.has(lint)) {
      if (code) codeLints.set(code, lint);
      return lint;
    }
  }
  return code ? (codeLints.get(code) ?? null) : null;
}

type Located = Replacement & { file: string; line: number };

function machineApplicable(diagnostic: JsonDiagnostic, project: string): Located[] {
  const found: Located[] = [];
  for (const child of diagnostic.children) {
    for (const span of child.spans) {
      if (span.suggested_replacement == null || span.suggestion_applicability !== 'MachineApplicable') continue;
      const file = projectFile(project, span.file_name);
      if (file === null) continue;
      found.push({ file, line: span.line_start, byteStart: span.byte_start, byteEnd: span.byte_end, text: span.suggested_replacement });
    }
  }
  return found;
}

/** `src/lib.rs` for a span's file inside `project`; null for one outside it (a dependency, the standard library, `<macros>`). */
export function projectFile(project: string, fileName: string): string | null {
  const path = isAbsolute(fileName) ? fileName : resolve(project, fileName);
  const rel = relative(project, path);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return null;
  return rel.split(sep).join('/');
}
