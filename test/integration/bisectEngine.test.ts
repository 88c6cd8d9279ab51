// Toolchain bisection from the wizard: the engine's metrics.bisect on the real
// ladder (debian-1.63, debian-1.85, stable) and real cargo, through the
// loopback server as the page asks it. Progress is told as each check starts
// and ends, the report is journaled and in the guide, and a stop ends the
// running cargo and removes the scratch copy.
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BisectProgress } from '../../src/shared/toolchain/bisection';
import { useScratchEngine } from '../helpers/scratchEngine';
import { ladderSkipReason } from '../helpers/ladder';
import { listing, write } from '../helpers/treeListing';

const reason = ladderSkipReason();
const TOOLCHAINS = ['debian-1.63', 'debian-1.85', 'stable'];

/** A crate whose main uses `let ... else` (stable since 1.65): it builds from debian-1.85 on. */
function letElseCrate(root: string): string {
  mkdirSync(root, { recursive: true });
  write(root, 'Cargo.toml', '[package]\nname = "letelse"\nversion = "0.1.0"\nedition = "2021"\n');
  write(root, 'src/main.rs', 'fn main() {\n    let Ok(n) = "7".parse::<u32>() else {\n        return;\n    };\n    println!("{n}");\n}\n');
  return root;
}

describe.skipIf(reason !== null)(`bisecting toolchains from the wizard${reason ? ` (skipped: ${reason})` : ''}`, () => {
  const env = useScratchEngine('stepwise-bisect-engine-', (work) => letElseCrate(join(work, 'letelse')));

  it('finds the first toolchain that builds, tells its progress, journals it, and the guide shows it', async () => {
    const { h, scratch, project, sessionId } = env;
    const before = listing(project, []);
    const progress: BisectProgress[] = [];
    const offProgress = h.client.on('metrics.bisectProgress', (p) => progress.push(p));
    const ended = new Promise((resolve) => h.client.on('metrics.bisected', resolve));

    const record = await h.client.request('metrics.bisect', { sessionId, toolchains: TOOLCHAINS, check: 'build' });
    offProgress();
    expect(record.report).toMatchObject({ check: 'build', baseline: 'debian-1.63', first: 'debian-1.85', firstReleaseNotes: 'https://releases.rs/docs/1.85.0/' });
    expect(record.report.results.find((r) => r.toolchain === 'debian-1.63')!.errors[0]).toMatchObject({ code: 'E0658', file: 'src/main.rs', line: 2 });
    expect(await ended).toEqual({ sessionId, record, error: null });
    expect(progress.filter((p) => p.toolchain === 'debian-1.63').map((p) => [p.phase, p.outcome])).toEqual([['start', undefined], ['end', 'failed']]);
    expect(progress.find((p) => p.toolchain === 'debian-1.85' && p.phase === 'end')?.outcome).toBe('passed');

    const overview = await h.client.request('metrics.list', { sessionId });
    expect(overview.bisections).toEqual([record]);
    expect(overview.bisecting).toBeNull();
    expect(h.engine.journal.bisections.forSession(sessionId)).toEqual([record]);

    const guide = await h.client.request('guide.export', { sessionId, format: 'md' });
    expect(guide.text).toContain('### Toolchain bisections');
    expect(guide.text).toMatch(/`build` across 3 toolchains on .*: the outcome changes first with `debian-1\.85` \(against `debian-1\.63`\); release notes: https:\/\/releases\.rs\/docs\/1\.85\.0\/\./);
    expect(guide.text).toContain('E0658');
    // The checks ran in a scratch copy: the project is as it was, and no copy is left.
    expect(listing(project, [])).toEqual(before);
    expect(readdirSync(scratch)).toEqual([]);
  }, 300_000);

  it('runs one bisection at a time, and a stop ends the running check and removes its copy', async () => {
    const { h, scratch, sessionId } = env;
    const started = new Promise<void>((resolve) => {
      const off = h.client.on('metrics.bisectProgress', (p) => {
        if (p.phase === 'start') resolve(off());
      });
    });
    const ended = new Promise((resolve) => h.client.on('metrics.bisected', resolve));
    const running = h.client.request('metrics.bisect', { sessionId, toolchains: TOOLCHAINS, check: 'test', all: true });
    const outcome = running.then(
      () => 'finished',
      (error: Error) => error.message,
    );
    await started;
    expect((await h.client.request('metrics.list', { sessionId })).bisecting).toEqual([expect.objectContaining({ sessionId, phase: 'start' })]);
    await expect(h.client.request('metrics.bisect', { sessionId, toolchains: TOOLCHAINS, check: 'build' })).rejects.toThrow(/already running/);

    expect(await h.client.request('metrics.stopBisect', { sessionId })).toEqual({ stopped: true });
    expect(await outcome).toMatch(/^Bisection stopped: stopped (while|before) checking/);
    expect(await ended).toMatchObject({ sessionId, record: null, error: expect.stringMatching(/^Bisection stopped/) });
    expect(await h.client.request('metrics.stopBisect', { sessionId })).toEqual({ stopped: false });
    expect(readdirSync(scratch)).toEqual([]);
    expect(h.engine.journal.bisections.forSession(sessionId)).toHaveLength(1);
  }, 300_000);
});
