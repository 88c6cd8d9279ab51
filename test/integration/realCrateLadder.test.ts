// A real upgrade of a real crate no one here wrote: a crate from Debian's
// packages (the offline registry scripts/install-toolchain-ladder.sh installs),
// copied into a git project pinned by rust-toolchain.toml to Debian's rustc
// 1.63, built and tested with real cargo through the engine's pty, moved to
// stable by the plan's edit, built and tested again. What stable says that
// 1.63 did not is journaled as issues of the steps that met it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Environment } from '../../src/core/guide/model';
import type { IssueRecord, RunRecord } from '../../src/shared/model';
import { committedRegistryCrate, type LadderCrate, ladderSkipReason } from '../helpers/ladder';
import { startPlanSession, type PlanSession, type StepRan } from '../helpers/planSession';

/** Chosen by trying the candidates (see scripts/install-toolchain-ladder.sh): builds and tests on 1.63, warns on stable. */
const CRATE: LadderCrate = 'memoffset';
/** What stable (1.80+) says of this crate that 1.63 does not: its build script's cfgs are not declared. */
const STABLE_LINT = 'unexpected_cfgs';

const PLAN = `
id: real-crate-upgrade
title: ${CRATE} from Debian's rustc 1.63 to stable
phases:
  - id: baseline
    title: On the pinned toolchain
    steps:
      - { id: rustc-before, title: The pinned rustc, kind: check, command: rustc --version, expectOutput: ['^rustc 1\\.63\\.'] }
      - { id: build-before, title: Build on 1.63, kind: check, command: cargo build }
      - { id: test-before, title: Test on 1.63, kind: check, command: cargo test }
  - id: toolchain
    title: Move to stable
    steps:
      - { id: snapshot-163, title: Snapshot on 1.63, kind: snapshot }
      - { id: install-stable, title: Install stable, kind: toolchain, toolchain: { action: install, toolchain: stable } }
      - id: pin-stable
        title: Pin stable
        kind: edit
        edit: { pins: { kinds: [toolchain-channel], to: stable } }
  - id: after
    title: On stable
    steps:
      - { id: rustc-after, title: The new rustc, kind: check, command: rustc --version, expectOutput: ['^rustc 1\\.(?!63\\.)\\d+\\.'] }
      - { id: build-after, title: Build on stable, kind: check, command: cargo build }
      - { id: test-after, title: Test on stable, kind: check, command: cargo test }
      # Piped, so not given JSON messages: read from the terminal's text, which names a lint at its first warning only.
      - { id: build-as-text, title: "Build on stable, read as text", kind: check, command: cargo build 2>&1 | cat }
`;

const reason = ladderSkipReason();

function ranRun(ran: StepRan): RunRecord {
  if (!('run' in ran)) throw new Error(`expected a run, got: ${ran.alreadyDone}`);
  return ran.run;
}

