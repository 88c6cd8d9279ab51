// The review queue's choices turned into migrate.apply's request: review lints
// are accepted only when ticked, mechanical ones rejected only when unticked,
// an unticked fix of an accepted lint is skipped by its place, and the count
// the action bar names is what will be written.
import { describe, expect, it } from 'vitest';
import { chosenMigration, defaultChoices, hunkDiff, migrationLintName, presetChoices, type MigrationGroup, type MigrationPlan } from '../../src/shared/migrate/migration';

const hunk = (file: string, line: number, before = 'a', after = 'b') => ({ file, line, before, after, message: 'm', step: '2021→2024', applied: true, skipped: false });
const group = (lint: string, reviewRequired: boolean, hunks: MigrationGroup['hunks']): MigrationGroup => ({ lint, hunks, accepted: !reviewRequired, reviewRequired });
const plan: MigrationPlan = {
  sessionId: 1,
  edition: { from: '2021', to: '2024' },
  clippy: [],
  toolchain: null,
  groups: [
    group('paths', false, [hunk('src/lib.rs', 3), hunk('src/lib.rs', 9)]),
    group('unsafe_ops', false, [hunk('src/a.rs', 1)]),
    group('if_let_rescope', true, [hunk('src/b.rs', 5)]),
  ],
  notApplied: [],
  cargo: [],
  check: null,
  notes: [],
  files: [],
};

describe('chosenMigration', () => {
  it('by default takes the mechanical lints and leaves the review lint out', () => {
    expect(chosenMigration(plan, defaultChoices(plan))).toEqual({ accept: [], reject: [], skip: [], fixes: 3, files: ['src/a.rs', 'src/lib.rs'] });
  });

  it('accepts a ticked review lint, rejects an unticked one, skips an unticked fix', () => {
    const choices = { accepted: { paths: true, unsafe_ops: false, if_let_rescope: true }, excluded: ['src/lib.rs:9'] };
    expect(chosenMigration(plan, choices)).toEqual({ accept: ['if_let_rescope'], reject: ['unsafe_ops'], skip: ['src/lib.rs:9'], fixes: 2, files: ['src/b.rs', 'src/lib.rs'] });
  });

  it('does not send a skip for a fix of a rejected lint: the lint is left out whole', () => {
    const choices = { accepted: { paths: true, unsafe_ops: false, if_let_rescope: false }, excluded: ['src/a.rs:1'] };
    expect(chosenMigration(plan, choices)).toMatchObject({ reject: ['unsafe_ops'], skip: [], fixes: 2, files: ['src/lib.rs'] });
  });
});

describe('hunkDiff', () => {
  it('numbers the hunk from its line, every line of before removed and of after added', () => {
    expect(hunkDiff(hunk('src/lib.rs', 93, 'pub use mutex::G;', 'pub use crate::mutex::G;'))).toEqual({
      file: 'src/lib.rs:93',
      diff: '@@ -93,1 +93,1 @@\n-pub use mutex::G;\n+pub use crate::mutex::G;\n',
      additions: 1,
      deletions: 1,
    });
  });
});

describe("a migrate step's accept and reject, as a plan may write them", () => {
  const clippyPlan: MigrationPlan = { ...plan, groups: [group('clippy::redundant_slicing', false, [hunk('src/lib.rs', 4)]), group('if_let_rescope', true, [hunk('src/b.rs', 5)])] };
  const known = (lint: string): boolean => clippyPlan.groups.some((g) => g.lint === lint);

  it('names a lint as the migration does: underscored, with clippy:: where only that is known', () => {
    expect(migrationLintName('redundant-slicing', known)).toBe('clippy::redundant_slicing');
    expect(migrationLintName('clippy::redundant-slicing', known)).toBe('clippy::redundant_slicing');
    expect(migrationLintName(' if-let-rescope ', known)).toBe('if_let_rescope');
    expect(migrationLintName('len-zero', known)).toBe('len_zero'); // unknown: left for the caller to refuse
  });

  it('unticks `reject: [redundant-slicing]` and ticks `accept: [if-let-rescope]` in the review queue', () => {
    const choices = presetChoices(clippyPlan, { accept: ['if-let-rescope'], reject: ['redundant-slicing', 'not_a_lint'] });
    expect(choices.accepted).toEqual({ 'clippy::redundant_slicing': false, if_let_rescope: true });
  });
});
