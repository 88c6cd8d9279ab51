import { describe, expect, it } from 'vitest';
import { parseFileDiff, splitRows } from '../../src/shared/diffRows';

const DIFF = [
  'diff --git a/Cargo.toml b/Cargo.toml',
  'index 1111111..2222222 100644',
  '--- a/Cargo.toml',
  '+++ b/Cargo.toml',
  '@@ -2,5 +2,6 @@',
  ' name = "photondrift"',
  '-edition = "2021"',
  '-rust-version = "1.75"',
  '+edition = "2024"',
  '+rust-version = "1.86"',
  '+resolver = "3"',
  ' ',
  '-publish = false',
  '\\ No newline at end of file',
  '',
].join('\n');

describe('parseFileDiff', () => {
  it('numbers each line on its side and drops the header', () => {
    const { notes, lines } = parseFileDiff(DIFF);
    expect(notes).toEqual([]);
    expect(lines.map((l) => [l.kind, l.oldNo, l.newNo])).toEqual([
      ['hunk', null, null],
      ['ctx', 2, 2],
      ['del', 3, null],
      ['del', 4, null],
      ['add', null, 3],
      ['add', null, 4],
      ['add', null, 5],
      ['ctx', 5, 6],
      ['del', 6, null],
      ['meta', null, null],
    ]);
    expect(lines[2]!.text).toBe('edition = "2021"');
  });

  it('keeps what a diff without hunks says: mode changes, binary files', () => {
    const mode = parseFileDiff('diff --git a/run.sh b/run.sh\nold mode 100644\nnew mode 100755\n');
    expect(mode).toEqual({ notes: ['old mode 100644', 'new mode 100755'], lines: [] });
    const binary = parseFileDiff('diff --stepwise a/logo.png b/logo.png\nBinary files a/logo.png and b/logo.png differ\n');
    expect(binary.notes).toEqual(['Binary files a/logo.png and b/logo.png differ']);
  });

  it('reads CRLF files without a stray carriage return', () => {
    const { lines } = parseFileDiff('@@ -1 +1 @@\r\n-a\r\n+b\r\n');
    expect(lines.map((l) => l.text)).toEqual(['@@ -1 +1 @@', 'a', 'b']);
  });
});

describe('splitRows', () => {
  it('pairs removed lines with the added lines after them, and lets the longer run hang', () => {
    const rows = splitRows(parseFileDiff(DIFF).lines);
    const side = (l: { text: string } | null): string | null => l?.text ?? null;
    expect(rows.map((r) => ('span' in r ? ['span', r.span.kind] : [side(r.left), side(r.right)]))).toEqual([
      ['span', 'hunk'],
      ['name = "photondrift"', 'name = "photondrift"'],
      ['edition = "2021"', 'edition = "2024"'],
      ['rust-version = "1.75"', 'rust-version = "1.86"'],
      [null, 'resolver = "3"'],
      ['', ''],
      ['publish = false', null],
      ['span', 'meta'],
    ]);
  });
});
