// `stepwise migrate --clippy` on real crates from Debian's packages (their
// authors' code, not written here), the built CLI and real cargo and clippy:
// owning_ref 0.4.1 given clippy's fixes for two lints with one rejected, whose
// fixes stay out while the other's are in and the result builds; spin 0.9.5
// taken to edition 2021 and then through clippy's fixes for a lint and a
// group, on the oldest toolchain that has clippy; bad input.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MigrationResult } from '../../src/core/migrate/migrate';
import type { BuiltCli } from '../helpers/builtCli';
import { makeCliWorkspace, removeCliWorkspace } from '../helpers/cliWorkspace';
import { gitOut, userGitState } from '../helpers/gitRepo';
import { committedRegistryCrate, type LadderCrate, ladderSkipReason } from '../helpers/ladder';

const reason = ladderSkipReason();
type Report = MigrationResult & { applied: boolean; snapshotId: number | null; runId: number | null };

describe.skipIf(reason !== null)(`stepwise migrate --clippy on real crates${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let work: string;
  let scratchTmp: string;
  let cli: BuiltCli;

  beforeAll(() => ({ work, scratchTmp, cli } = makeCliWorkspace('stepwise-migrate-clippy-test-')), 120_000);
  afterAll(() => removeCliWorkspace({ work, cli }));

  /** A registry crate as a committed git project pinned to debian-1.63, which has no clippy. */
  const project = (crate: LadderCrate, folder: string = crate): string => {
    return committedRegistryCrate(crate, join(work, folder), 'debian-1.63');
  };

  it("applies clippy's fixes for the accepted lint only, after a snapshot, and journals the command", async () => {
    const dir = project('owning_ref');
    const git = userGitState(dir);
    const before = readFileSync(join(dir, 'src/lib.rs'), 'utf8');
    const run = await cli.run(['migrate', '--project', dir, '--clippy', 'borrow_deref_ref,clippy::redundant-slicing', '--reject', 'redundant_slicing', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    // No edition asked for: the project keeps 2015, and only clippy's pass runs.
    expect(report.edition).toEqual({ from: '2015', to: '2015' });
    expect(report.clippy).toEqual(['clippy::borrow_deref_ref', 'clippy::redundant_slicing']);
    // The project's debian-1.63 has no clippy: the oldest installed release that has.
    expect(report.toolchain?.why).toContain('has no clippy');
    expect(report.cargo).toEqual([expect.objectContaining({ step: 'clippy', command: 'cargo clippy --fix' })]);

    const groups = Object.fromEntries(report.groups.map((g) => [g.lint, g]));
    expect(Object.keys(groups).sort()).toEqual(['clippy::borrow_deref_ref', 'clippy::redundant_slicing']);
    const derefs = groups['clippy::borrow_deref_ref']!;
    const slicing = groups['clippy::redundant_slicing']!;
    expect(derefs.accepted).toBe(true);
    expect(derefs.hunks.length).toBeGreaterThan(5);
    expect(derefs.hunks.every((h) => h.applied && h.step === 'clippy' && h.before.includes('&*'))).toBe(true);
    expect(slicing.accepted).toBe(false);
    expect(slicing.hunks.length).toBeGreaterThan(0);
    expect(slicing.hunks.every((h) => !h.applied)).toBe(true);

    // The project: the accepted lint's fixes in, the rejected lint's lines as they were, no other lint's fix.
    const after = readFileSync(join(dir, 'src/lib.rs'), 'utf8');
    // (A line with two fixes shows each alone in its hunk: the file has both.)
    const alone = derefs.hunks.filter((h) => derefs.hunks.filter((other) => other.line === h.line).length === 1);
    expect(alone.length).toBeGreaterThan(2);
    for (const hunk of alone) expect(after).toContain(hunk.after);
    for (const hunk of slicing.hunks) {
      expect(after).toContain(hunk.before);
      expect(before).toContain(hunk.before);
    }
    // unused_parens has fixes in this crate too (what `cargo clippy --fix` would also apply): not asked for, not applied.
    expect(before).toContain("for<'a> (&'a T): Send");
    expect(after).toContain("for<'a> (&'a T): Send");
    expect(readFileSync(join(dir, 'Cargo.toml'), 'utf8')).not.toMatch(/^edition/m);
    expect(report.check?.passed).toBe(true);
    expect(report.applied).toBe(true);
    expect(userGitState(dir)).toEqual(git);
    expect(gitOut(dir, 'status', '--porcelain').trim()).toBe('M src/lib.rs');

    const snapshots = await cli.run(['snapshots', 'list', '--project', dir, '--json']);
    const listed = JSON.parse(snapshots.stdout) as { snapshots: { id: number; label: string }[] };
    expect(listed.snapshots.find((s) => s.id === report.snapshotId)?.label).toBe('Before the migration: Clippy fixes for clippy::borrow_deref_ref, clippy::redundant_slicing');
    const guide = await cli.run(['export', '--project', dir]);
    expect(guide.stdout).toContain('stepwise migrate --project . --clippy borrow_deref_ref,clippy::redundant-slicing --reject redundant_slicing');
    expect(readdirSync(scratchTmp)).toEqual([]);

    // The session as a replay plan: the migration is a migrate step with its lints; replayed on a second copy, it gives the same file.
    const planPath = join(work, 'owning_ref-replay.yaml');
    const made = await cli.run(['plan', 'from-session', '--project', dir, '--out', planPath]);
    expect(made.code, made.stderr).toBe(0);
    const yaml = readFileSync(planPath, 'utf8');
    expect(yaml).toContain('kind: migrate');
    expect(yaml).toMatch(/clippy:\s*\n\s*- borrow_deref_ref\s*\n\s*- clippy::redundant-slicing/);
    expect(yaml).toMatch(/reject:\s*\n\s*- redundant_slicing/);
    const second = project('owning_ref', 'owning_ref-second');
    const replayed = await cli.run(['run', planPath, '--project', second, '--yes']);
    expect(replayed.code, `${replayed.stdout}\n${replayed.stderr}`).toBe(0);
    expect(readFileSync(join(second, 'src/lib.rs'), 'utf8')).toBe(after);
  }, 600_000);

  it('moves the edition first, then applies the clippy pass, in one report', async () => {
    const dir = project('spin');
    const run = await cli.run(['migrate', '--project', dir, '--edition', '2021', '--clippy', 'map_clone,clippy::style', '--dry-run']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Edition 2015 → 2021, then clippy fixes for clippy::map_clone, clippy::style of .* with stable /);
    expect(run.stdout).toContain('cargo fix --edition (2018→2021) agrees with applying every fix.');
    expect(run.stdout).toContain('cargo clippy --fix (clippy) agrees with applying every fix.');
    // A member of clippy::style that fires in spin, grouped under its own name.
    expect(run.stdout).toMatch(/^clippy::redundant_closure\s+\d+\s+clippy\s+accepted/m);
    expect(run.stdout).toMatch(/^absolute_paths_not_starting_with_crate\s+3\s+2015→2018\s+accepted/m);
    expect(run.stdout).toContain('The result builds (cargo check --all-targets).');
    expect(gitOut(dir, 'status', '--porcelain')).toBe('');
  }, 600_000);

  it('carries out a plan\'s migrate step headless: edition and clippy fixes applied as the step\'s own, after its snapshot', async () => {
    const dir = project('spin', 'spin-step');
    const plan = join(work, 'migrate-plan.yaml');
    writeFileSync(
      plan,
      [
        'id: migrate-step',
        'title: A migrate step',
        'parameters:',
        '  - { name: edition, type: edition, default: "2018" }',
        'phases:',
        '  - id: only',
        '    title: Only',
        '    steps:',
        '      - id: edition',
        '        title: Move to ${edition} with clippy\'s map_clone fixes',
        '        kind: migrate',
        '        migrate: { edition: "${edition}", clippy: [map_clone] }',
        '',
      ].join('\n'),
    );
    const run = await cli.run(['run', plan, '--project', dir, '--yes']);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toContain('edition 2015 → 2018: cargo +stable check with --force-warn rust-2018-compatibility');
    expect(run.stdout).toMatch(/<== edition: passed/);
    expect(run.stdout).toContain('Edition 2015 → 2018, then clippy fixes for clippy::map_clone: 5 fixes applied to 3 files');
    expect(readFileSync(join(dir, 'Cargo.toml'), 'utf8')).toMatch(/^edition = "2018"$/m);
    expect(readFileSync(join(dir, 'src/lib.rs'), 'utf8')).toContain('pub use crate::mutex::MutexGuard;');
    // map_clone's fixes are in once.rs: changed, and nothing else of the project.
    expect(gitOut(dir, 'status', '--porcelain').split('\n').filter(Boolean).sort()).toEqual([' M Cargo.toml', ' M src/lib.rs', ' M src/once.rs']);
    // The guide puts the migration under its step, with the command that repeats it.
    const guide = await cli.run(['export', '--project', dir]);
    expect(guide.stdout).toContain('stepwise migrate --project . --edition 2018 --clippy map_clone');
    expect(guide.stdout).toContain("### 1\\. ✅ Move to 2018 with clippy's map_clone fixes");
    // Its snapshot, taken once the migration was worked out and before the files changed, is told within the step, not after it.
    expect(guide.stdout).toMatch(/### 1\\\. ✅ Move to 2018.*\n\n\*Only · .*\n\n> 📸 Snapshot #\d+ taken first/);
    expect(guide.stdout).not.toMatch(/### 2\\\. 📸 Snapshot/);
    // The step has passed: a plain run has nothing to do; run again by name, it finds nothing left to change.
    const again = await cli.run(['run', plan, '--project', dir, '--steps', 'edition', '--yes']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout, again.stdout).toContain('nothing to change');
  }, 600_000);

  it("reports a plan's migrate step that names no lint of clippy as the plan's error, not as a failed step", async () => {
    const dir = project('scopeguard', 'scopeguard-bad-step');
    const plan = join(work, 'bad-migrate-plan.yaml');
    writeFileSync(
      plan,
      ['id: bad-migrate', 'title: A migrate step with a lint clippy lacks', 'phases:', '  - id: only', '    title: Only', '    steps:', '      - id: lints', '        title: Fix a lint that is not there', '        kind: migrate', '        migrate: { clippy: [no_such_lint] }', ''].join('\n'),
    );
    const run = await cli.run(['run', plan, '--project', dir, '--yes']);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(1);
    expect(run.stdout).toMatch(/<== lints: error/);
    expect(run.stdout).toContain('"clippy::no_such_lint" is not a lint or group of stable\'s clippy');
    expect(gitOut(dir, 'status', '--porcelain')).toBe('');
  }, 600_000);

  it('says what is wrong with a lint or a toolchain clippy cannot serve', async () => {
    const dir = project('scopeguard');
    const cases: [string[], RegExp][] = [
      [['--clippy', 'no_such_lint'], /--clippy: "clippy::no_such_lint" is not a lint or group of stable's clippy/],
      [['--clippy', 'len_zero', '--toolchain', 'debian-1.85'], /--toolchain debian-1\.85 has no clippy, which --clippy needs/],
      [['--clippy', 'len_zero', '--reject', 'needless_return'], /--reject: "needless_return" is not a lint of the migration \(clippy clippy::len_zero\)/],
      [[], /migrate needs --edition 2018\|2021\|2024, or --clippy LINT,\.\. for clippy's fixes alone/],
    ];
    for (const [args, message] of cases) {
      const run = await cli.run(['migrate', '--project', dir, ...args]);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(message);
    }
    expect(gitOut(dir, 'status', '--porcelain')).toBe('');
  }, 120_000);
});
