// `stepwise migrate` on real crates from Debian's packages (written by their
// authors, not here), the built CLI, real cargo on the toolchain ladder and a
// real git repository: spin 0.9.5 (edition 2015) taken to 2024 in three
// steps with one lint rejected, whose fixes are absent from the result while
// the others are there and the result builds on Rust 1.85; matches 0.1.8,
// whose review lint is held back unless named in --accept; owning_ref 0.4.1,
// whose static_mut_refs cargo cannot fix and 2024 denies (not applied); bad input.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MigrationResult } from '../../src/core/migrate/migrate';
import type { BuiltCli } from '../helpers/builtCli';
import { makeCliWorkspace, removeCliWorkspace } from '../helpers/cliWorkspace';
import { gitOut, userGitState } from '../helpers/gitRepo';
import { committedRegistryCrate, type LadderCrate, ladderSkipReason } from '../helpers/ladder';
import { listing } from '../helpers/treeListing';

const reason = ladderSkipReason();
type Report = MigrationResult & { applied: boolean; snapshotId: number | null; runId: number | null };

/** Every Rust file of the project (target/ and .git aside), joined: what the fixes may or may not have written. */
function rustSources(root: string, rel = ''): string {
  return readdirSync(join(root, rel), { withFileTypes: true })
    .filter((entry) => !(rel === '' && (entry.name === 'target' || entry.name === '.git')))
    .map((entry) => {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      return entry.isDirectory() ? rustSources(root, path) : entry.name.endsWith('.rs') ? readFileSync(join(root, path), 'utf8') : '';
    })
    .join('\n');
}

