// Which known breakage explains a diagnostic, and the autofix it offers for
// it: the matching half of the knowledge base (./breakages.ts loads and checks
// the file). It needs neither zod nor YAML, so a reader of many issues (the
// guide export) can explain them without loading either.
//
// `explain(diagnostic, breakages)` picks the entry that explains a diagnostic:
//   1. entries whose `codes` contain the diagnostic's code (error code, lint name
//      or a parser's own code) and whose other conditions hold;
//   2. else entries without codes whose `message` regex matches;
//   3. else, only when the diagnostic has no code at all (a parser that could not
//      name it), entries with codes whose `message` regex matches: with no code
//      to compare, the message decides.
// Within a step the most specific entry wins (one point each for `message`,
// `rendered` and `tools`), then the one listed first in the file.
import type { Diagnostic } from '../../shared/model';
import { shellWord } from '../terminals/shellQuote';
import type { Breakage, BreakageAutofix, BreakageMatcher } from './breakages';

/**
 * `${name}` in an autofix command: filled from the named group `name` of the
 * matcher's regexes, as one quoted shell word (the text comes from a build's
 * output, which the project controls). It stands as a word of its own (checked
 * when the knowledge base is read).
 */
export const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Regexes are compiled with the `u` flag (strict escapes, named groups) and cached. */
const REGEX_FLAGS = 'u';
const compiled = new Map<string, RegExp>();

export function regexOf(source: string): RegExp {
  let re = compiled.get(source);
  if (!re) {
    re = new RegExp(source, REGEX_FLAGS);
    compiled.set(source, re);
  }
  return re;
}

/** Whether the matcher's regexes and tool filter accept the diagnostic (codes aside). */
function conditionsHold(m: BreakageMatcher, d: Diagnostic): boolean {
  if (m.tools && !m.tools.includes(d.tool)) return false;
  if (m.message !== undefined) {
    const re = regexOf(m.message);
    if (!re.test(d.message) && !re.test(d.rendered)) return false;
  }
  if (m.rendered !== undefined && !regexOf(m.rendered).test(d.rendered)) return false;
  return true;
}

function specificity(m: BreakageMatcher): number {
  return (m.message !== undefined ? 1 : 0) + (m.rendered !== undefined ? 1 : 0) + (m.tools ? 1 : 0);
}

/** The most specific candidate whose conditions hold, the first listed among equals. */
function best(candidates: readonly Breakage[], diagnostic: Diagnostic): Breakage | null {
  let winner: Breakage | null = null;
  for (const b of candidates) {
    if ((!winner || specificity(b.match) > specificity(winner.match)) && conditionsHold(b.match, diagnostic)) winner = b;
  }
  return winner;
}

/**
 * Explains diagnostics against one list of breakages: the entries are sorted
 * by code once, so that each diagnostic tries only the entries that could
 * explain it (a guide explains 100,000 issues). The rules are at the top of
 * this file.
 */
export function breakageExplainer(breakages: readonly Breakage[]): (diagnostic: Diagnostic) => Breakage | null {
  const byCode = new Map<string, Breakage[]>();
  for (const b of breakages) for (const code of new Set(b.match.codes)) byCode.set(code, [...(byCode.get(code) ?? []), b]);
  const withoutCodes = breakages.filter((b) => b.match.codes.length === 0);
  const withMessage = breakages.filter((b) => b.match.message !== undefined);
  return (diagnostic) => {
    const code = diagnostic.code;
    if (code !== null) {
      const found = best(byCode.get(code) ?? [], diagnostic);
      if (found) return found;
    }
    const byMessage = best(withoutCodes, diagnostic);
    if (byMessage || code !== null) return byMessage;
    return best(withMessage, diagnostic);
  };
}

/**
 * The known breakage that explains a diagnostic, or null. Deterministic: see
 * the rules at the top of this file.
 */
export function explain(diagnostic: Diagnostic, breakages: readonly Breakage[]): Breakage | null {
  return breakageExplainer(breakages)(diagnostic);
}

/**
 * The entry's autofix for this diagnostic: a command with its `${name}`
 * placeholders filled from the matcher's named groups, or the replace fix as
 * is. Null without an autofix, or when a placeholder finds no value.
 */
export function resolveAutofix(b: Breakage, diagnostic: Diagnostic): BreakageAutofix | null {
  const fix = b.autofix;
  if (!fix || fix.kind !== 'command') return fix ?? null;
  const values = new Map<string, string>();
  for (const source of [b.match.message, b.match.rendered]) {
    if (source === undefined) continue;
    const re = regexOf(source);
    for (const subject of [diagnostic.message, diagnostic.rendered]) {
      for (const [name, value] of Object.entries(re.exec(subject)?.groups ?? {})) {
        if (value !== undefined && !values.has(name)) values.set(name, value);
      }
    }
  }
  let missing = false;
  const command = fix.command.replace(PLACEHOLDER, (_, name: string) => {
    const value = values.get(name);
    if (value === undefined) missing = true;
    return shellWord(value ?? '');
  });
  return missing ? null : { ...fix, command };
}
