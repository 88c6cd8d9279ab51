// Clippy's `-W help` listing read into lints and groups, and lint names as
// users write them, on a slice of clippy 0.1.95's real listing.
import { describe, expect, it } from 'vitest';
import { clippyLintName, readClippyHelp } from '../../src/core/migrate/clippyLints';
import { migrationSnapshotLabel, migrationTitle } from '../../src/shared/migrate/migration';

const HELP = `
Lint checks provided by plugins loaded by this crate:

    name                                       default  meaning
    ----                                       -------  -------
                                     clippy::absolute-paths  allow    checks for usage of an item without a \`use\` statement
                                           clippy::len-zero  warn     checking \`.len() == 0\` or \`.len() > 0\` (or similar) when \`.is_empty()\` could be used instead
                                    clippy::needless-borrow  warn     taking a reference that is going to be automatically dereferenced

Lint groups provided by plugins loaded by this crate:

    name  sub-lints
    ----  ---------
                                 clippy::style  clippy::len-zero, clippy::needless-borrow
`;

describe('clippy lints', () => {
  it('reads lints and groups, underscored', () => {
    const { lints, groups } = readClippyHelp(HELP);
    expect([...lints].sort()).toEqual(['clippy::absolute_paths', 'clippy::len_zero', 'clippy::needless_borrow']);
    expect([...groups.keys()]).toEqual(['clippy::style']);
    expect([...groups.get('clippy::style')!]).toEqual(['clippy::len_zero', 'clippy::needless_borrow']);
  });

  it('names a lint however it is written', () => {
    for (const text of ['len_zero', 'len-zero', 'clippy::len-zero', ' clippy::len_zero ']) expect(clippyLintName(text)).toBe('clippy::len_zero');
  });

  it('titles a migration by what it does', () => {
    expect(migrationTitle({ from: '2021', to: '2024' }, [])).toBe('Edition 2021 → 2024');
    expect(migrationTitle({ from: '2021', to: '2021' }, ['clippy::len_zero'])).toBe('Clippy fixes for clippy::len_zero');
    expect(migrationTitle({ from: '2018', to: '2021' }, ['clippy::style'])).toBe('Edition 2018 → 2021, then clippy fixes for clippy::style');
    expect(migrationSnapshotLabel({ edition: { from: '2021', to: '2024' }, clippy: [] })).toBe('Before the migration: Edition 2021 → 2024');
  });
});
