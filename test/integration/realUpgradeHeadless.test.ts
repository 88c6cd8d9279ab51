// The built-in plan, fitted to a real crate no one here wrote, run end to end
// headless as a CI job would: `stepwise plan show`, `stepwise run`, `stepwise
// export`, the built CLI in a real shell, real cargo on Debian's rustc 1.63 and
// on stable. memoffset (from Debian's packages, the offline registry the
// ladder script installs) is pinned by rust-toolchain.toml to debian-1.63; the
// plan tests it there first, moves the pin to stable, and tests it again.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Environment } from '../../src/core/guide/model';
import type { IssueRecord } from '../../src/shared/model';
import { stripAnsi } from '../../src/shared/ansi';
import { BuiltCli, type CliResult } from '../helpers/builtCli';
import { committedRegistryCrate, ladderSkipReason } from '../helpers/ladder';
import { shellHomeEnv } from '../helpers/shellHome';

const reason = ladderSkipReason();
const TARGET = ['--param', 'to_rust=stable'];
/** Whether this machine has cargo-audit (the plan's audit step fails without it, and the guide says how to get it). */
const hasCargoAudit = (() => {
  try {
    execFileSync('cargo', ['audit', '--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

interface Outline {
  title: string;
  parameters: { name: string; value: string; source: string }[];
  phases: { steps: { id: string; applies: boolean; reason: string }[] }[];
}

interface GuideJson {
  issues: (IssueRecord & { knownBreakageId: string | null })[];
  timeline: unknown[];
  environment: Environment;
}

describe.skipIf(reason !== null)(`stepwise run: the built-in plan on a real crate, debian-1.63 to stable${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let work: string;
  let project: string;
  let cli: BuiltCli;
  let run: CliResult;
  let guide: GuideJson;
  let shown: CliResult;

  const rowOf = (stepId: string): string[] => {
    const line = stripAnsi(run.stdout).split('\n').find((l) => l.startsWith(`${stepId} `));
    expect(line, `no row for ${stepId} in:\n${run.stdout}`).toBeDefined();
    return line!.split(/ {2,}/);
  };
  const issuesOf = (stepId: string): GuideJson['issues'] => guide.issues.filter((i) => i.stepId === stepId);

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'stepwise-real-upgrade-'));
    project = committedRegistryCrate('memoffset', join(work, 'memoffset'), 'debian-1.63');
    cli = BuiltCli.build({ ...shellHomeEnv(), STEPWISE_HOME: join(work, 'data'), NO_COLOR: '1' });
    shown = await cli.run(['plan', 'show', '--project', project, ...TARGET, '--json']);
    run = await cli.run(['run', 'rust-wasmtime-upgrade', '--project', project, ...TARGET, '--manual', 'skip', '--keep-going', '--yes']);
    const exported = await cli.run(['export', '--project', project, '--format', 'json', '--out', join(work, 'guide.json')]);
    expect(exported.code, exported.stderr).toBe(0);
    guide = JSON.parse(readFileSync(join(work, 'guide.json'), 'utf8')) as GuideJson;
  }, 300_000);
  afterAll(async () => {
    await cli?.remove();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('fits the plan to the crate: its pinned 1.63, no wasmtime, and the nightly-only feature left out', () => {
    expect(shown.code, shown.stderr).toBe(0);
    const outline = JSON.parse(shown.stdout) as Outline;
    expect(outline.title).toBe('Rust 1.63 → stable');
    const params = Object.fromEntries(outline.parameters.map((p) => [p.name, p]));
    expect(params.from_rust).toMatchObject({ value: '1.63', source: expect.stringMatching(/^rust-toolchain\.toml/) });
    expect(params.features).toMatchObject({ value: '--features=', source: expect.stringContaining('unstable_const (src/lib.rs:') });
    const steps = outline.phases.flatMap((p) => p.steps);
    expect(steps.find((s) => s.id === 'bump-wasmtime')).toMatchObject({ applies: false, reason: "wasmtime is not in this project's dependency graph" });
    expect(JSON.stringify(outline)).not.toMatch(/photondrift|wasmtime 25|seed/i);
  });

  it('tests the crate on debian-1.63 before anything changes, then moves the pin and builds and tests on stable', () => {
    expect(rowOf('baseline-test').slice(1, 3)).toEqual(['passed', '0']);
    expect(run.stdout).toMatch(/rustc 1\.63\.0/);
    expect(rowOf('update-toolchain-pins').slice(1)).toEqual(['passed', expect.any(String), '1 file changed']);
    expect(readFileSync(join(project, 'rust-toolchain.toml'), 'utf8')).toBe('[toolchain]\nchannel = "stable"\n');
    expect(rowOf('install-toolchain')[1]).toBe('passed');
    for (const stepId of ['check-all-features', 'test-no-run', 'fix-compilation', 'clippy', 'test-all', 'test-release']) {
      expect(rowOf(stepId).slice(1, 3), stepId).toEqual(['passed', '0']);
    }
    expect(stripAnsi(run.stdout)).toMatch(/test result: ok\. [1-9]\d* passed/);
    expect(run.code).toBe(hasCargoAudit ? 0 : 1);
  });

  it('journals what stable says that 1.63 did not, and the guide names it with its known fix', async () => {
    expect(issuesOf('baseline-test')).toEqual([]);
    const cfgs = guide.issues.filter((i) => i.code === 'unexpected_cfgs');
    expect(cfgs.length).toBeGreaterThan(0);
    expect(cfgs.every((i) => i.knownBreakageId === 'unexpected-cfgs' && i.severity === 'warning')).toBe(true);
    expect(new Set(cfgs.map((i) => i.stepId))).toContain('check-all-features');
    const markdown = await cli.run(['export', '--project', project, '--out', join(work, 'guide.md')]);
    expect(markdown.code, markdown.stderr).toBe(0);
    const text = readFileSync(join(work, 'guide.md'), 'utf8');
    expect(text).toMatch(/^# Upgrade to Rust stable$/m);
    expect(text).toContain('**Known breakage:** Undeclared `cfg` names and values warn (`unexpected_cfgs`)');
    expect(text).toMatch(/unexpected `cfg` condition name: `doctests` at `src\/lib\.rs:\d+:\d+`/);
    expect(text).not.toMatch(/photondrift|wasmtime/i);
  });

  it('says in the guide the toolchain went from debian-1.63 to stable: after the pin moved, not before', () => {
    const { before, after } = guide.environment;
    expect(before).toMatchObject({ active: 'debian-1.63', state: { toolchainFile: { content: '[toolchain]\nchannel = "debian-1.63"\n' } } });
    // The snapshots were all taken on 1.63, before the steps; the state read after the last step that moved the toolchain is stable.
    expect(after?.source).toMatch(/^after step "/);
    expect(after?.active).toMatch(/^stable-/);
    expect(after?.state?.toolchainFile?.content).toBe('[toolchain]\nchannel = "stable"\n');
  });

  it.skipIf(hasCargoAudit)('records the missing cargo-audit as an issue of its step, with how to install it', () => {
    expect(rowOf('cargo-audit').slice(1, 3)).toEqual(['failed', '101']);
    expect(issuesOf('cargo-audit')).toEqual([expect.objectContaining({ code: 'no-such-command', severity: 'error', knownBreakageId: 'cargo-subcommand-missing' })]);
  });
});
