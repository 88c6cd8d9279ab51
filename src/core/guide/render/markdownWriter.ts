// Blocks as GitHub-flavoured Markdown: tables, fenced code (```diff is
// coloured on GitHub), <details> for what is long.
import type { BlockWriter, Inline, Line } from './blocks';
import { inlineHtml } from './htmlWriter';

const longestBacktickRun = (text: string): number => Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));

/** A fenced code block whose fence is longer than any backtick run inside. */
export function fence(text: string, lang: string): string {
  const bar = '`'.repeat(Math.max(3, longestBacktickRun(text) + 1));
  return `${bar}${lang}\n${text.replace(/\s+$/, '')}\n${bar}`;
}

/** Inline code that keeps backticks inside it intact (CommonMark code spans). */
export function inlineCode(text: string): string {
  const bar = '`'.repeat(longestBacktickRun(text) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${bar}${pad}${text}${pad}${bar}`;
}

/**
 * Text that Markdown must not read as markup. Only what could start markup is
 * escaped, so the source stays readable: `x86_64` keeps its underscore.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*[\]<>|~]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\$&')
    .replace(/^(\s*)(#|[-+](?=\s))/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])(?=\s|$)/gm, '$1\\$2');
}

/** `**x:**` then the space: emphasis that ends in a space is not emphasis in CommonMark. */
function delimit(mark: string, text: string): string {
  const [, lead, body, trail] = /^(\s*)([\s\S]*?)(\s*)$/.exec(text) as RegExpExecArray;
  return body ? `${lead}${mark}${body}${mark}${trail}` : text;
}

function inline(line: Line, inTable = false): string {
  const one = (part: Inline): string => {
    if (typeof part === 'string') return escapeMarkdown(part);
    if ('code' in part) return inlineCode(inTable ? part.code.replace(/\|/g, '\\|') : part.code);
    if ('strong' in part) return delimit('**', inline(part.strong, inTable));
    return delimit('*', inline(part.em, inTable));
  };
  const text = line.map(one).join('');
  return inTable ? text.replace(/\r?\n/g, ' ') : text;
}

export const markdownWriter: BlockWriter = {
  begin: (title, subtitle) => `# ${escapeMarkdown(title)}\n\n${inline(subtitle)}\n`,
  end: () => '',
  toc: () => '',
  heading: (level, text) => `\n${'#'.repeat(level)} ${inline(text)}\n`,
  paragraph: (text) => `\n${inline(text)}\n`,
  list: (items, ordered = false) =>
    items.length ? `\n${items.map((item, i) => `${ordered ? `${i + 1}.` : '-'} ${inline(item)}`).join('\n')}\n` : '',
  table: (head, rows, align = []) => {
    const cells = (row: string[]): string => `| ${row.join(' | ')} |`;
    const rule = head.map((_, i) => ((align[i] ?? 'left') === 'right' ? '---:' : '---'));
    return `\n${[cells(head.map(escapeMarkdown)), cells(rule), ...rows.map((row) => cells(row.map((c) => inline(c, true) || ' ')))].join('\n')}\n`;
  },
  code: (text, lang) => `\n${fence(text, lang)}\n`,
  markdown: (text) => `\n${text.trim()}\n`,
  // GitHub renders no Markdown inside <summary>: it is written as HTML.
  details: (summary, body) => `\n<details><summary>${inlineHtml(summary)}</summary>\n${body}\n</details>\n`,
  note: (text) => `\n${inline(text).replace(/^/gm, '> ')}\n`,
  figure: () => '',
  group: (_kind, body) => body,
};
