// `stepwise run` and `stepwise sessions list`, as a CI job runs them: the built
// CLI, a real shell in a real pty, real cargo on a git copy of the photondrift
// fixture, the real journal file, stdin not a terminal.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pty from 'node-pty';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine/engine';
import type { Environment } from '../../src/core/guide/model';
import { Journal, type SessionSummary } from '../../src/core/journal/journal';
import { resolveResourcesDir } from '../../src/core/platform/fs/paths';
import { stripAnsi } from '../../src/shared/ansi';
import { BuiltCli, type CliResult } from '../helpers/builtCli';
import { commitAll } from '../helpers/gitRepo';
import { processesWith } from '../helpers/processes';
import { shellHomeEnv } from '../helpers/shellHome';
import { copyRustFixture } from '../helpers/rustFixture';


const PLAN = `id: headless-check
title: Headless check
phases:
  - id: only
    title: Only
    steps:
      - id: hello
        title: Say hello from the shell
        kind: command
        command: echo headless-$((6*7))
        expectOutput: ["headless-42"]
      - id: readme
        title: Name the run in the README
        kind: edit
        edit:
          replace: { find: "# photondrift (test fixture)", with: "# photondrift (headless)", files: [README.md] }
      - id: cargo-all
        title: Check with all features
        kind: check
        command: cargo check --offline --all-features
      - id: after
        title: After the check
        kind: command
        command: echo after-$((1+1))
`;

/** A toolchain step whose work is done wherever rustup has stable. */
const TOOLCHAIN_PLAN = `id: headless-toolchain
title: Headless toolchain
phases:
  - id: only
    title: Only
    steps:
      - { id: stable, title: Install stable, kind: toolchain, toolchain: { action: install, toolchain: stable } }
`;
const hasRustup = spawnSync('rustup', ['--version'], { stdio: 'ignore' }).status === 0;

let work: string;
let project: string;
let dataDir: string;
let cli: BuiltCli;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'stepwise-headless-'));
  project = join(work, 'photondrift');
  dataDir = join(work, 'data');
  copyRustFixture(project);
  commitAll(project);
  writeFileSync(join(work, 'plan.yaml'), PLAN);
  cli = BuiltCli.build({ ...shellHomeEnv(), STEPWISE_HOME: dataDir, NO_COLOR: '1' });
});

afterAll(async () => {
  await cli?.remove();
  if (work) rmSync(work, { recursive: true, force: true });
});

const planFile = (): string => join(work, 'plan.yaml');

/** The project's sessions, newest first, as `stepwise sessions list --json` gives them. */
async function sessions(): Promise<SessionSummary[]> {
  const listed = await cli.run(['sessions', 'list', '--project', project, '--json']);
  expect(listed.code, listed.stderr).toBe(0);
  return JSON.parse(listed.stdout) as SessionSummary[];
}

/** The sessions of plan.yaml. */
async function planSessions(): Promise<SessionSummary[]> {
  return (await sessions()).filter((s) => s.planOrigin === planFile());
}

/** The outcome table's row for a step, cells split on runs of spaces. */
function row(result: CliResult, stepId: string): string[] {
  const line = stripAnsi(result.stdout).split('\n').find((l) => l.startsWith(`${stepId} `) || l === stepId);
  expect(line, `no table row for ${stepId} in:\n${result.stdout}`).toBeDefined();
  return line!.split(/ {2,}/);
}

