// `stepwise migrate --stages` on a real crate from Debian's packages (spin
// 0.9.5, edition 2015 → 2024, the built CLI, real cargo build and test):
// each accepted lint is a stage, kept only when the build and the tests pass
// with it. A real #[test] added to the copy reads the crate's own source and
// fails when one unsafe_op_in_unsafe_fn fix (once.rs's force_get_mut) is
// there: that stage is dropped and bisected to exactly that fix, while the
// other stage is kept and applied. Then bad --checks input.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MigrationResult } from '../../src/core/migrate/migrate';
import { JOURNAL_FILE } from '../../src/core/platform/fs/paths';
import type { BuiltCli } from '../helpers/builtCli';
import { makeCliWorkspace, removeCliWorkspace } from '../helpers/cliWorkspace';
import { commitAll, gitOut } from '../helpers/gitRepo';
import { committedRegistryCrate, copyRegistryCrate, ladderSkipReason } from '../helpers/ladder';

const reason = ladderSkipReason();
type Report = MigrationResult & { applied: boolean; snapshotId: number | null; runId: number | null };

/** The fix the gate refuses, as unsafe_op_in_unsafe_fn writes it (2021 → 2024): the body of force_get_mut wrapped in `unsafe {`. */
const REFUSED = 'unsafe fn force_get_mut(&mut self) -> &mut T { unsafe {';
const GATE_TEST = `// Added by stepwise's test: fails when one edition fix is in once.rs.
#[test]
fn force_get_mut_keeps_its_body_unwrapped() {
    let source = include_str!("../src/once.rs");
    assert!(!source.contains(${JSON.stringify(REFUSED)}), "force_get_mut's body was wrapped in an unsafe block");
}
`;

describe.skipIf(reason !== null)(`stepwise migrate --stages on a real crate${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let work: string;
  let scratchTmp: string;
  let cli: BuiltCli;

  beforeAll(() => ({ work, scratchTmp, cli } = makeCliWorkspace('stepwise-stages-test-')), 120_000);
  afterAll(() => removeCliWorkspace({ work, cli }));

  it('keeps the stages whose build and tests pass, drops the failing one and bisects it to the fix that breaks the test', async () => {
    const dir = copyRegistryCrate('spin', join(work, 'spin'), 'debian-1.63');
    mkdirSync(join(dir, 'tests'), { recursive: true });
    writeFileSync(join(dir, 'tests', 'stage_gate.rs'), GATE_TEST);
    commitAll(dir);
    const run = await cli.run(['migrate', '--project', dir, '--edition', '2024', '--stages', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    const stages = report.stages ?? [];
    expect(stages.map((s) => `${s.step} ${s.lint} ${s.hunks} ${s.kept ? 'kept' : 'dropped'}`)).toEqual([
      '2015→2018 absolute_paths_not_starting_with_crate 3 kept',
      '2021→2024 unsafe_op_in_unsafe_fn 8 dropped',
    ]);
    const dropped = stages[1]!;
    expect(dropped.failedCheck).toBe('test');
    expect(dropped.error).toMatch(/^tests\/stage_gate\.rs:5: .*force_get_mut's body was wrapped in an unsafe block/);
    // Exactly the fix the test refuses, found by bisection, with one culprit confirmed.
    expect(dropped.culprit).toMatchObject({ file: 'src/once.rs', line: 384 });
    expect(dropped.culprit!.after).toContain(REFUSED);
    expect(dropped.culprit!.before).toContain('unsafe fn force_get_mut(&mut self) -> &mut T {\n');
    expect(dropped.notes).toEqual([]);
    expect(dropped.bisectChecks).toBeLessThanOrEqual(5);
    expect(stages[0]).toMatchObject({ failedCheck: null, error: null, culprit: null });

    // Applied: the kept stage's fixes are in the project, none of the dropped stage's.
    expect(report.applied).toBe(true);
    const lib = readFileSync(join(dir, 'src', 'lib.rs'), 'utf8');
    expect(lib).toContain('pub use crate::mutex::MutexGuard;');
    expect(lib).toContain('pub use crate::relax::{RelaxStrategy, Spin};');
    const unsafeGroup = report.groups.find((g) => g.lint === 'unsafe_op_in_unsafe_fn')!;
    expect(unsafeGroup.hunks.map((h) => h.applied)).toEqual(new Array(8).fill(false));
    for (const file of ['src/once.rs', 'src/mutex.rs', 'src/mutex/spin.rs']) expect(readFileSync(join(dir, file), 'utf8')).not.toContain('{ unsafe {');
    expect(readFileSync(join(dir, 'Cargo.toml'), 'utf8')).toMatch(/^edition = "2024"$/m);
    expect(gitOut(dir, 'status', '--porcelain').split('\n').filter(Boolean).sort()).toEqual([' M Cargo.toml', ' M src/lib.rs']);

    // The guide records the run, and its journaled report lists the stages with the culprit.
    const guide = await cli.run(['export', '--project', dir]);
    expect(guide.code, guide.stderr).toBe(0);
    expect(guide.stdout).toContain('stepwise migrate --project . --edition 2024 --stages');
    const db = new Database(join(work, 'data', JOURNAL_FILE), { readonly: true });
    const chunks = db.prepare('SELECT chunk FROM run_output WHERE run_id = ? ORDER BY seq').all(report.runId) as { chunk: string }[];
    db.close();
    const journaled = chunks.map((c) => c.chunk).join('');
    expect(journaled).toContain('  kept    absolute_paths_not_starting_with_crate (2015→2018, 3 fixes)');
    expect(journaled).toMatch(/ {2}dropped unsafe_op_in_unsafe_fn \(2021→2024, 8 fixes\): test fails: tests\/stage_gate\.rs:5: /);
    expect(journaled).toContain('    culprit src/once.rs:384 (found in ');
    // The culprit's lines as they are in once.rs, indented by the impl block.
    expect(journaled).toContain(`    +     ${REFUSED}`);
    expect(readdirSync(scratchTmp)).toEqual([]);
  }, 900_000);

  it('says what is wrong with --checks, before touching anything', async () => {
    const dir = committedRegistryCrate('spin', join(work, 'spin-bad-checks'), 'debian-1.63');
    const cases: [string[], RegExp][] = [
      [['--checks', 'build'], /--checks goes with --stages/],
      [['--stages', '--checks', 'build,lint'], /--checks: "lint" is not a check; the checks are build, test, clippy/],
      [['--stages', '--checks', 'build,,test'], /--checks has an empty name/],
      // Debian's toolchains have no clippy: said before any stage runs.
      [['--stages', '--checks', 'clippy'], /before the stages of the 2015→2018 step, `cargo \+debian-1\.63 clippy --all-targets -- -D warnings` cannot run: .*clippy/],
    ];
    for (const [args, message] of cases) {
      const run = await cli.run(['migrate', '--project', dir, '--edition', '2018', ...args]);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(message);
    }
    expect(gitOut(dir, 'status', '--porcelain')).toBe('');
    expect(readdirSync(scratchTmp)).toEqual([]);
  }, 300_000);
});
