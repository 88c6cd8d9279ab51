// The guide is written once, as blocks (headings, paragraphs, tables, code,
// diffs...), to a BlockWriter; the Markdown and HTML writers turn each block
// into text. So both formats always say the same thing in the same order.

/** Inline text: plain (escaped by the writer), code, strong, emphasis. */
export type Inline = string | { code: string } | { strong: Inline[] } | { em: Inline[] };
export type Line = Inline[];

export type Align = 'left' | 'right';

export interface BlockWriter {
  /** The document's start: its title and a line under it. */
  begin(title: string, subtitle: Line): string;
  end(): string;
  /** Links to the sections (HTML; GitHub draws its own outline for Markdown). */
  toc(sections: { id: string; title: string }[]): string;
  /** A section's heading; `id` makes an anchor. */
  heading(level: 2 | 3 | 4, text: Line, id?: string): string;
  paragraph(text: Line): string;
  /** One line per item. */
  list(items: Line[], ordered?: boolean): string;
  table(head: string[], rows: Line[][], align?: Align[]): string;
  /** Code shown verbatim; `diff` is coloured by line in HTML and on GitHub. */
  code(text: string, lang: 'bash' | 'diff' | 'text' | 'toml' | 'json'): string;
  /** Markdown from the plan or the knowledge base. */
  markdown(text: string): string;
  /** Folded content: `body` is blocks already written. */
  details(summary: Line, body: string): string;
  /** A quoted note. */
  note(text: Line): string;
  /** A chart (inline SVG); Markdown has no place for it and writes nothing. */
  figure(svg: string): string;
  /** A group of blocks that belong together (one issue, one step). */
  group(kind: 'issue' | 'step', body: string): string;
}

/** `unresolved import \`x\`` -> text and code, as rustc means its backticks. */
export function codeSpans(text: string): Line {
  const parts: Line = [];
  const re = /`([^`\n]+)`/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    parts.push({ code: m[1] as string });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}
