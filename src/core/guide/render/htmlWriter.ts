// Blocks as one self-contained HTML file: styles in the page, charts as
// inline SVG, diffs coloured by line, and a Content-Security-Policy that lets
// the file load nothing at all, whatever text the journal holds.
import { Marked, type Tokens } from 'marked';
import { escapeXml as escapeHtml } from '../../../shared/svgCharts';
import type { BlockWriter, Line } from './blocks';
import { GUIDE_CSS } from './htmlStyle';

export { escapeHtml };

/**
 * The status emoji as symbols every font has, coloured: a guide opened where
 * no emoji font is installed must still say what passed and what failed.
 */
const ICONS: Record<string, [string, string]> = {
  '✅': ['ok', '✓'],
  '❌': ['fail', '✗'],
  '⏳': ['busy', '…'],
  '⚠️': ['warn', '!'],
  '⏭️': ['muted', '»'],
  '⬜': ['muted', '○'],
  '➖': ['muted', '–'],
  '📏': ['muted', '◷'],
  '✏️': ['muted', '✎'],
  '📸': ['muted', '◉'],
};
const ICON_RE = new RegExp(Object.keys(ICONS).join('|'), 'gu');

function textHtml(text: string): string {
  return escapeHtml(text).replace(ICON_RE, (icon) => {
    const [cls, symbol] = ICONS[icon] as [string, string];
    return `<span class="icon ${cls}" title="${cls}">${symbol}</span>`;
  });
}

export function inlineHtml(line: Line): string {
  return line
    .map((part) => {
      if (typeof part === 'string') return textHtml(part);
      if ('code' in part) return `<code>${escapeHtml(part.code)}</code>`;
      if ('strong' in part) return `<strong>${inlineHtml(part.strong)}</strong>`;
      return `<em>${inlineHtml(part.em)}</em>`;
    })
    .join('');
}

// Plan text may come from an untrusted file: raw HTML shows as text, and an
// image is its alt text (loading it would be a network request).
const markdownToHtml = new Marked({
  gfm: true,
  renderer: {
    html: ({ text }: Tokens.HTML | Tokens.Tag) => escapeHtml(text),
    image: ({ text }: Tokens.Image) => escapeHtml(text),
    link({ href, tokens }: Tokens.Link) {
      const label = this.parser.parseInline(tokens);
      return /^https?:\/\//.test(href) ? `<a href="${escapeHtml(href)}" rel="noreferrer">${label}</a>` : label;
    },
  },
});

export const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

function diffHtml(text: string): string {
  return text
    .replace(/\s+$/, '')
    .split('\n')
    .map((line) => {
      const kind = line.startsWith('@@')
        ? 'hunk'
        : /^(\+\+\+|---|diff |index |Index: |====)/.test(line)
          ? 'meta'
          : line.startsWith('+')
            ? 'add'
            : line.startsWith('-')
              ? 'del'
              : 'ctx';
      return `<span class="${kind}">${escapeHtml(line) || ' '}</span>`;
    })
    // Each line is a block of its own: a newline between them would be one more line.
    .join('');
}

export const htmlWriter: BlockWriter = {
  begin: (title, subtitle) =>
    '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">\n` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `<title>${escapeHtml(title)}</title>\n<style>${GUIDE_CSS}</style>\n</head>\n<body>\n<main>\n` +
    `<header><h1>${escapeHtml(title)}</h1>\n<p class="subtitle">${inlineHtml(subtitle)}</p></header>\n`,
  end: () => '</main>\n</body>\n</html>\n',
  toc: (sections) =>
    sections.length > 1
      ? `<nav class="toc"><strong>Contents</strong><ul>${sections.map((s) => `<li><a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a></li>`).join('')}</ul></nav>\n`
      : '',
  heading: (level, text, id) => `<h${level}${id ? ` id="${escapeHtml(id)}"` : ''}>${inlineHtml(text)}</h${level}>\n`,
  paragraph: (text) => `<p>${inlineHtml(text)}</p>\n`,
  list: (items, ordered = false) => {
    if (!items.length) return '';
    const tag = ordered ? 'ol' : 'ul';
    return `<${tag}>${items.map((item) => `<li>${inlineHtml(item)}</li>`).join('')}</${tag}>\n`;
  },
  table: (head, rows, align = []) => {
    const cls = (i: number): string => (align[i] === 'right' ? ' class="num"' : '');
    // A key-value table (no column titles) has no header row.
    const th = head.some((h) => h) ? `<thead><tr>${head.map((h, i) => `<th${cls(i)}>${escapeHtml(h)}</th>`).join('')}</tr></thead>\n` : '';
    const body = rows.map((row) => `<tr>${row.map((c, i) => `<td${cls(i)}>${inlineHtml(c)}</td>`).join('')}</tr>`).join('\n');
    return `<table>\n${th}<tbody>\n${body}\n</tbody>\n</table>\n`;
  },
  code: (text, lang) =>
    lang === 'diff'
      ? `<pre class="diff"><code>${diffHtml(text)}</code></pre>\n`
      : `<pre class="code ${lang}"><code>${escapeHtml(text.replace(/\s+$/, ''))}</code></pre>\n`,
  markdown: (text) => `<div class="md">${markdownToHtml.parse(text, { async: false })}</div>\n`,
  details: (summary, body) => `<details><summary>${inlineHtml(summary)}</summary>\n${body}</details>\n`,
  note: (text) => `<p class="note">${inlineHtml(text)}</p>\n`,
  figure: (svg) => `<figure>${svg}</figure>\n`,
  group: (kind, body) => `<div class="${kind}">\n${body}</div>\n`,
};
