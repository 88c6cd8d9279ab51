import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/shared/model';
import { RustDiagnosticParser } from '../../src/core/diagnostics/rustcParser';
import { stripAnsi } from '../../src/shared/ansi';
import { UNRESOLVED_IMPORT } from '../helpers/photondrift';

// Real cargo output, captured with colours (see test/fixtures/outputs/README.md).
function output(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../fixtures/outputs/${name}`, import.meta.url)), 'utf8');
}
const checkAllFeatures = output('cargo-check-all-features.ansi.txt');
const clippyLenZero = output('clippy-len-zero.ansi.txt');

function parse(...chunks: string[]): Diagnostic[] {
  const parser = new RustDiagnosticParser();
  return [...chunks.flatMap((chunk) => parser.push(chunk)), ...parser.end()];
}

const unresolvedImport: Diagnostic = {
  ...UNRESOLVED_IMPORT,
  rendered: [
    'error[E0432]: unresolved import `wasmtime::WasiCtxBuilder`',
    ' --> src/plugins.rs:7:5',
    '  |',
    '7 | use wasmtime::WasiCtxBuilder;',
    '  |     ^^^^^^^^^^^^^^^^^^^^^^^^ no `WasiCtxBuilder` in the root',
  ].join('\n'),
};

const unusedVariable: Diagnostic = {
  severity: 'warning',
  tool: 'rustc',
  code: 'unused_variables',
  message: 'unused variable: `max_pages`',
  file: 'src/plugins.rs',
  line: 15,
  column: 9,
  rendered: [
    'warning: unused variable: `max_pages`',
    '  --> src/plugins.rs:15:9',
    '   |',
    '15 |     let max_pages = 16_384;',
    '   |         ^^^^^^^^^ help: if this is intentional, prefix it with an underscore: `_max_pages`',
    '   |',
    '   = note: `#[warn(unused_variables)]` (part of `#[warn(unused)]`) on by default',
  ].join('\n'),
};

describe('RustDiagnosticParser on real cargo output', () => {
  it('finds the E0432 error and the unused variable warning, not the summaries', () => {
    expect(checkAllFeatures).toContain('\x1b['); // the capture really is coloured
    expect(parse(checkAllFeatures)).toEqual([unresolvedImport, unusedVariable]);
  });

  it('names clippy lints clippy::<lint> with tool clippy', () => {
    const diagnostics = parse(clippyLenZero);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      severity: 'warning',
      tool: 'clippy',
      code: 'clippy::len_zero',
      message: 'length comparison to zero',
      file: 'src/lib.rs',
      line: 123,
      column: 5,
    });
    expect(diagnostics[0]?.rendered).toContain('= note: `#[warn(clippy::len_zero)]` on by default');
    expect(diagnostics[0]?.rendered).not.toContain('\x1b');
  });

  it.each([
    ['cargo-check-all-features', checkAllFeatures],
    ['clippy-len-zero', clippyLenZero],
  ])('%s: gives the same result split in two at every position', (_name, text) => {
    const whole = parse(text);
    for (let i = 0; i <= text.length; i++) {
      const split = parse(text.slice(0, i), text.slice(i));
      if (JSON.stringify(split) !== JSON.stringify(whole)) {
        expect(split, `split at ${i}: ${JSON.stringify(text.slice(i - 5, i + 5))}`).toEqual(whole);
      }
    }
  });

  it('gives the same result with \\r\\n line endings, as a pty prints them', () => {
    const crlf = checkAllFeatures.replaceAll('\n', '\r\n');
    expect(parse(crlf)).toEqual([unresolvedImport, unusedVariable]);
    // ...also with the \r and \n in different chunks.
    const at = crlf.indexOf('\r\n');
    expect(parse(crlf.slice(0, at + 1), crlf.slice(at + 1))).toEqual([unresolvedImport, unusedVariable]);
  });

  it('gives the same result fed one character at a time', () => {
    expect(parse(...checkAllFeatures)).toEqual([unresolvedImport, unusedVariable]);
  });

  it('returns a diagnostic from the push that completes it', () => {
    const parser = new RustDiagnosticParser();
    const blank = checkAllFeatures.indexOf('\n\n') + 1;
    expect(parser.push(checkAllFeatures.slice(0, blank))).toEqual([]);
    expect(parser.push(checkAllFeatures.slice(blank, blank + 1))).toEqual([unresolvedImport]);
  });
});

