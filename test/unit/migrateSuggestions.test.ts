// The pure parts of `stepwise migrate`: fixes applied by byte range as
// rustfix does (overlaps kept first, reported), a fix's lines before and
// after, suggestions read from real cargo JSON (spin 0.9.5 on Rust 1.85),
// and the edition steps and manifest edits.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applySuggestions, hunkText } from '../../src/core/migrate/applySuggestions';
import { editionSteps, manifestEdition, withEdition } from '../../src/core/migrate/editions';
import { MigrateError } from '../../src/core/migrate/migrateError';
import { readSuggestions, type Suggestion } from '../../src/core/migrate/suggestions';

const fix = (lint: string, byteStart: number, byteEnd: number, text: string, line = 1): Suggestion => ({
  lint,
  file: 'src/lib.rs',
  line,
  message: lint,
  replacements: [{ byteStart, byteEnd, text }],
});

describe('applySuggestions', () => {
  it('replaces byte ranges, not UTF-16 indexes: text after a multi-byte character lands where rustc meant', () => {
    const text = 'fn é() { x ... y }';
    const at = Buffer.from(text).indexOf('...');
    const out = applySuggestions(text, 'src/lib.rs', [fix('ellipsis_inclusive_range_patterns', at, at + 3, '..=')]);
    expect(out.text).toBe('fn é() { x ..= y }');
    expect(out.overlaps).toEqual([]);
  });

  it('keeps the first of two overlapping fixes and reports the other with the one it collides with', () => {
    const first = fix('a', 0, 5, 'AAAAA');
    const second = fix('b', 3, 8, 'BB');
    const third = fix('c', 8, 9, 'C');
    const out = applySuggestions('0123456789', 'src/lib.rs', [first, second, third]);
    expect(out.text).toBe('AAAAA567C9');
    expect(out.applied).toEqual([first, third]);
    expect(out.overlaps).toEqual([{ suggestion: second, kept: first }]);
  });

  it('applies insertions at the edges of a replaced range, and refuses two insertions at one place', () => {
    const out = applySuggestions('abc', 'src/lib.rs', [fix('x', 1, 2, 'B'), fix('y', 1, 1, '<'), fix('z', 2, 2, '>'), fix('w', 1, 1, '!')]);
    expect(out.text).toBe('a<B>c');
    expect(out.overlaps.map((o) => o.suggestion.lint)).toEqual(['w']);
  });

  it('says which fix and file when a range lies outside the file', () => {
    expect(() => applySuggestions('abc', 'src/lib.rs', [fix('absolute_paths_not_starting_with_crate', 2, 9, 'x', 4)])).toThrow(
      /src\/lib\.rs:4: absolute_paths_not_starting_with_crate's fix replaces bytes 2\.\.9, outside the file's 3/,
    );
  });
});

describe('hunkText', () => {
  it('shows the whole lines a fix touches, at its line number, including the first line of the file', () => {
    const text = 'use a;\nfn f() {\n    g()\n}\n';
    const body = text.indexOf('{');
    const end = text.lastIndexOf('}') + 1;
    const wrap: Suggestion = { lint: 'unsafe_op_in_unsafe_fn', file: 'src/lib.rs', line: 2, message: '', replacements: [{ byteStart: body, byteEnd: body + 1, text: '{ unsafe {' }, { byteStart: end - 1, byteEnd: end, text: '}}' }] };
    expect(hunkText(text, wrap)).toEqual({ file: 'src/lib.rs', line: 2, before: 'fn f() {\n    g()\n}', after: 'fn f() { unsafe {\n    g()\n}}' });
    expect(hunkText(text, fix('absolute_paths_not_starting_with_crate', 4, 5, 'crate::a'))).toMatchObject({ line: 1, before: 'use a;', after: 'use crate::a;' });
  });
});

