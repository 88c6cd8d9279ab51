// A unified diff of one file, read into numbered lines, and paired into the
// rows of a side-by-side view. Pure, so the pairing is tested without a DOM.

export type DiffLineKind = 'hunk' | 'ctx' | 'add' | 'del' | 'meta';

export interface DiffLine {
  kind: DiffLineKind;
  /** The line without its `+`/`-`/` ` prefix (a hunk or meta line as printed). */
  text: string;
  /** Line number on the old side (ctx, del) or the new side (ctx, add). */
  oldNo: number | null;
  newNo: number | null;
}

export interface ParsedFileDiff {
  /** What a diff says before its first hunk that a reader needs: mode changes, binary files. */
  notes: string[];
  lines: DiffLine[];
}

const HUNK = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/;
/** Header lines worth showing: the file name is shown above the diff, the rest is noise. */
const NOTE = /^(old mode|new mode|new file mode|deleted file mode|Binary files|similarity index|rename from|rename to)/;

export function parseFileDiff(diff: string): ParsedFileDiff {
  const raw = diff.replace(/\n$/, '').split('\n');
  const first = raw.findIndex((l) => l.startsWith('@@'));
  const header = first === -1 ? raw : raw.slice(0, first);
  const notes = header.filter((l) => NOTE.test(l));
  const lines: DiffLine[] = [];
  let oldNo = 0;
  let newNo = 0;
  for (const rawLine of first === -1 ? [] : raw.slice(first)) {
    const line = rawLine.replace(/\r$/, '');
    const hunk = HUNK.exec(line);
    if (hunk) {
      oldNo = Number(hunk[1]);
      newNo = Number(hunk[2]);
      lines.push({ kind: 'hunk', text: line, oldNo: null, newNo: null });
    } else if (line.startsWith('+')) {
      lines.push({ kind: 'add', text: line.slice(1), oldNo: null, newNo: newNo++ });
    } else if (line.startsWith('-')) {
      lines.push({ kind: 'del', text: line.slice(1), oldNo: oldNo++, newNo: null });
    } else if (line.startsWith('\\')) {
      lines.push({ kind: 'meta', text: line, oldNo: null, newNo: null });
    } else {
      lines.push({ kind: 'ctx', text: line.slice(1), oldNo: oldNo++, newNo: newNo++ });
    }
  }
  return { notes, lines };
}

/** One row of a side-by-side view; a hunk or meta line spans both sides. */
export type SplitRow = { span: DiffLine } | { left: DiffLine | null; right: DiffLine | null };

/**
 * Pairs each run of removed lines with the run of added lines that follows
 * it, line by line, as side-by-side views do; context sits on both sides.
 */
export function splitRows(lines: DiffLine[]): SplitRow[] {
  const rows: SplitRow[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.kind === 'hunk' || line.kind === 'meta') {
      rows.push({ span: line });
      i++;
    } else if (line.kind === 'ctx') {
      rows.push({ left: line, right: line });
      i++;
    } else {
      const dels: DiffLine[] = [];
      const adds: DiffLine[] = [];
      while (lines[i]?.kind === 'del') dels.push(lines[i++]!);
      while (lines[i]?.kind === 'add') adds.push(lines[i++]!);
      for (let k = 0; k < Math.max(dels.length, adds.length); k++) rows.push({ left: dels[k] ?? null, right: adds[k] ?? null });
    }
  }
  return rows;
}
