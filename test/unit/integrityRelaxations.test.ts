// The integrity gate's reading of changed files: every kind of relaxation,
// and the harmless changes it must not call one.
import { describe, expect, it } from 'vitest';
import { attribute } from '../../src/core/metrics/integrity/attribute';
import { relaxations, type ChangedFile } from '../../src/core/metrics/integrity/relaxations';
import { lintAttrs, testFns } from '../../src/core/metrics/integrity/rustSource';
import type { EditRecord } from '../../src/shared/model';
import { createTwoFilesPatch } from 'diff';

const LIB = `pub fn ratio(a: u32, b: u32) -> u32 { a / b }

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratio_divides() {
        assert_eq!(ratio(6, 3), 2);
    }

    #[test]
    #[should_panic]
    fn ratio_by_zero_panics() {
        ratio(1, 0);
    }
}
`;

const rust = (before: string | null, after: string | null, path = 'src/lib.rs'): ChangedFile => ({ path, kind: 'rust', before, after });

describe('reading a Rust source', () => {
  it('finds test fns with their lines, and not the ones in comments or strings', () => {
    const text = `${LIB}// #[test]\n// fn commented() {}\nconst S: &str = "#[test] fn in_string() {}";\n/* #[test]\nfn in_block() {} */\n#[tokio::test]\n#[ignore = "slow"]\nasync fn fetches() {}\n`;
    expect(testFns(text)).toEqual([
      { name: 'ratio_divides', line: 8, ignored: false },
      { name: 'ratio_by_zero_panics', line: 14, ignored: false },
      { name: 'fetches', line: 25, ignored: true },
    ]);
  });

  it('reads lint levels from outer, inner and cfg_attr attributes, not from strings', () => {
    const text = `#![deny(warnings)]\n#[allow(dead_code, clippy::unwrap_used)]\nfn f() {}\n#[cfg_attr(test, allow(unused))]\nconst S: &str = "#[allow(x)]";\n`;
    expect(lintAttrs(text).map((a) => `${a.level}(${a.lint})@${a.line}`)).toEqual([
      'deny(warnings)@1', 'allow(dead_code)@2', 'allow(clippy::unwrap_used)@2', 'allow(unused)@4',
    ]);
  });
});

