// Small text helpers for the Markdown import: plain titles, slugs, risk words.
import type { Risk } from '../../../shared/model';

/** Emoji, their modifiers and joiners, keycaps, private-use glyphs (Apple's logo) and pictographs. */
const DECORATION = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Co}|[\u{1F1E6}-\u{1F1FF}]|\u{FE0E}|\u{FE0F}|\u{200D}|\u{20E3}/gu;

/** Inline Markdown to plain text: `**b**`, `_i_`, `code`, [link](url), ![img](url). */
export function plainInline(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`+([^`]+?)`+/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(?<![\w*])\*(?!\s)([^*]+?)\*(?![\w*])/g, '$1')
    .replace(/(?<![\w_])_(?!\s)([^_]+?)_(?![\w_])/g, '$1')
    .replace(/\\([\\`*_{}[\]()#+\-.!])/g, '$1');
}

/** A heading or title without emoji, decoration or Markdown, spaces collapsed. */
export function cleanTitle(text: string): string {
  return plainInline(text)
    .replace(DECORATION, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s\p{So}\p{Sk}|*#:>~=-]+/u, '')
    .replace(/[\s|*#:~=-]+$/u, '')
    .trim();
}

/** Splits "Phase 1: Setup (Week 1)" into "Phase 1: Setup" and "Week 1". */
export function splitTrailingParenthetical(title: string): { title: string; note: string } {
  const match = /^(.*\S)\s*\(([^()]+)\)$/.exec(title);
  return match ? { title: match[1]!, note: match[2]!.trim() } : { title, note: '' };
}

/** A lower-case id: letters, digits and "-", with "." kept between digits (1.81.0). */
export function slugify(text: string, maxLength = 48): string {
  const ascii = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/(\d)\.(?=\d)/g, '$1\u0000')
    .replace(/[^a-z0-9\u0000]+/g, '-')
    .replace(/\u0000/g, '.')
    .replace(/^-+|-+$/g, '');
  if (ascii.length <= maxLength) return ascii;
  const cut = ascii.slice(0, maxLength);
  const dash = cut.lastIndexOf('-');
  return (dash > maxLength / 2 ? cut.slice(0, dash) : cut).replace(/[-.]+$/, '');
}

/** Hands out ids unique within one plan: `base`, `base-2`, `base-3`, ... */
export class IdAllocator {
  private readonly used = new Set<string>();

  take(base: string): string {
    let id = base;
    for (let n = 2; this.used.has(id); n++) id = `${base}-${n}`;
    this.used.add(id);
    return id;
  }
}

const RISK_WORDS: Record<string, Risk> = { low: 'low', minimal: 'low', medium: 'medium', moderate: 'medium', high: 'high', critical: 'high' };
const RISK_ORDER: Risk[] = ['low', 'medium', 'high'];

/**
 * "Low", "Medium-High", "High (API changes)" -> the highest level named at the
 * start of the value; null when the value does not start with a risk word.
 */
export function parseRisk(value: string): Risk | null {
  const words = /^(?:very\s+)?([a-z]+)(?:\s*(?:-|–|\/|to)\s*(?:very\s+)?([a-z]+))?/i.exec(plainInline(value).trim());
  if (!words) return null;
  const levels = [words[1], words[2]].map((w) => (w ? RISK_WORDS[w.toLowerCase()] : undefined));
  if (!levels[0]) return null;
  return levels.filter((l): l is Risk => l !== undefined).reduce((a, b) => (RISK_ORDER.indexOf(b) > RISK_ORDER.indexOf(a) ? b : a));
}

/** `text` as inline code, with enough backticks to hold backticks of its own. */
export function inlineCode(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return longest > 0 ? `${ticks} ${text} ${ticks}` : `${ticks}${text}${ticks}`;
}