describe.skipIf(reason !== null)(`a real crate from Debian's registry, upgraded from debian-1.63 to stable${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let work: string;
  let project: string;
  let s: PlanSession;
  const runs = new Map<string, RunRecord>();
  let issues: IssueRecord[] = [];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'stepwise-real-crate-'));
    project = committedRegistryCrate(CRATE, join(work, CRATE), 'debian-1.63');
    s = await startPlanSession(project, 'real-crate-upgrade.yaml', PLAN);
    for (const stepId of ['rustc-before', 'build-before', 'test-before']) runs.set(stepId, ranRun(await s.runStep(stepId)));
  }, 240_000);
  afterAll(async () => {
    await s?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('builds and tests the crate on the pinned Debian 1.63', async () => {
    for (const stepId of ['rustc-before', 'build-before', 'test-before']) expect(runs.get(stepId)).toMatchObject({ status: 'passed', exitCode: 0 });
    const { output } = await s.h.client.request('run.output', { runId: runs.get('test-before')!.id });
    expect(output).toMatch(/test result: ok\. [1-9]\d* passed/);
    issues = await s.issues();
    expect(issues.filter((i) => i.code === STABLE_LINT)).toEqual([]);
  });

  it('moves to stable: the toolchain is already there, the pin is edited, and stable builds and tests it', async () => {
    await s.h.client.request('step.snapshot', { sessionId: s.sessionId, stepId: 'snapshot-163' });
    expect(await s.runStep('install-stable')).toMatchObject({ alreadyDone: 'already done: toolchain stable is installed (rustup toolchain list)' });
    const { edits } = await s.applyEdit('pin-stable');
    expect(edits.map((e) => e.file)).toEqual(['rust-toolchain.toml']);
    expect(readFileSync(join(project, 'rust-toolchain.toml'), 'utf8')).toBe('[toolchain]\nchannel = "stable"\n');
    for (const stepId of ['rustc-after', 'build-after', 'test-after']) runs.set(stepId, ranRun(await s.runStep(stepId)));
    for (const stepId of ['rustc-after', 'build-after', 'test-after']) expect(runs.get(stepId)).toMatchObject({ status: 'passed', exitCode: 0 });
    const stable = execFileSync('rustc', ['+stable', '--version'], { encoding: 'utf8' }).trim();
    const { output } = await s.h.client.request('run.output', { runId: runs.get('rustc-after')!.id });
    expect(output).toContain(stable);
  }, 240_000);

  it("journals what stable says that 1.63 did not, as issues of the step that met them", async () => {
    issues = await s.issues();
    const met = issues.filter((i) => i.code === STABLE_LINT);
    expect(met.length).toBeGreaterThan(0);
    for (const issue of met) {
      expect(issue).toMatchObject({ severity: 'warning', tool: 'rustc', stepId: 'build-after', state: 'open' });
      expect(issue.file).toMatch(/^src\/.+\.rs$/);
    }
    expect(issues.filter((i) => i.stepId === 'build-before' || i.stepId === 'test-before').map((i) => i.code)).not.toContain(STABLE_LINT);
  });

  it("exports a guide whose toolchain after is stable: recorded after the pin's edit, not by the snapshot taken before it", async () => {
    // Both snapshots (the plan's, then the one before the edit) were taken on 1.63.
    const { snapshots } = await s.h.client.request('snapshots.list', { sessionId: s.sessionId });
    expect(snapshots.map((snap) => snap.toolchain?.active)).toEqual(['debian-1.63', 'debian-1.63']);
    await s.h.engine.settled(); // the toolchain after a step is read in the background
    // What rustup names the pinned stable (stable-<host>), asked apart from the code under test.
    const stable = execFileSync('rustup', ['show', 'active-toolchain'], { encoding: 'utf8', cwd: project }).trim().split(/\s/)[0]!;
    const exported = async (format: 'md' | 'json'): Promise<string> => (await s.h.client.request('guide.export', { sessionId: s.sessionId, format })).text!;

    const { environment } = JSON.parse(await exported('json')) as { environment: Environment };
    expect(environment.before).toMatchObject({ source: 'snapshot #1', active: 'debian-1.63', state: { toolchainFile: { content: '[toolchain]\nchannel = "debian-1.63"\n' } } });
    expect(environment.after).toMatchObject({ source: 'after step "Pin stable"', active: stable, state: { toolchainFile: { content: '[toolchain]\nchannel = "stable"\n' } } });

    const md = await exported('md');
    expect(md).toContain(`| Toolchain | \`debian-1.63\` | \`${stable}\` |`);
    expect(md).toContain('| Recorded by | snapshot #1 | after step "Pin stable" |');
    expect(md).toMatch(/Toolchain file after: .*rust-toolchain\.toml[\s\S]*?channel = "stable"/);
  });

  it("counts a warning read from the terminal's text without its lint's name as the same issue, seen again", async () => {
    const before = await s.issues();
    const touched = join(project, 'src/lib.rs');
    writeFileSync(touched, readFileSync(touched, 'utf8')); // a rebuild, so that rustc warns again
    ranRun(await s.runStep('build-as-text'));
    const after = await s.issues();
    expect(after.map((i) => [i.id, i.code])).toEqual(before.map((i) => [i.id, i.code]));
    const met = after.filter((i) => i.code === STABLE_LINT);
    expect(met.length).toBeGreaterThan(1);
    for (const issue of met) expect(issue.occurrences).toBe(before.find((i) => i.id === issue.id)!.occurrences + 1);
  }, 240_000);
});