describe('RustDiagnosticParser on other output', () => {
  it('ignores OSC sequences (hyperlinks, progress, titles) and cursor codes', () => {
    const text =
      '\x1b]0;cargo check\x07\x1b]9;4;3;\x1b\\' +
      '\x1b[1m\x1b[33mwarning\x1b[0m\x1b[1m: unused variable: `x`\x1b[0m\r\n' +
      ' \x1b[1m\x1b[94m--> \x1b[0m\x1b]8;;file:///tmp/p/src/lib.rs\x1b\\src/lib.rs:2:9\x1b]8;;\x1b\\\r\n' +
      '  = note: `#[warn(unused_variables)]` on by default\r\n\r\n';
    expect(parse(text)).toEqual([
      {
        severity: 'warning',
        tool: 'rustc',
        code: 'unused_variables',
        message: 'unused variable: `x`',
        file: 'src/lib.rs',
        line: 2,
        column: 9,
        rendered: 'warning: unused variable: `x`\n --> src/lib.rs:2:9\n  = note: `#[warn(unused_variables)]` on by default',
      },
    ]);
  });

  it('keeps the visible text of a line redrawn with \\r (progress bar)', () => {
    const text = '    Building [=====>    ] 1/2: photondrift\r\x1b[Kerror: linking with `cc` failed: exit status: 1\n\n';
    expect(parse(text)).toMatchObject([{ severity: 'error', message: 'linking with `cc` failed: exit status: 1' }]);
  });

  it('reads cargo errors with their Caused by: sections, as tool cargo', () => {
    // Captured from cargo 1.95 with a missing path dependency.
    const text = [
      'error: failed to get `missing` as a dependency of package `pd-err v0.1.0 (/tmp/pd-err)`',
      '',
      'Caused by:',
      '  failed to load source for dependency `missing`',
      '',
      'Caused by:',
      '  No such file or directory (os error 2)',
      '',
    ].join('\n');
    expect(parse(text)).toEqual([
      {
        severity: 'error',
        tool: 'cargo',
        code: null,
        message: 'failed to get `missing` as a dependency of package `pd-err v0.1.0 (/tmp/pd-err)`',
        file: null,
        line: null,
        column: null,
        rendered: text.trimEnd(),
      },
    ]);
  });

  it('ends a cargo error at the end of the output', () => {
    const text = [
      'error: no matching package named `serde` found',
      'location searched: crates.io index',
      'required by package `pd-err v0.1.0 (/tmp/pd-err)`',
    ].join('\n');
    const parser = new RustDiagnosticParser();
    expect(parser.push(text)).toEqual([]);
    expect(parser.end()).toMatchObject([
      { severity: 'error', tool: 'cargo', code: null, message: 'no matching package named `serde` found', rendered: text },
    ]);
  });

  it('turns a shell "command not found" into an error', () => {
    expect(parse('$ carg check\r\nbash: carg: command not found\r\n')).toEqual([
      {
        severity: 'error',
        tool: 'shell',
        code: null,
        message: 'carg: command not found',
        file: null,
        line: null,
        column: null,
        rendered: 'bash: carg: command not found',
      },
    ]);
  });

  it('takes a denied lint from `-D lint` implied by `-D warnings`', () => {
    const text = [
      'error: length comparison to zero',
      '  --> src/lib.rs:26:64',
      '   = note: `-D clippy::len-zero` implied by `-D warnings`',
      '   = help: to override `-D warnings` add `#[allow(clippy::len_zero)]`',
      '',
      'error: could not compile `photondrift` (lib) due to 1 previous error',
      'warning: build failed, waiting for other jobs to finish...',
      'error: aborting due to 1 previous error',
      '',
    ].join('\n');
    expect(parse(text)).toMatchObject([{ severity: 'error', tool: 'clippy', code: 'clippy::len_zero', line: 26, column: 64 }]);
  });
});

describe('stripAnsi', () => {
  it('removes CSI, OSC (BEL or ST ended) and other escapes', () => {
    expect(stripAnsi('\x1b[1m\x1b[91merror\x1b[0m: x')).toBe('error: x');
    expect(stripAnsi('a\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\b')).toBe('alinkb');
    expect(stripAnsi('\x1b]0;title\x07text\x1b(B\x1b[?25l')).toBe('text');
  });
});
