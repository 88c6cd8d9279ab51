// Toolchain steps against the real rustup of this machine, through the real
// engine and its pty: work already done (a toolchain installed, a linked one
// of the Debian ladder included, already the default, a component or target
// present) passes with "already done: …" and types nothing; a toolchain that
// cannot be downloaded offline is a journaled issue with its fix.
import { execFileSync } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolchainWorkDone } from '../../src/core/toolchain/toolchainWork';
import { shortToolchain } from '../../src/core/toolchain/version';
import { commitAll } from '../helpers/gitRepo';
import { expectGolden } from '../helpers/guideGolden';
import { ladderSkipReason } from '../helpers/ladder';
import { startPlanSession, type PlanSession } from '../helpers/planSession';
import { sessionRuns } from '../helpers/sessionLists';

const rustup = (...args: string[]): string | null => {
  try {
    return execFileSync('rustup', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, RUSTUP_AUTO_INSTALL: '0' } });
  } catch {
    return null;
  }
};
/** The issue journaled from a real rustup output (test/fixtures/outputs/rustup-toolchain-install-offline.ansi.txt is the same output, captured). */
const GOLDEN_DIR = fileURLToPath(new URL('../fixtures/outputs/journaled/', import.meta.url));
// rustup prints its error's causes on one line without a backtrace, under them with one: the golden holds the one-line form.
process.env.RUST_BACKTRACE = '0';

const rustupMissing = rustup('--version') === null ? 'rustup is not on PATH' : null;
const ladderMissing = ladderSkipReason();
/** The default toolchain as rustup names it, asked here apart from the code under test. */
const currentDefault = shortToolchain(rustup('default')?.trim().split(/\s+/)[0] ?? '');
const stableHasClippy = (rustup('component', 'list', '--installed', '--toolchain', 'stable') ?? '').split('\n').some((l) => l.startsWith('clippy'));
/** An official release that is not installed here: its download is what fails offline. */
const NOT_INSTALLED = '1.81.0';
const notInstalled = !(rustup('toolchain', 'list') ?? '').split('\n').some((l) => l.startsWith(`${NOT_INSTALLED}-`));

async function offlineReason(): Promise<string | null> {
  try {
    await lookup('static.rust-lang.org');
    return 'static.rust-lang.org resolves here: the offline download failure cannot be shown (and the step would download 1.81.0)';
  } catch {
    return notInstalled ? null : `${NOT_INSTALLED} is installed here: its install step would be already done`;
  }
}

const PLAN = `
id: toolchain-steps
title: Toolchain steps on the ladder
phases:
  - id: toolchains
    title: Toolchains
    steps:
      - { id: install-stable, title: Install stable, kind: toolchain, toolchain: { action: install, toolchain: stable }, rollback: "rustup toolchain uninstall stable" }
      - { id: install-linked, title: Install Debian 1.63, kind: toolchain, toolchain: { action: install, toolchain: debian-1.63 } }
      - { id: keep-default, title: Keep the default, kind: toolchain, toolchain: { action: default, toolchain: "${currentDefault || 'stable'}" } }
      - { id: clippy, title: Add clippy, kind: toolchain, toolchain: { action: component-add, components: [clippy], toolchain: stable } }
      - { id: host-target, title: Add the host target, kind: toolchain, toolchain: { action: target-add, targets: [x86_64-unknown-linux-gnu], toolchain: stable } }
      - { id: install-missing, title: Install ${NOT_INSTALLED}, kind: toolchain, toolchain: { action: install, toolchain: "${NOT_INSTALLED}" } }
`;