describe.skipIf(reason !== null)(`stepwise migrate on real crates${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let work: string;
  let scratchTmp: string;
  let cli: BuiltCli;

  beforeAll(() => ({ work, scratchTmp, cli } = makeCliWorkspace('stepwise-migrate-test-')), 120_000);
  afterAll(() => removeCliWorkspace({ work, cli }));

  /** A registry crate as a committed git project pinned to debian-1.63 (older than any edition step here needs). */
  const project = (crate: LadderCrate, folder: string = crate): string => {
    return committedRegistryCrate(crate, join(work, folder), 'debian-1.63');
  };

  it('takes spin from 2015 to 2024 in three steps, leaves out the rejected lint\'s fixes, applies the rest after a snapshot, and builds', async () => {
    const dir = project('spin');
    const git = userGitState(dir);
    const run = await cli.run(['migrate', '--project', dir, '--edition', '2024', '--reject', 'unsafe-op-in-unsafe-fn', '--skip', 'src/lib.rs:97', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.edition).toEqual({ from: '2015', to: '2024' });
    // The project's debian-1.63 cannot read 2024: the oldest installed release that can.
    expect(report.toolchain).toMatchObject({ name: 'debian-1.85', version: '1.85.0' });
    expect(report.cargo.map((c) => c.step)).toEqual(['2015→2018', '2018→2021', '2021→2024']);
    // Applying every fix ourselves gives what `cargo fix --edition` gives, step by step.
    expect(report.cargo.every((c) => c.agrees), JSON.stringify(report.cargo)).toBe(true);

    const groups = Object.fromEntries(report.groups.map((g) => [g.lint, g]));
    const paths = groups.absolute_paths_not_starting_with_crate!;
    expect(paths).toMatchObject({ accepted: true, reviewRequired: false });
    expect(paths.hunks.map((h) => `${h.file}:${h.line} ${h.after}`)).toContain('src/lib.rs:93 pub use crate::mutex::MutexGuard;');
    // One of its fixes left out by --skip: the others applied.
    expect(paths.hunks.map((h) => `${h.line} ${h.applied} ${h.skipped}`)).toEqual(['93 true false', '97 false true', '100 true false']);
    expect(paths.hunks.every((h) => h.step === '2015→2018')).toBe(true);
    const unsafeOps = groups.unsafe_op_in_unsafe_fn!;
    expect(unsafeOps.accepted).toBe(false);
    expect(unsafeOps.hunks.length).toBeGreaterThanOrEqual(5);
    expect(unsafeOps.hunks.every((h) => h.step === '2021→2024' && !h.applied && h.after.includes('unsafe {'))).toBe(true);

    // The project itself: the accepted fixes present, the rejected ones absent, the editions bumped.
    const sources = rustSources(dir);
    for (const hunk of paths.hunks) expect(sources).toContain(hunk.applied ? hunk.after : hunk.before);
    expect(sources).not.toContain('crate::relax');
    for (const hunk of unsafeOps.hunks) expect(sources).not.toContain(hunk.after);
    expect(sources).not.toContain('{ unsafe {');
    const manifest = readFileSync(join(dir, 'Cargo.toml'), 'utf8');
    expect(manifest).toMatch(/^edition = "2024"$/m);
    expect(manifest).toMatch(/^rust-version = "1\.85"$/m);
    expect(report.applied).toBe(true);
    expect(report.changes.map((c) => c.file).sort()).toEqual(['Cargo.toml', 'src/lib.rs']);
    // Only the work tree changed: the index, HEAD and branches are the user's.
    expect(userGitState(dir)).toEqual(git);
    expect(gitOut(dir, 'status', '--porcelain').split('\n').filter(Boolean).sort()).toEqual([' M Cargo.toml', ' M src/lib.rs']);

    // The snapshot taken before applying holds the project as it was.
    const snapshots = await cli.run(['snapshots', 'list', '--project', dir, '--json']);
    expect(snapshots.code, snapshots.stderr).toBe(0);
    const listed = JSON.parse(snapshots.stdout) as { snapshots: { id: number; label: string }[] };
    expect(listed.snapshots.find((s) => s.id === report.snapshotId)?.label).toBe('Before the migration: Edition 2015 → 2024');

    // The guide records it: a run of the project's session, the command as it would be typed in the project folder.
    const guide = await cli.run(['export', '--project', dir]);
    expect(guide.code, guide.stderr).toBe(0);
    expect(guide.stdout).toContain('Edition migration (stepwise migrate)');
    expect(guide.stdout).toContain('stepwise migrate --project . --edition 2024 --reject unsafe-op-in-unsafe-fn --skip src/lib.rs:97');
    expect(report.runId).toEqual(expect.any(Number));

    // The result builds on the toolchain, tests included (the rejected lint leaves warnings, not errors).
    execFileSync('cargo', ['+debian-1.85', 'build', '--all-targets', '--offline'], { cwd: dir, stdio: 'pipe', env: { ...process.env, RUSTUP_AUTO_INSTALL: '0' } });
    expect(readdirSync(scratchTmp)).toEqual([]);
  }, 600_000);

  it('holds back a lint that can change meaning unless --accept names it; --dry-run leaves the project alone', async () => {
    const dir = project('matches');
    const before = listing(dir, []);
    const dry = await cli.run(['migrate', '--project', dir, '--edition', '2024', '--dry-run', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    const held = JSON.parse(dry.stdout) as Report;
    const heldGroups = Object.fromEntries(held.groups.map((g) => [g.lint, g]));
    expect(heldGroups.ellipsis_inclusive_range_patterns).toMatchObject({ accepted: true, reviewRequired: false });
    expect(heldGroups.edition_2024_expr_fragment_specifier).toMatchObject({ accepted: false, reviewRequired: true });
    expect(heldGroups.edition_2024_expr_fragment_specifier!.hunks.every((h) => h.after.includes('expr_2021') && !h.applied)).toBe(true);
    expect(held.applied).toBe(false);
    expect(held.cargo.map((c) => `${c.step} ${c.agrees}`)).toEqual(['2015→2018 true', '2018→2021 true', '2021→2024 true']);
    expect(listing(dir, [])).toEqual(before);

    const accepted = await cli.run(['migrate', '--project', dir, '--edition', '2024', '--accept', 'edition_2024_expr_fragment_specifier']);
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(accepted.stdout).toMatch(/^edition_2024_expr_fragment_specifier +\d+ +2021→2024 +accepted +review: /m);
    expect(accepted.stdout).toMatch(/Applied to \d+ file\(s\) after snapshot #\d+/);
    const sources = rustSources(dir);
    expect(sources).toContain('expr_2021');
    expect(sources).toContain('..=');
    expect(sources).not.toMatch(/\d \.\.\. \d|'\.\.\.'/);
    execFileSync('cargo', ['+debian-1.85', 'build', '--all-targets', '--offline'], { cwd: dir, stdio: 'pipe', env: { ...process.env, RUSTUP_AUTO_INSTALL: '0' } });
  }, 600_000);

  it('lists what cargo could not fix with its reason, and does not apply a result that does not build (owning_ref: static_mut_refs is an error in 2024)', async () => {
    const dir = project('owning_ref');
    const run = await cli.run(['migrate', '--project', dir, '--edition', '2024', '--json']);
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.notApplied).toContainEqual({
      lint: 'static_mut_refs',
      file: 'src/lib.rs',
      line: 1737,
      step: '2021→2024',
      reason: expect.stringMatching(/^cargo fix --edition left it: creating a mutable reference to mutable static/),
    });
    expect(report.check).toEqual({ passed: false, error: expect.stringMatching(/^src\/lib\.rs:1737: creating a mutable reference to mutable static/) });
    expect(report.applied).toBe(false);
    expect(report.cargo.every((c) => c.agrees), JSON.stringify(report.cargo)).toBe(true);
    expect(gitOut(dir, 'status', '--porcelain')).toBe('');
    expect(readdirSync(scratchTmp)).toEqual([]);
  }, 600_000);

  it('stops at the step the rejected lint breaks (2021 refuses `...` patterns), naming it, and applies nothing', async () => {
    const dir = project('matches', 'matches-rejected');
    const run = await cli.run(['migrate', '--project', dir, '--edition', '2024', '--reject', 'ellipsis_inclusive_range_patterns', '--json']);
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.check?.passed).toBe(false);
    expect(report.check?.error).toMatch(/^before the 2021→2024 step, `cargo \+debian-1\.85 check --all-targets` fails in the migrated copy: .*\(rejected so far: ellipsis_inclusive_range_patterns; the new edition may need their fixes\)$/);
    expect(report.groups.map((g) => `${g.lint} ${g.accepted}`)).toEqual(['ellipsis_inclusive_range_patterns false']);
    expect(report.applied).toBe(false);
    expect(gitOut(dir, 'status', '--porcelain')).toBe('');
    expect(readdirSync(scratchTmp)).toEqual([]);
  }, 600_000);

  it('says what is wrong with bad input, before touching anything', async () => {
    const dir = project('memoffset');
    const cases: [string[], RegExp][] = [
      [['--edition', '2024', '--accept', 'no_such_lint'], /--accept: "no_such_lint" is not a lint of the migration \(edition 2015→2024\); its lints are .*keyword_idents_2018/],
      [['--edition', '2019'], /--edition "2019" is not a Rust edition \(2015, 2018, 2021, 2024\)/],
      [['--edition', '2024', '--toolchain', 'debian-1.63'], /--toolchain debian-1\.63 is rustc 1\.63\.0; edition 2024 needs rustc 1\.85\.0 or newer/],
      [['--edition', '2021', '--accept', 'bare_trait_objects', '--reject', 'bare-trait-objects'], /bare_trait_objects is in both --accept and --reject/],
      [['--edition', '2021', '--skip', 'src/lib.rs'], /--skip takes FILE:LINE \(a fix's place in the report, e\.g\. src\/lib\.rs:93\), not "src\/lib\.rs"/],
    ];
    for (const [args, message] of cases) {
      const run = await cli.run(['migrate', '--project', dir, ...args]);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(message);
    }
    const notCargo = await cli.run(['migrate', '--project', join(dir, 'src'), '--edition', '2021']);
    expect(notCargo.code).toBe(2);
    expect(notCargo.stderr).toContain(`${join(dir, 'src')} has no Cargo.toml: not a cargo project`);
    expect(gitOut(dir, 'status', '--porcelain')).toBe('');
    expect(readdirSync(scratchTmp)).toEqual([]);
  }, 120_000);
});
