// Replay: a session run with `stepwise run` on one real crate from Debian's
// packages (memoffset), written by `stepwise plan from-session` as a plan, and
// that plan run on a second real crate (doc-comment) with the built CLI, a real
// shell in a real pty and real cargo on the toolchain ladder.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePlan } from '../../src/core/plans/planFile';
import { stripAnsi } from '../../src/shared/ansi';
import { BuiltCli } from '../helpers/builtCli';
import { commitAll } from '../helpers/gitRepo';
import { copyRegistryCrate, ladderSkipReason } from '../helpers/ladder';
import { shellHomeEnv } from '../helpers/shellHome';

const reason = ladderSkipReason();

/** A team's plan: its toolchain a parameter, one step that fails on the first crate. */
const PLAN = `id: team-bump
title: Check on \${toolchain}
parameters:
  - { name: toolchain, type: toolchain, default: stable, description: The toolchain to check with }
phases:
  - id: bump
    title: Bump
    steps:
      - id: version
        title: Show the compiler
        kind: command
        command: rustc +\${toolchain} --version
        expectOutput: ["rustc 1\\\\.85\\\\."]
        rerun: safe
      - id: msrv
        title: Declare the Rust the crate needs
        kind: edit
        edit: { replace: { find: "[package]\\n", with: "[package]\\nrust-version = \\"1.63\\"\\n", files: [Cargo.toml] } }
      - id: only-here
        title: A file only the first crate has
        kind: check
        command: test -e NOT-IN-ANY-CRATE
      - id: check
        title: Check the crate
        kind: check
        command: cargo +\${toolchain} check --offline
`;

describe.skipIf(reason !== null)(`stepwise plan from-session, replayed on a second crate${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let work: string;
  let cli: BuiltCli;
  let first: string;
  let second: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'stepwise-replay-'));
    first = copyRegistryCrate('memoffset', join(work, 'memoffset'), 'debian-1.63');
    second = copyRegistryCrate('doc-comment', join(work, 'doc-comment'), 'debian-1.63');
    commitAll(first);
    commitAll(second);
    writeFileSync(join(work, 'plan.yaml'), PLAN);
    cli = BuiltCli.build({ ...shellHomeEnv(), STEPWISE_HOME: join(work, 'data'), NO_COLOR: '1' });
  }, 120_000);
  afterAll(async () => {
    await cli?.remove();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('writes the steps that passed, with the session values, and the replay passes on another crate', async () => {
    const ran = await cli.run(['run', join(work, 'plan.yaml'), '--project', first, '--yes', '--keep-going', '--param', 'toolchain=debian-1.85']);
    expect(ran.code, ran.stderr).toBe(1); // only-here failed
    expect(readFileSync(join(first, 'Cargo.toml'), 'utf8')).toContain('[package]\nrust-version = "1.63"\n');

    const out = join(work, 'replay.yaml');
    const made = await cli.run(['plan', 'from-session', '--project', first, '--out', out]);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stderr).toMatch(/Wrote 3 steps of session \d+ to /);
    expect(made.stderr).toContain('left out step only-here (A file only the first crate has): failed in the session');
    const yaml = readFileSync(out, 'utf8');
    const plan = parsePlan(yaml, out);
    expect(plan.phases.flatMap((p) => p.steps.map((s) => s.id))).toEqual(['version', 'msrv', 'check']);
    // The toolchain stays a parameter, defaulting to the session's value; nothing of the first crate's path is in it.
    expect(plan.parameters[0]).toMatchObject({ name: 'toolchain', default: 'debian-1.85' });
    expect(plan.phases[0]!.steps[2]!.command).toBe('cargo +${toolchain} check --offline');
    expect(yaml).not.toContain(first);

    const replay = await cli.run(['run', out, '--project', second, '--yes']);
    expect(replay.code, `${replay.stdout}\n${replay.stderr}`).toBe(0);
    expect(stripAnsi(replay.stdout)).toMatch(/rustc 1\.85\.\d/);
    expect(readFileSync(join(second, 'Cargo.toml'), 'utf8')).toContain('[package]\nrust-version = "1.63"\n');
  });

  it('refuses a session that does not exist, and a missing --out, saying what', async () => {
    const missing = await cli.run(['plan', 'from-session', '--session', '999', '--out', join(work, 'x.yaml')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no session 999 in the journal');
    const noOut = await cli.run(['plan', 'from-session', '--project', first]);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain('plan from-session needs --out PLAN.yaml');
  });
});
