import { describe, expect, it } from 'vitest';
import { AFTER_SPACE, AT_COLUMN_0, type LineStarts } from '../../src/core/diagnostics/byteLines';
import { parseOutput } from '../../src/core/diagnostics/outputParser';

const admits = (starts: LineStarts, line: string): boolean => {
  const bytes = Buffer.from(line, 'utf8');
  return starts.admits(bytes, 0, bytes.length);
};

describe('lineStarts', () => {
  it('admits the lines the parsers read, at column 0', () => {
    for (const line of [
      'error[E0308]: mismatched types',
      'warning: unused variable: `x`',
      'test tests::adds ... FAILED',
      "thread 'main' panicked at src/main.rs:2:5:",
      '{"reason":"compiler-message"}',
      '---- tests::adds stdout ----',
      'make: *** [Makefile:3: all] Error 101',
      'gmake: *** No rule to make target',
      'bash: cargo: command not found',
      'zsh: command not found: cargo',
      'sh: 1: cargo: not found',
      'dash: 1: cargo: not found',
      'fish: Unknown command: cargo',
      'docker: Error response from daemon: nope',
      'Caused by:',
      'ERROR: failed to solve: process did not complete',
    ]) {
      expect(admits(AT_COLUMN_0, line), line).toBe(true);
    }
  });

  it("turns away `ls -l`'s lines, though they start with letters of `-->`, `docker` and `test`", () => {
    for (const line of ['-rw-r--r-- 1 root root 1234 Jan  1 00:00 Cargo.toml', 'drwxr-xr-x 2 root root 4096 Jan  1 00:00 src', 'total 48', 'lrwxrwxrwx 1 root root 7 bin -> usr/bin', 'brw-rw---- 1 root disk 8, 0 sda']) {
      expect(admits(AT_COLUMN_0, line), line).toBe(false);
    }
  });

  it('after leading whitespace: locations and status words', () => {
    expect(admits(AFTER_SPACE, '--> src/lib.rs:1:5')).toBe(true);
    expect(admits(AFTER_SPACE, 'Compiling memchr v2.7.4')).toBe(true);
    expect(admits(AFTER_SPACE, '-rw-r--r--')).toBe(false);
    expect(admits(AFTER_SPACE, 'error: in a quote')).toBe(false);
  });

  it('lets the parsers look when the second character is not plain (an escape, non-ASCII, the line end)', () => {
    expect(admits(AT_COLUMN_0, 'e\x1b[0mrror: coloured mid-word')).toBe(true);
    expect(admits(AT_COLUMN_0, 'dé')).toBe(true);
    expect(admits(AT_COLUMN_0, 'd')).toBe(true);
    expect(admits(AT_COLUMN_0, '{')).toBe(true);
  });

  it('leaves what the parser finds in a listing with diagnostics in it unchanged', () => {
    const listing = Array.from({ length: 200 }, (_, i) => `-rw-r--r-- 1 root root ${i} Jan  1 00:00 file${i}.rs\r\ndrwxr-xr-x 2 root root 4096 Jan  1 00:00 dir${i}\r\ntotal ${i}\r\n`).join('');
    const error = 'error[E0425]: cannot find value `y` in this scope\r\n --> src/main.rs:2:13\r\n  |\r\n2 |     let x = y;\r\n  |             ^ not found in this scope\r\n\r\n';
    const { diagnostics } = parseOutput(listing + error + listing);
    expect(diagnostics.map((d) => [d.code, d.file, d.line, d.column, d.message])).toEqual([['E0425', 'src/main.rs', 2, 13, 'cannot find value `y` in this scope']]);
  });
});