describe('relaxations', () => {
  it('names a test removed and a test ignored, each at its line', () => {
    const removed = LIB.replace(/ {4}#\[test\]\n {4}#\[should_panic\][^]*?\n {4}\}\n/, '');
    expect(relaxations([rust(LIB, removed)])).toEqual([
      { kind: 'test-removed', file: 'src/lib.rs', line: 14, what: 'test `ratio_by_zero_panics` removed' },
    ]);
    const ignored = LIB.replace('#[test]\n    fn ratio_divides', '#[test]\n    #[ignore]\n    fn ratio_divides');
    expect(relaxations([rust(LIB, ignored)])).toEqual([
      { kind: 'ignore-added', file: 'src/lib.rs', line: 9, what: '`#[ignore]` on test `ratio_divides`' },
    ]);
  });

  it('reads a test whose #[test] was commented out, or whose file was deleted, as removed', () => {
    const commented = LIB.replace('#[test]\n    fn ratio_divides', '// #[test]\n    fn ratio_divides');
    expect(relaxations([rust(LIB, commented)]).map((f) => f.what)).toEqual(['test `ratio_divides` removed']);
    expect(relaxations([rust(LIB, null)]).map((f) => f.what)).toEqual(['test `ratio_divides` removed', 'test `ratio_by_zero_panics` removed']);
  });

  it('takes a test moved to another file, an #[ignore] taken off and a new ignored test as harmless; a rename as a removal', () => {
    const test = '#[test]\nfn ratio_divides() {}\n';
    const moved = [rust(`${test}fn keep() {}\n`, 'fn keep() {}\n'), rust(null, test, 'tests/ratio.rs')];
    expect(relaxations(moved)).toEqual([]);
    expect(relaxations([rust('#[test]\n#[ignore]\nfn slow() {}\n', '#[test]\nfn slow() {}\n')])).toEqual([]);
    expect(relaxations([rust(test, `${test}#[test]\n#[ignore]\nfn new_slow() {}\n`)])).toEqual([]);
    // Nothing tells a rename from a deleted test and a new one: named, for a reviewer to confirm.
    expect(relaxations([rust(test, '#[test]\nfn divides_ratio() {}\n')]).map((f) => f.kind)).toEqual(['test-removed']);
  });

  it('names an allow added and a lint level lowered in attributes, not one made stricter or moved', () => {
    const before = '#![warn(missing_docs)]\n#![deny(warnings)]\npub fn f() {}\n';
    const after = '#![warn(missing_docs)]\n#![warn(warnings)]\n#[allow(dead_code)]\npub fn f() {}\n';
    expect(relaxations([rust(before, after)])).toEqual([
      { kind: 'lint-lowered', file: 'src/lib.rs', line: 2, what: '`#[deny(warnings)]` → `#[warn(warnings)]`' },
      { kind: 'allow-added', file: 'src/lib.rs', line: 3, what: '`#[allow(dead_code)]`' },
    ]);
    expect(relaxations([rust(before, '#![deny(missing_docs)]\n\npub fn f() {}\n#![deny(warnings)]\n')])).toEqual([]);
  });

  it("names Cargo.toml lints lowered, removed, allowed, and a member that stopped inheriting the workspace's", () => {
    const before = '[package]\nname = "x"\n\n[lints.clippy]\nunwrap_used = "deny"\npedantic = { level = "warn", priority = -1 }\n\n[lints.rust]\nunsafe_code = "forbid"\n';
    const after = '[package]\nname = "x"\n\n[lints.clippy]\nunwrap_used = "warn"\n\n[lints.rust]\nunsafe_code = "forbid"\ndead_code = "allow"\n';
    const manifest = (b: string, a: string): ChangedFile => ({ path: 'Cargo.toml', kind: 'manifest', before: b, after: a });
    expect(relaxations([manifest(before, after)])).toEqual([
      { kind: 'lint-lowered', file: 'Cargo.toml', line: 5, what: '`lints.clippy.unwrap_used`: deny → warn' },
      { kind: 'lint-lowered', file: 'Cargo.toml', line: 6, what: '`lints.clippy.pedantic = "warn"` removed' },
      { kind: 'allow-added', file: 'Cargo.toml', line: 9, what: '`lints.rust.dead_code = "allow"`' },
    ]);
    expect(relaxations([manifest('[lints]\nworkspace = true\n', '')]).map((f) => f.kind)).toEqual(['lint-lowered']);
    expect(relaxations([manifest(before, before.replace('"warn"', '"deny"'))])).toEqual([]);
  });

  it('names -D warnings dropped from a CI file, not one kept on another line or commented out before', () => {
    const ci = (before: string, after: string): ChangedFile => ({ path: '.github/workflows/ci.yml', kind: 'ci', before, after });
    const before = 'jobs:\n  lint:\n    steps:\n      - run: cargo clippy -- -D warnings\n      - run: RUSTFLAGS=-Dwarnings cargo build\n';
    expect(relaxations([ci(before, before.replace(' -- -D warnings', ''))])).toEqual([
      { kind: 'deny-warnings-dropped', file: '.github/workflows/ci.yml', line: 4, what: '`-D warnings` dropped (was: `- run: cargo clippy -- -D warnings`)' },
    ]);
    expect(relaxations([ci(before, `${before.replace('RUSTFLAGS=-Dwarnings ', '')}      - run: cargo build --config 'build.rustflags=["--deny", "warnings"]'\n`)])).toHaveLength(1);
    expect(relaxations([ci(before, before.replace('cargo clippy -- -D warnings', 'cargo clippy --all-targets -- --deny warnings'))])).toEqual([]);
  });
});

describe('attribution', () => {
  const edit = (stepId: string, file: string, before: string, after: string): EditRecord => ({
    id: 1, sessionId: 1, stepId, file, diff: createTwoFilesPatch(`a/${file}`, `b/${file}`, before, after), appliedAt: '2026-01-01T00:00:00.000Z',
  });

  it('names the step whose edit made the change, else says it was made outside the steps', () => {
    const ignored = LIB.replace('#[test]\n    fn ratio_divides', '#[test]\n    #[ignore]\n    fn ratio_divides');
    const found = relaxations([rust(LIB, ignored)]);
    const title = (id: string): string => `Title of ${id}`;
    expect(attribute(found, [edit('quiet-tests', 'src/lib.rs', LIB, ignored)], title)).toEqual([
      expect.objectContaining({ kind: 'ignore-added', stepId: 'quiet-tests', stepTitle: 'Title of quiet-tests' }),
    ]);
    // An edit to the same file that did something else is not the one.
    const other = edit('docs', 'src/lib.rs', LIB, `//! Docs\n${LIB}`);
    expect(attribute(found, [other], title)).toEqual([expect.objectContaining({ stepId: null, stepTitle: null })]);
  });
});