describe('stepwise run', () => {
  it('refuses a plan from a file without --yes when stdin is not a terminal, after listing what it would run', async () => {
    const result = await cli.run(['run', planFile(), '--project', project]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('$ echo headless-$((6*7))   — Say hello from the shell');
    expect(result.stderr).toContain('$ cargo check --offline --all-features');
    expect(result.stderr).toContain('"# photondrift (test fixture)" -> "# photondrift (headless)" in README.md');
    expect(result.stderr).toMatch(/not trusted yet: review the commands above, then run again with --yes/);
    expect(result.stdout).not.toContain('headless-42');
    expect(await sessions()).toEqual([]);
  });

  it('on a terminal, lists what a plan from a file would run and asks before running it', async () => {
    // A copy of its own: the other tests' sessions are of plan.yaml.
    const plan = join(work, 'plan-on-a-tty.yaml');
    writeFileSync(plan, PLAN);
    const answer = (reply: string): Promise<{ code: number; text: string }> => {
      const term = pty.spawn(process.execPath, [cli.script, 'run', plan, '--project', project, '--steps', 'hello'], {
        cols: 160,
        rows: 40,
        cwd: work,
        env: cli.runEnv,
      });
      let text = '';
      let asked = false;
      term.onData((data) => {
        text += data;
        if (!asked && text.includes('Trust this plan and run it? [y/N]')) {
          asked = true;
          term.write(`${reply}\r`);
        }
      });
      return new Promise((resolve) => term.onExit(({ exitCode }) => resolve({ code: exitCode, text: stripAnsi(text) })));
    };
    const refused = await answer('n');
    expect(refused.code).toBe(2);
    expect(refused.text).toContain('$ cargo check --offline --all-features');
    expect(refused.text).toContain('not run: the plan was not trusted');
    expect(await sessions()).toEqual([]);

    const accepted = await answer('y');
    expect(accepted.code).toBe(0);
    expect(accepted.text).toContain('headless-42');
    expect(await sessions()).toMatchObject([{ planOrigin: plan, steps: { passed: 1 } }]);
  });

  it('runs the steps in a real terminal, streams their output, stops at the failing cargo check with exit 1', async () => {
    const result = await cli.run(['run', planFile(), '--project', project, '--yes']);
    const out = stripAnsi(result.stdout);
    expect(result.code, result.stderr).toBe(1);
    // The shell ran the commands: $((6*7)) was expanded, cargo printed its own error.
    expect(out).toContain('headless-42');
    expect(out).toContain('+# photondrift (headless)');
    expect(out).toMatch(/error\[E0432\]: unresolved import `wasmtime::WasiCtxBuilder`/);
    // The streamed terminal shows the step's command as written; cargo's JSON is captured out of sight.
    expect(out).toContain('cargo check --offline --all-features\r\n');
    expect(out).not.toMatch(/message-format|filter\.cjs|PIPESTATUS/);
    expect(out).not.toContain('after-2');
    expect(readFileSync(join(project, 'README.md'), 'utf8')).toMatch(/^# photondrift \(headless\)\n/);

    expect(row(result, 'hello').slice(0, 3)).toEqual(['hello', 'passed', '0']);
    expect(row(result, 'readme')).toEqual(['readme', 'passed', expect.stringMatching(/ms|s$/), '1 file changed']);
    const cargo = row(result, 'cargo-all');
    expect(cargo.slice(0, 3)).toEqual(['cargo-all', 'failed', '101']);
    expect(cargo[4]).toBe('1 error, 1 warning');
    expect(row(result, 'after')).toEqual(['after', 'not run']);

    const [session, ...others] = await planSessions();
    expect(others).toEqual([]);
    expect(session).toMatchObject({
      project,
      planId: 'headless-check',
      planOrigin: planFile(),
      steps: { total: 4, passed: 2, failed: 1, stopped: 0, interrupted: 0 },
      openIssues: 2,
    });
    // The edit went through the engine: a snapshot first, then the journaled diff.
    const journal = Journal.open(join(dataDir, 'journal.sqlite'));
    try {
      expect(journal.snapshots.forSession(session!.id).map((s) => [s.stepId, s.store])).toEqual([['readme', 'git']]);
      expect(journal.edits.forSession(session!.id).map((e) => e.file)).toEqual(['README.md']);
      expect(journal.runs.forSession(session!.id).map((r) => [r.stepId, r.status, r.exitCode])).toEqual([
        ['hello', 'passed', 0],
        ['cargo-all', 'failed', 101],
      ]);
    } finally {
      journal.close();
    }
  });

  it('continues the same session: picked steps run in plan order, exit 0 when they pass', async () => {
    // --yes: hello already passed, and a command step's rerun repeats what it changed.
    const result = await cli.run(['run', planFile(), '--project', project, '--steps', 'after,hello', '--yes']);
    expect(result.code, result.stderr).toBe(0);
    const out = stripAnsi(result.stdout);
    expect(out).toMatch(/Session \d+ \(continued\)/);
    expect(out.indexOf('headless-42')).toBeLessThan(out.indexOf('after-2'));
    expect(row(result, 'hello').slice(0, 3)).toEqual(['hello', 'passed', '0']);
    expect(row(result, 'after').slice(0, 3)).toEqual(['after', 'passed', '0']);
    const listed = await planSessions();
    expect(listed).toHaveLength(1);
    expect(listed[0]!.steps).toEqual({ total: 4, passed: 3, failed: 1, stopped: 0, interrupted: 0 });
    const table = (await cli.run(['sessions', 'list'])).stdout.split('\n');
    expect(table[0]).toMatch(/^id +project +plan +started +passed +failed +stopped +interrupted +steps +open issues +last activity$/);
    expect(table.find((l) => l.includes('headless-check'))).toMatch(new RegExp(`^${listed[0]!.id} +${project} +headless-check +\\d{4}-.+ UTC +3 +1 +0 +0 +4 +2 +\\d{4}-.+ UTC$`));
  });

  it('does not run again, without --yes, a picked command step that already ran, and says why', async () => {
    const result = await cli.run(['run', planFile(), '--project', project, '--steps', 'hello']);
    expect(result.code, result.stderr).toBe(0);
    const out = stripAnsi(result.stdout);
    expect(out).toContain('Not run again: step "hello" already passed; running it again repeats what it changed (`echo headless-$((6*7))` runs again).');
    expect(out).not.toContain('headless-42');
    expect(row(result, 'hello')).toEqual(['hello', 'not run', 'already ran; running it again repeats what it changed (--yes runs it)']);
    expect((await planSessions())[0]!.steps).toEqual({ total: 4, passed: 3, failed: 1, stopped: 0, interrupted: 0 });
  });

  it('by default starts at the first step not passed, and --keep-going runs on past a failure', async () => {
    // --yes: `after` passed before, and runs again.
    const result = await cli.run(['run', planFile(), '--project', project, '--keep-going', '--yes']);
    expect(result.code).toBe(1);
    expect(stripAnsi(result.stdout)).not.toContain('headless-42');
    expect(row(result, 'cargo-all').slice(0, 3)).toEqual(['cargo-all', 'failed', '101']);
    expect(row(result, 'after').slice(0, 2)).toEqual(['after', 'passed']);
  });

  it('stops at a manual step with its checklist (exit 3), or skips it with --manual skip; takes a snapshot step', async () => {
    const manual = join(work, 'manual.yaml');
    writeFileSync(manual, `id: with-manual
title: With a manual step
phases:
  - id: only
    title: Only
    steps:
      - id: ask-team
        title: Ask the team
        kind: manual
        checklist: ["Tell the team the upgrade starts"]
      - id: pin
        title: Pin the tree before the echo
        kind: snapshot
      - id: echo
        title: Echo
        kind: command
        command: echo manual-done-$((2*3))
`);
    const stopped = await cli.run(['run', manual, '--project', project, '--yes']);
    expect(stopped.code).toBe(3);
    expect(stopped.stdout).toContain('[ ] Tell the team the upgrade starts');
    expect(row(stopped, 'ask-team').slice(0, 2)).toEqual(['ask-team', 'needs you']);
    expect(row(stopped, 'pin')).toEqual(['pin', 'not run']);
    expect(row(stopped, 'echo')).toEqual(['echo', 'not run']);

    const skipped = await cli.run(['run', manual, '--project', project, '--manual', 'skip']);
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(row(skipped, 'ask-team').slice(0, 2)).toEqual(['ask-team', 'skipped']);
    expect(row(skipped, 'pin').slice(0, 2)).toEqual(['pin', 'passed']);
    expect(stripAnsi(skipped.stdout)).toContain('manual-done-6');
    const session = (await sessions()).find((s) => s.planId === 'with-manual')!;
    const journal = Journal.open(join(dataDir, 'journal.sqlite'));
    try {
      expect(journal.sessions.stepStates(session.id).map((s) => [s.stepId, s.status])).toEqual([
        ['ask-team', 'skipped'],
        ['pin', 'passed'],
        ['echo', 'passed'],
      ]);
      expect(journal.snapshots.forSession(session.id).map((s) => [s.stepId, s.label])).toEqual([['pin', 'Pin the tree before the echo']]);
    } finally {
      journal.close();
    }
  });

  it.each([
    ['SIGTERM', 1],
    ['SIGINT', 2],
  ] as const)('on %s mid-command ends the command and everything it started, journals the run as interrupted, exits 130', async (signal, n) => {
    // Unique to this run, so `ps` finds only ours: a foreground sleep and a background job.
    const marker = `7${process.pid}.${n}`;
    const plan = join(work, `sleep-${n}.yaml`);
    writeFileSync(plan, `id: sleeper-${n}
title: Sleeper
phases:
  - id: only
    title: Only
    steps:
      - id: nap
        title: Nap
        kind: command
        command: sleep ${marker}1 & echo nap-$((40+2)); sleep ${marker}2
      - id: never
        title: Never
        kind: command
        command: echo never
`);
    const running = cli.start(['run', plan, '--project', project, '--yes']);
    await running.waitForOutput('nap-42'); // streamed while the command still runs
    await expect.poll(() => processesWith(marker), { timeout: 10_000 }).toHaveLength(2);
    running.child.kill(signal);
    const result = await running.done;
    expect(result.code).toBe(130);
    expect(processesWith(marker)).toEqual([]);
    expect(row(result, 'nap').slice(0, 2)).toEqual(['nap', 'interrupted']);
    expect(row(result, 'never')).toEqual(['never', 'not run']);

    const session = (await sessions()).find((s) => s.planId === `sleeper-${n}`);
    expect(session?.steps).toEqual({ total: 2, passed: 0, failed: 0, stopped: 0, interrupted: 1 });
    const journal = Journal.open(join(dataDir, 'journal.sqlite'));
    try {
      expect(journal.runs.forSession(session!.id).map((r) => [r.stepId, r.status, r.exitCode])).toEqual([['nap', 'interrupted', null]]);
    } finally {
      journal.close();
    }
  });

  it('fails a check whose output does not match, though its command exited 0, and says why', async () => {
    const plan = join(work, 'expect.yaml');
    writeFileSync(plan, `id: expect-output
title: Expect output
phases:
  - id: only
    title: Only
    steps:
      - id: version
        title: Print a version
        kind: check
        command: echo version-$((1+1)).0
        expectOutput: ["^version-3\\\\."]
`);
    const result = await cli.run(['run', plan, '--project', project, '--yes']);
    expect(result.code).toBe(1);
    expect(row(result, 'version')).toEqual(['version', 'failed', '0', expect.any(String), 'none; its output did not match expectOutput']);
  });

  it('reads a Markdown plan the way the app imports it', async () => {
    const markdown = join(work, 'plan.md');
    writeFileSync(markdown, '# Tiny plan\n\n## Phase 1: Check\n\n- [ ] Say hello\n  ```bash\n  echo md-hello-$((3*3))\n  ```\n');
    const result = await cli.run(['run', markdown, '--project', project, '--yes']);
    expect(result.code, result.stderr).toBe(0);
    expect(stripAnsi(result.stdout)).toContain('md-hello-9');
    expect((await sessions())[0]).toMatchObject({ planOrigin: markdown, steps: { total: 1, passed: 1 } });
  });

  it('fails with a clear message while the app owns the data directory', async () => {
    const engine = Engine.open({ dataDir, resourcesDir: resolveResourcesDir(), host: 'server', version: 'test' });
    try {
      const result = await cli.run(['run', planFile(), '--project', project, '--yes']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`cannot run: Stepwise is already running with data directory ${dataDir} (pid ${process.pid})`);
    } finally {
      await engine.shutdown();
    }
  });
});

// Last: its session would show in the other tests' lists of the project's sessions.
describe('stepwise run with a toolchain step', () => {
  it.runIf(hasRustup)('passes a toolchain step whose toolchain rustup has, saying so, and types no command', async () => {
    const plan = join(work, 'toolchain.yaml');
    writeFileSync(plan, TOOLCHAIN_PLAN);
    const result = await cli.run(['run', plan, '--project', project, '--yes']);
    expect(result.code, result.stderr).toBe(0);
    const out = stripAnsi(result.stdout);
    expect(out).toContain('already done: toolchain stable is installed (rustup toolchain list)');
    expect(row(result, 'stable')).toEqual(['stable', 'passed', 'already done: toolchain stable is installed (rustup toolchain list)']);
    // Typed, rustup would have looked for an update of stable (offline here: an error).
    expect(out).not.toMatch(/syncing channel updates|could not download/);
    expect((await sessions()).filter((s) => s.planOrigin === plan)).toMatchObject([{ steps: { total: 1, passed: 1 } }]);
    // The toolchain after the step, read in the background, was journaled before the CLI exited: the guide's "After".
    const exported = await cli.run(['export', '--project', project, '--format', 'json']);
    expect(exported.code, exported.stderr).toBe(0);
    const { environment } = JSON.parse(exported.stdout) as { environment: Environment };
    const active = execFileSync('rustup', ['show', 'active-toolchain'], { encoding: 'utf8', cwd: project }).trim().split(/\s/)[0];
    expect(environment.after).toMatchObject({ source: 'after step "Install stable"', active });
  });
});
