// OutputParser reads bytes and decodes only the lines a parser could read
// (byteLines.ts): the lines it skips or keeps raw must be exactly those the
// parsers would have ignored or appended as they are. These are the lines
// where a cheap look at the start could be wrong: escapes between spaces,
// redraws with `\r`, string sequences, 8-bit CSI, non-ASCII whitespace.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OutputParser, parseOutput } from '../../src/core/diagnostics/outputParser';
import { firstVisible, UNSURE } from '../../src/core/diagnostics/byteLines';

const DIR = fileURLToPath(new URL('../fixtures/outputs/', import.meta.url));

/** The same output fed as bytes, in chunks of `size` bytes (cutting characters and escapes). */
function parseBytes(text: string, size: number, keepRendered = true) {
  const parser = new OutputParser({ keepRendered });
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) parser.pushBytes(Uint8Array.prototype.slice.call(bytes, i, i + size));
  return parser.end();
}

const E0432 = ['error[E0432]: unresolved import `x`', ' --> src/a.rs:1:5', '  |', '1 | use x;', '  |     ^ no `x` in the root', ''];

describe('OutputParser on bytes', () => {
  it('finds a header drawn over a progress bar with \\r', () => {
    const text = `   Building [=====>    ] 3/7: foo\r\x1b[K${E0432.join('\n')}\n`;
    expect(parseOutput(text).diagnostics).toMatchObject([{ code: 'E0432', file: 'src/a.rs', line: 1, column: 5 }]);
  });

  it('reads lines that start with escapes it does not skip: OSC, 8-bit CSI, a lone ESC', () => {
    const text = ['\x1b]633;C\x07error: could not find `Cargo.toml` in `/p`', '', '\u009b1merror\u009b0m: boom', '', '\x1b\x1b[31merror: not stripped', ''].join('\n');
    expect(parseOutput(text).diagnostics.map((d) => d.message)).toEqual(['could not find `Cargo.toml` in `/p`', 'boom']);
  });

  it('ends a block at a status line indented with any whitespace, escapes between', () => {
    for (const space of ['    ', '\t', '\v', '\f', '\u00a0', ' \x1b[1m\x1b[92m ']) {
      const text = [...E0432.slice(0, -1), `${space}Compiling b v0.1.0`, 'trailing text', ''].join('\n');
      const [issue] = parseOutput(text).diagnostics;
      expect(issue?.rendered, JSON.stringify(space)).toBe(E0432.slice(0, -1).join('\n'));
    }
  });

  it('finds the location and lint of a block among raw lines with escapes', () => {
    const text = [
      '\x1b[1m\x1b[93mwarning\x1b[0m\x1b[1m: unused variable: `y`\x1b[0m',
      '  \x1b[1m\x1b[94m--> \x1b[0msrc/lib.rs:14:9',
      '   \x1b[1m\x1b[94m|\x1b[0m',
      '\x1b[1m\x1b[94m14\x1b[0m \x1b[1m\x1b[94m|\x1b[0m     let y = 3; // `not a lint`',
      '   \x1b[1m\x1b[94m= \x1b[0m\x1b[1mnote\x1b[0m: `#[warn(unused_variables)]` on by default',
      '',
    ].join('\n');
    for (const size of [1, 7, 64, 1 << 20]) {
      expect(parseBytes(text, size).diagnostics).toMatchObject([{ code: 'unused_variables', file: 'src/lib.rs', line: 14, column: 9 }]);
    }
  });

  it('gives the same issues from bytes in any chunk size, and blank rendered text when not kept', () => {
    const text = ['cargo-check-all-features.ansi.txt', 'cargo-test-failing.ansi.txt', 'cargo-check-json.ansi.txt', 'cargo-unstable-feature.ansi.txt']
      .map((name) => readFileSync(`${DIR}${name}`, 'utf8'))
      .join('');
    const whole = parseOutput(text);
    for (const size of [1, 3, 1000, 1 << 20]) expect(parseBytes(text, size)).toEqual(whole);
    const lean = parseBytes(text, 4096, false);
    expect(lean.diagnostics).toEqual(whole.diagnostics.map((d) => ({ ...d, rendered: '' })));
    expect(lean.tests).toEqual(whole.tests);
  });

  it('keeps a character whose UTF-16 halves arrive in different string chunks', () => {
    const text = 'error: crate `🦀` not found\n';
    const parser = new OutputParser();
    for (const unit of text.split('')) parser.push(unit);
    expect(parser.end().diagnostics.map((d) => d.message)).toEqual(['crate `🦀` not found']);
  });
});

describe('firstVisible', () => {
  const at = (text: string) => {
    const bytes = Buffer.from(text);
    const leading = { space: false };
    const index = firstVisible(bytes, 0, bytes.length, leading);
    return { index: index === UNSURE ? 'unsure' : index === bytes.length ? 'blank' : text.slice(index), space: leading.space };
  };

  it('skips CSI and short escapes and whitespace; gives up on what it does not know', () => {
    expect(at('\x1b[1m\x1b[91merror')).toEqual({ index: 'error', space: false });
    expect(at('  \x1b[1m\x1b(B -->')).toEqual({ index: '-->', space: true });
    expect(at(' \x1b[0m \r\r')).toEqual({ index: 'blank', space: true });
    expect(at('\x1b]8;;x\x07a').index).toBe('unsure');
    expect(at('\x1b[31').index).toBe('unsure');
    expect(at('\u00a0x').index).toBe('unsure');
    expect(at('\rerror').index).toBe('unsure');
  });
});
