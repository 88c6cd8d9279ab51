// Naming a diagnostic's lint when its occurrence carries no note of its own.
import { describe, expect, it } from 'vitest';
import { LintsByShape, lintFromLevelNote, lintOfLine, messageShape } from '../../src/core/diagnostics/lintNames';

describe('lint names', () => {
  it('reads the notes, the -D flag and clippy\'s link', () => {
    expect(lintOfLine('  = note: `#[warn(unused_variables)]` (part of `#[warn(unused)]`) on by default')).toBe('unused_variables');
    expect(lintOfLine('  = note: `#[deny(unexpected_cfgs)]` implied by `#[deny(warnings)]`')).toBe('unexpected_cfgs');
    expect(lintOfLine('  = note: `-D clippy::len-zero` implied by `-D warnings`')).toBe('clippy::len_zero');
    expect(lintOfLine('     = note: `--force-warn static-mut-refs` implied by `--force-warn rust-2024-compatibility`')).toBe('static_mut_refs');
    expect(lintOfLine('  = help: for further information visit https://rust-lang.github.io/rust-clippy/rust-1.95.0/index.html#assign_op_pattern')).toBe('clippy::assign_op_pattern');
    expect(lintOfLine('  = help: for further information visit https://rust-lang.github.io/rust-clippy/master/index.html#len_zero')).toBe('clippy::len_zero');
    expect(lintOfLine('  = note: see <https://doc.rust-lang.org/nightly/rustc/check-cfg/cargo-specifics.html> for more information')).toBeNull();
  });

  it('takes the underlined attribute of `the lint level is defined here`, unless it is a group', () => {
    const note = (attribute: string, underline: string): string[] => ['note: the lint level is defined here', ' --> src/lib.rs:1:9', '  |', `1 | ${attribute}`, `  | ${underline}`];
    expect(lintFromLevelNote(note('#![warn(missing_docs)]', '        ^^^^^^^^^^^^'))).toBe('missing_docs');
    expect(lintFromLevelNote(note('#![deny(clippy::unwrap_used)]', '        ^^^^^^^^^^^^^^^^^^^'))).toBe('clippy::unwrap_used');
    expect(lintFromLevelNote(note('#![warn(clippy::pedantic)]', '        ^^^^^^^^^^^^^^^^'))).toBeNull();
    expect(lintFromLevelNote(note('#![cfg_attr(test, deny(warnings))]', '                       ^^^^^^^^'))).toBeNull();
    expect(lintFromLevelNote(['warning: unused variable: `x`'])).toBeNull();
  });

  it('names a later occurrence by an earlier one of the same shape, and a shape two lints share by neither', () => {
    expect(messageShape('unused variable: `x`')).toBe(messageShape('unused variable: `total_len`'));
    expect(messageShape('fields `a` and `b` are never read')).toBe('fields `_` and `_` are never read');
    const lints = new LintsByShape();
    expect(lints.lintOf('unused variable: `y`')).toBeNull();
    lints.learn('unused variable: `x`', 'unused_variables');
    expect(lints.lintOf('unused variable: `y`')).toBe('unused_variables');
    lints.learn('casting `u8` to `u32` may become silently lossy', 'clippy::cast_lossless');
    lints.learn('casting `i8` to `i32` may become silently lossy', 'clippy::another');
    expect(lints.lintOf('casting `u16` to `u32` may become silently lossy')).toBeNull();
  });

  it('names a family member by the lint an earlier one of the family named', () => {
    const lints = new LintsByShape();
    expect(lints.lintOf('unexpected `cfg` condition value: `blah`')).toBeNull();
    lints.learn('unexpected `cfg` condition name: `foo`', 'unexpected_cfgs');
    expect(lints.lintOf('unexpected `cfg` condition value: `blah`')).toBe('unexpected_cfgs');
    lints.learn('function `f` is never used', 'dead_code');
    expect(lints.lintOf('struct `S` is never constructed')).toBe('dead_code');
  });
});