describe('readSuggestions on real cargo JSON (spin 0.9.5, --force-warn rust-2024-compatibility, Rust 1.85)', () => {
  const jsonl = readFileSync(join(__dirname, '..', 'fixtures', 'migrate', 'spin-0.9.5-debian-1.85-force-warn-2024.jsonl'), 'utf8');
  const members = new Set(['unsafe_op_in_unsafe_fn', 'static_mut_refs', 'edition_2024_expr_fragment_specifier']);
  const read = readSuggestions(jsonl, '/project', members);

  it('names the lint of E0133 diagnostics from the first one\'s `--force-warn` note, leaves out lints not in the group, and counts operations inside a suggested wrap as fixed', () => {
    const lints = new Set([...read.suggestions, ...read.unfixable].map((s) => s.lint));
    expect(lints).toEqual(new Set(['unsafe_op_in_unsafe_fn']));
    // 22 E0133 diagnostics (11 per target with --all-targets) in 8 functions: one fix per function.
    expect(read.suggestions).toHaveLength(8);
    expect(read.unfixable).toEqual([]);
    expect(read.errors).toEqual([]);
  });

  it('keeps each fix\'s byte ranges and files relative to the project', () => {
    const once = read.suggestions.filter((s) => s.file === 'src/once.rs');
    expect(once.length).toBeGreaterThan(0);
    for (const s of read.suggestions) {
      expect(s.replacements.map((r) => r.text)).toEqual(['{ unsafe ', '}']);
      expect(s.replacements[0]!.byteStart).toBeLessThan(s.replacements[1]!.byteStart);
    }
  });

  it('without the lints as members, finds no suggestion at all (they come from the group, not from every warning)', () => {
    expect(readSuggestions(jsonl, '/project', new Set(['static_mut_refs'])).suggestions).toEqual([]);
  });

  it('leaves out a dependency\'s file (an absolute path outside the project)', () => {
    const line = jsonl.split('\n').find((l) => l.includes('"suggested_replacement":"{ unsafe "'))!;
    expect(readSuggestions(line, '/project', members).suggestions).toHaveLength(1);
    const dependency = line.replaceAll('"file_name":"src/', '"file_name":"/usr/share/cargo/registry/spin-0.9.5/src/');
    expect(readSuggestions(dependency, '/project', members).suggestions).toEqual([]);
  });
});

describe('edition steps and Cargo.toml', () => {
  it('goes one edition at a time and refuses to go back', () => {
    expect(editionSteps('2018', '2024').map((s) => `${s.from}>${s.to} ${s.group}`)).toEqual(['2018>2021 rust-2021-compatibility', '2021>2024 rust-2024-compatibility']);
    expect(editionSteps('2021', '2021')).toEqual([]);
    expect(() => editionSteps('2021', '2018')).toThrow(MigrateError);
  });

  it('adds an edition to a 2015 manifest under [package] and raises a rust-version the edition refuses', () => {
    const text = '[package]\nname = "spin"\nrust-version = "1.38"\n\n[dependencies]\nedition = "not this one"\n';
    expect(manifestEdition(text, 'Cargo.toml').edition).toBe('2015');
    const edited = withEdition(text, 'Cargo.toml', '2021');
    expect(edited.text).toBe('[package]\nedition = "2021"\nname = "spin"\nrust-version = "1.56"\n\n[dependencies]\nedition = "not this one"\n');
    expect(edited.notes).toEqual(['Cargo.toml: rust-version 1.38 raised to 1.56, the first release that reads edition 2021']);
    expect(withEdition(edited.text, 'Cargo.toml', '2024').text).toContain('edition = "2024"\nname = "spin"\nrust-version = "1.85"');
  });

  it('says where a manifest cannot be migrated', () => {
    expect(() => manifestEdition('[workspace]\nmembers = ["a"]\n', '/p/Cargo.toml')).toThrow('/p/Cargo.toml is a virtual workspace manifest');
    expect(() => manifestEdition('[package]\nedition.workspace = true\n', 'Cargo.toml')).toThrow(/inherits its edition from the workspace/);
    expect(() => manifestEdition('[package]\nedition = "2019"\n', 'Cargo.toml')).toThrow('Cargo.toml: unknown edition "2019"');
  });
});
