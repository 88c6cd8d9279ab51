// Edition migration from the wizard: the engine's migrate.* requests through
// the loopback server as the page asks them, on spin 0.9.5 from Debian's
// packages (edition 2015) with real cargo on the ladder and a real git
// project. The plan leaves the project alone and tells its progress; apply
// leaves the rejected lint and the skipped fix out, takes a snapshot first
// and journals the run the guide shows; one at a time; a stop ends cargo and
// removes the scratch copy.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useScratchEngine } from '../helpers/scratchEngine';
import { commitAll, gitOut } from '../helpers/gitRepo';
import { committedRegistryCrate, type LadderCrate, ladderSkipReason } from '../helpers/ladder';
import { listing } from '../helpers/treeListing';

const reason = ladderSkipReason();

describe.skipIf(reason !== null)(`edition migration from the wizard${reason ? ` (skipped: ${reason})` : ''}`, () => {
  const env = useScratchEngine('stepwise-migrate-engine-', (work) => committedRegistryCrate('spin', join(work, 'spin'), 'debian-1.63'));

  /** Another registry crate, committed, opened in a session of its own. */
  const openCrate = async (crate: LadderCrate, folder: string): Promise<{ dir: string; sessionId: number }> => {
    const dir = committedRegistryCrate(crate, join(env.work, folder), 'debian-1.63');
    return { dir, sessionId: (await env.h.client.request('project.open', { path: dir })).session.id };
  };

  it('says the edition and the newer ones, and refuses an edition that is not one and a fix place that is not FILE:LINE, in words', async () => {
    const { h, sessionId } = env;
    expect(await h.client.request('migrate.status', { sessionId })).toEqual({ edition: '2015', newer: ['2018', '2021', '2024'], running: null });
    await expect(h.client.request('migrate.plan', { sessionId, edition: '2023' })).rejects.toThrow(/"2023" is not a Rust edition \(2015, 2018, 2021, 2024\)/);
    await expect(h.client.request('migrate.apply', { sessionId, edition: '2024', skip: ['src/lib.rs'] })).rejects.toThrow(/FILE:LINE/);
  });

  it('works the migration out in a scratch copy, grouped by lint, one at a time, telling its progress', async () => {
    const { h, scratch, project, sessionId } = env;
    const before = listing(project, []);
    const lines: string[] = [];
    const first = new Promise<void>((resolve) => {
      h.client.on('migrate.progress', (p) => {
        if (p.sessionId === sessionId) lines.push(p.line);
        resolve();
      });
    });
    const planning = h.client.request('migrate.plan', { sessionId, edition: '2024' });
    await first;
    await expect(h.client.request('migrate.plan', { sessionId, edition: '2021' })).rejects.toThrow(/already being worked out/);
    await expect(h.client.request('migrate.apply', { sessionId, edition: '2024' })).rejects.toThrow(/already being worked out/);
    expect((await h.client.request('migrate.status', { sessionId })).running).toBe('plan');

    const plan = await planning;
    expect(plan.edition).toEqual({ from: '2015', to: '2024' });
    expect(plan.toolchain).toMatchObject({ name: 'debian-1.85' });
    expect(plan.check).toEqual({ passed: true, error: null });
    const groups = Object.fromEntries(plan.groups.map((g) => [g.lint, g]));
    expect(groups.absolute_paths_not_starting_with_crate!.hunks.map((h) => h.line)).toEqual([93, 97, 100]);
    expect(groups.unsafe_op_in_unsafe_fn).toMatchObject({ accepted: true, reviewRequired: false });
    // Every default fix: unsafe_op_in_unsafe_fn's reach past src/lib.rs.
    expect(plan.files).toEqual(expect.arrayContaining(['Cargo.toml', 'src/lib.rs']));
    expect(plan.files.length).toBeGreaterThan(2);
    expect(lines[0]).toMatch(/^toolchain debian-1\.85/);
    expect(lines).toContain('edition 2021 → 2024: cargo +debian-1.85 check with --force-warn rust-2024-compatibility…');
    expect((await h.client.request('migrate.status', { sessionId })).running).toBeNull();
    expect(listing(project, [])).toEqual(before);
    expect(readdirSync(scratch)).toEqual([]);
  }, 300_000);

  it('applies the chosen fixes after a snapshot and journals it: the rejected lint and the skipped fix are absent', async () => {
    const { h, scratch, project, sessionId } = env;
    const applied = await h.client.request('migrate.apply', { sessionId, edition: '2024', reject: ['unsafe_op_in_unsafe_fn'], skip: ['src/lib.rs:97'] });
    expect(applied.files).toEqual(['Cargo.toml', 'src/lib.rs']);
    const lib = readFileSync(join(project, 'src/lib.rs'), 'utf8');
    const paths = applied.plan.groups.find((g) => g.lint === 'absolute_paths_not_starting_with_crate')!;
    expect(paths.hunks.map((x) => `${x.line} ${x.applied} ${x.skipped}`)).toEqual(['93 true false', '97 false true', '100 true false']);
    for (const hunk of paths.hunks) expect(lib).toContain(hunk.applied ? hunk.after : hunk.before);
    const unsafeOps = applied.plan.groups.find((g) => g.lint === 'unsafe_op_in_unsafe_fn')!;
    expect(unsafeOps.accepted).toBe(false);
    for (const hunk of unsafeOps.hunks) expect(lib).not.toContain(hunk.after);
    expect(readFileSync(join(project, 'Cargo.toml'), 'utf8')).toMatch(/^edition = "2024"$/m);

    // The snapshot before it holds the project as it was.
    const { snapshots } = await h.client.request('snapshots.list', { sessionId });
    expect(snapshots.find((s) => s.id === applied.snapshot!.id)?.label).toBe('Before the migration: Edition 2015 → 2024');
    const diff = await h.client.request('snapshot.diff', { sessionId, snapshotId: applied.snapshot!.id });
    expect(diff.files.map((f) => f.path).sort()).toEqual(['Cargo.toml', 'src/lib.rs']);

    // Journaled as a migration run the guide shows, with the command that does the same.
    const run = h.engine.journal.runs.get(applied.runId!);
    expect(run).toMatchObject({ origin: 'migration', status: 'passed', command: 'stepwise migrate --project . --edition 2024 --reject unsafe_op_in_unsafe_fn --skip src/lib.rs:97' });
    const guide = await h.client.request('guide.export', { sessionId, format: 'md' });
    expect(guide.text).toContain('Edition migration (stepwise migrate)');
    expect(await h.client.request('migrate.status', { sessionId })).toEqual({ edition: '2024', newer: [], running: null });
    await expect(h.client.request('migrate.plan', { sessionId, edition: '2021' })).rejects.toThrow("--edition 2021 is older than the project's edition 2024: editions only move forward");
    expect(readdirSync(scratch)).toEqual([]);
  }, 300_000);

  it('stops: the cargo it runs ends, its copy is removed, the project is unchanged', async () => {
    const { h, scratch } = env;
    const { dir: other, sessionId: otherSession } = await openCrate('spin', 'spin2');
    const before = listing(other, []);
    const started = new Promise<void>((resolve) => {
      const off = h.client.on('migrate.progress', (p) => {
        if (p.sessionId === otherSession && p.line.startsWith('edition')) resolve(off());
      });
    });
    const outcome = h.client.request('migrate.plan', { sessionId: otherSession, edition: '2018' }).then(() => 'finished', (error: Error) => error.message);
    await started;
    expect(await h.client.request('migrate.stop', { sessionId: otherSession })).toEqual({ stopped: true });
    expect(await outcome).toBe('Migration stopped; the project was not changed');
    expect(await h.client.request('migrate.stop', { sessionId: otherSession })).toEqual({ stopped: false });
    expect(readdirSync(scratch)).toEqual([]);
    // No cargo or rustc of it is left running in the removed copy.
    expect(execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n').filter((line) => line.includes(scratch))).toEqual([]);
    expect(listing(other, [])).toEqual(before);
  }, 120_000);

  it('lists what cargo could not fix, and refuses to apply a result that does not build, in words, changing nothing', async () => {
    const { h, scratch } = env;
    const { dir, sessionId: otherSession } = await openCrate('owning_ref', 'owning_ref');
    const plan = await h.client.request('migrate.plan', { sessionId: otherSession, edition: '2024' });
    expect(plan.notApplied).toContainEqual(expect.objectContaining({ lint: 'static_mut_refs', file: 'src/lib.rs', line: 1737, reason: expect.stringMatching(/^cargo fix --edition left it: creating a mutable reference to mutable static/) }));
    expect(plan.check).toEqual({ passed: false, error: expect.stringMatching(/^src\/lib\.rs:1737: creating a mutable reference to mutable static/) });
    await expect(h.client.request('migrate.apply', { sessionId: otherSession, edition: '2024' })).rejects.toThrow(/^Not applied, the project is unchanged: the migrated copy does not build \(src\/lib\.rs:1737: /);
    expect(gitOut(dir, 'status', '--porcelain')).toBe('');
    expect((await h.client.request('snapshots.list', { sessionId: otherSession })).snapshots).toEqual([]);
    expect(readdirSync(scratch)).toEqual([]);
  }, 300_000);

  it('applies in stages when asked: a lint whose fix fails the tests is left out, its culprit named, and the journal says so', async () => {
    const { h } = env;
    const { dir, sessionId: staged } = await openCrate('spin', 'spin-staged');
    // A real test of the crate that fails once one absolute_paths_not_starting_with_crate fix is in lib.rs.
    mkdirSync(join(dir, 'tests'));
    writeFileSync(join(dir, 'tests', 'gate.rs'), '#[test]\nfn mutex_guard_path_stays() {\n    assert!(!include_str!("../src/lib.rs").contains("pub use crate::mutex::MutexGuard;"));\n}\n');
    commitAll(dir, 'a gate test');
    const applied = await h.client.request('migrate.apply', { sessionId: staged, edition: '2018', stages: ['build', 'test'] });
    expect(applied.plan.stages).toEqual([
      expect.objectContaining({ lint: 'absolute_paths_not_starting_with_crate', step: '2015→2018', hunks: 3, kept: false, failedCheck: 'test', culprit: expect.objectContaining({ file: 'src/lib.rs' }) }),
    ]);
    expect(applied.plan.stages![0]!.culprit!.after).toContain('pub use crate::mutex::MutexGuard;');
    // The edition moved; none of the dropped stage's fixes did.
    expect(readFileSync(join(dir, 'Cargo.toml'), 'utf8')).toMatch(/^edition = "2018"$/m);
    expect(readFileSync(join(dir, 'src', 'lib.rs'), 'utf8')).not.toContain('crate::mutex::MutexGuard');
    const run = h.engine.journal.runs.forSession(staged).find((r) => r.origin === 'migration')!;
    expect(run.command).toContain('--stages --checks build,test');
    expect(h.engine.journal.runs.output(run.id)).toMatch(/stage absolute_paths_not_starting_with_crate \(2015→2018\): dropped, test failed.*the fix that breaks it: src\/lib\.rs:\d+/);
  }, 300_000);
});
