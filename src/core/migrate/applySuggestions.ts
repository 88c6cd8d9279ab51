// Applying suggestions to a file as rustfix does: byte ranges from rustc's
// JSON replaced in the original text. Two fixes that touch the same bytes
// cannot both apply: the first one given is kept and the other reported
// (cargo fix would apply it in a later pass, if rustc still suggested it).
import type { Suggestion } from './suggestions';

export interface Overlap {
  suggestion: Suggestion;
  /** The one applied first that it collides with. */
  kept: Suggestion;
}

export interface AppliedFile {
  text: string;
  applied: Suggestion[];
  overlaps: Overlap[];
}

/** Half-open byte ranges collide when they share a byte, or are insertions at the same place (their order is unknown). */
function collides(a: { byteStart: number; byteEnd: number }, b: { byteStart: number; byteEnd: number }): boolean {
  if (a.byteStart === a.byteEnd && b.byteStart === b.byteEnd) return a.byteStart === b.byteStart;
  return a.byteStart < b.byteEnd && b.byteStart < a.byteEnd;
}

/** `suggestions` (all of one file, in the order rustc gave them) applied to `text`; throws on a range outside the file. */
export function applySuggestions(text: string, file: string, suggestions: Suggestion[]): AppliedFile {
  const bytes = Buffer.from(text, 'utf8');
  const applied: Suggestion[] = [];
  const overlaps: Overlap[] = [];
  for (const suggestion of suggestions) {
    for (const r of suggestion.replacements) {
      if (r.byteStart < 0 || r.byteEnd < r.byteStart || r.byteEnd > bytes.length) {
        throw new Error(`${file}:${suggestion.line}: ${suggestion.lint}'s fix replaces bytes ${r.byteStart}..${r.byteEnd}, outside the file's ${bytes.length}: the file changed since cargo read it`);
      }
    }
    const kept = applied.find((other) => other.replacements.some((a) => suggestion.replacements.some((b) => collides(a, b))));
    // A suggestion's own replacements may not collide either (rustc never gives such, but a bad one must not corrupt the file).
    const selfCollides = suggestion.replacements.some((a, i) => suggestion.replacements.some((b, j) => i < j && collides(a, b)));
    if (kept) overlaps.push({ suggestion, kept });
    else if (selfCollides) overlaps.push({ suggestion, kept: suggestion });
    else applied.push(suggestion);
  }
  // At one offset an insertion goes before the replacement that starts there.
  const replacements = applied.flatMap((s) => s.replacements).sort((a, b) => a.byteStart - b.byteStart || a.byteEnd - b.byteEnd);
  const parts: Buffer[] = [];
  let at = 0;
  for (const r of replacements) {
    parts.push(bytes.subarray(at, r.byteStart), Buffer.from(r.text, 'utf8'));
    at = r.byteEnd;
  }
  parts.push(bytes.subarray(at));
  return { text: Buffer.concat(parts).toString('utf8'), applied, overlaps };
}

export interface HunkText {
  file: string;
  line: number;
  /** The whole lines the fix touches, before and after it. */
  before: string;
  after: string;
}

/** The lines of `text` one suggestion changes, as they are and as the fix leaves them. */
export function hunkText(text: string, suggestion: Suggestion): HunkText {
  const bytes = Buffer.from(text, 'utf8');
  const start = Math.min(...suggestion.replacements.map((r) => r.byteStart));
  const end = Math.max(...suggestion.replacements.map((r) => r.byteEnd));
  // lastIndexOf takes a negative offset from the end: the first line has no newline before it.
  const lineStart = start === 0 ? 0 : bytes.lastIndexOf(0x0a, start - 1) + 1;
  const newline = bytes.indexOf(0x0a, Math.max(end, start) - (end > start ? 1 : 0));
  const lineEnd = newline === -1 ? bytes.length : newline;
  const lines = bytes.subarray(lineStart, lineEnd).toString('utf8');
  const shifted = { ...suggestion, replacements: suggestion.replacements.map((r) => ({ ...r, byteStart: r.byteStart - lineStart, byteEnd: r.byteEnd - lineStart })) };
  const line = bytes.subarray(0, lineStart).toString('utf8').split('\n').length;
  return { file: suggestion.file, line, before: lines, after: applySuggestions(lines, suggestion.file, [shifted]).text };
}