describe.skipIf(rustupMissing !== null)(`toolchain steps on the real rustup${rustupMissing ? ` (skipped: ${rustupMissing})` : ''}`, () => {
  let work: string;
  let s: PlanSession;
  let toolchainsBefore: string | null;

  beforeAll(async () => {
    toolchainsBefore = rustup('toolchain', 'list');
    work = mkdtempSync(join(tmpdir(), 'stepwise-toolchain-steps-'));
    const project = join(work, 'crate');
    mkdirSync(join(project, 'src'), { recursive: true });
    writeFileSync(join(project, 'Cargo.toml'), '[package]\nname = "steps"\nversion = "0.1.0"\nedition = "2021"\n');
    writeFileSync(join(project, 'src', 'lib.rs'), '');
    commitAll(project);
    s = await startPlanSession(project, 'toolchain-steps.yaml', PLAN);
  });
  afterAll(async () => {
    await s?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('passes an install of an installed toolchain as already done, typing nothing', async () => {
    const ran = await s.runStep('install-stable');
    const alreadyDone = 'already done: toolchain stable is installed (rustup toolchain list)';
    // The reason is journaled with the step (the guide says it), not only answered.
    expect(ran).toMatchObject({ alreadyDone, step: { stepId: 'install-stable', status: 'passed', lastRunId: null, note: alreadyDone } });
    expect(await sessionRuns(s.h.client, s.sessionId)).toEqual([]);
    // The toolchain after it, read in the background, is journaled for the guide's "After".
    await s.h.engine.settled();
    const active = rustup('show', 'active-toolchain')?.trim().split(/\s+/)[0];
    expect(s.h.engine.journal.toolchainStates.forSession(s.sessionId)).toMatchObject([{ stepId: 'install-stable', state: { active, toolchainFile: null } }]);
    // The session installed nothing: the guide's rollback does not offer to uninstall stable.
    const { text } = await s.h.client.request('guide.export', { sessionId: s.sessionId, format: 'md' });
    expect(text).toContain(`✅ Install stable\n\n*`);
    expect(text).not.toContain('rustup toolchain uninstall stable');
  });

  it('passes a default that is already the default, and a present component and target', async (ctx) => {
    ctx.skip(!currentDefault, 'rustup has no default toolchain here');
    expect(await s.runStep('keep-default')).toMatchObject({ alreadyDone: `already done: ${currentDefault} is the default toolchain (rustup default)` });
    expect(await s.runStep('host-target')).toMatchObject({ alreadyDone: 'already done: target x86_64-unknown-linux-gnu present on stable (rustup target list --installed)' });
    if (stableHasClippy) expect(await s.runStep('clippy')).toMatchObject({ alreadyDone: 'already done: component clippy present on stable (rustup component list --installed)' });
    const view = await s.h.client.request('session.view', { sessionId: s.sessionId });
    expect(view.steps.filter((st) => st.status === 'passed').map((st) => st.stepId).sort()).toEqual(
      ['host-target', 'install-stable', 'keep-default', ...(stableHasClippy ? ['clippy'] : [])].sort(),
    );
  });

  it(`detects the Debian ladder's linked toolchain as installed${ladderMissing ? ` (skipped: ${ladderMissing})` : ''}`, async (ctx) => {
    ctx.skip(ladderMissing !== null, ladderMissing ?? '');
    expect(await s.runStep('install-linked')).toMatchObject({ alreadyDone: 'already done: toolchain debian-1.63 is installed (rustup toolchain list)' });
  });

  it('says not done where rustup says so: a linked toolchain has no components, a toolchain not installed, another default', async (ctx) => {
    const question = { cwd: work, env: process.env, timeoutMs: 10_000 };
    expect(await toolchainWorkDone({ action: 'install', toolchain: '1.60.0' }, question)).toBeNull();
    expect(await toolchainWorkDone({ action: 'default', toolchain: currentDefault === 'nightly' ? 'stable' : 'nightly' }, question)).toBeNull();
    expect(await toolchainWorkDone({ action: 'target-add', targets: ['x86_64-unknown-linux-gnu'], toolchain: '1.60.0' }, question)).toBeNull();
    // Asking installed nothing.
    expect(rustup('toolchain', 'list')).toBe(toolchainsBefore);
    ctx.skip(ladderMissing !== null, ladderMissing ?? '');
    expect(await toolchainWorkDone({ action: 'component-add', components: ['clippy'], toolchain: 'debian-1.63' }, question)).toBeNull();
  });

  it('journals an offline toolchain download as an issue with its fix', async (ctx) => {
    const reason = await offlineReason();
    ctx.skip(reason !== null, reason ?? '');
    const ran = await s.runStep('install-missing');
    if (!('run' in ran)) throw new Error(`expected a run, got: ${ran.alreadyDone}`);
    expect(ran.run).toMatchObject({ status: 'failed', exitCode: 1, command: `rustup toolchain install ${NOT_INSTALLED}` });
    const issue = (await s.issues()).find((i) => i.runId === ran.run.id);
    expect(issue).toMatchObject({ severity: 'error', tool: 'rustup', code: 'download-failed', stepId: 'install-missing' });
    expect(issue?.message).toMatch(new RegExp(`^could not download file from 'https://static\\.rust-lang\\.org/dist/channel-rust-${NOT_INSTALLED.replaceAll('.', '\\.')}\\.toml\\.sha256'`));
    expect(issue?.known?.id).toBe('rustup-download-failed');
    // A toolchain step that failed moved no toolchain: nothing is journaled after it.
    expect(s.h.engine.journal.toolchainStates.forSession(s.sessionId).map((t) => t.stepId)).not.toContain('install-missing');
    expect(issue?.known?.fix).toMatch(/^No network: install the toolchain .* or link a toolchain installed another way .*`rustup toolchain link <name> <its folder>`/s);
    // The issue as journaled from rustup's real output here, its temporary file (in RUSTUP_HOME, a random name) masked.
    const { severity, tool, code, message, known } = issue!;
    const journaled = { severity, tool, code, message: message.replace(/ to '[^']*\/tmp\/[a-z0-9_]+_file'/, " to '$RUSTUP_HOME/tmp/<random>_file'"), known };
    expectGolden('rustup-toolchain-install-offline.issue.json', `${JSON.stringify(journaled, null, 2)}\n`, GOLDEN_DIR);
    expect(rustup('toolchain', 'list')).toBe(toolchainsBefore);
  });
});
