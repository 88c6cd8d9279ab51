// Steps that know their state, through the real engine, pty and journal: a
// command step that already ran runs again only when its plan says that is
// safe or the request confirms it; an edit step at its target passes saying
// so, and the note reaches the guide.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitAll } from '../helpers/gitRepo';
import { startPlanSession, type PlanSession } from '../helpers/planSession';
import { sessionRuns } from '../helpers/sessionLists';

const PLAN = `
id: rerun-safety
title: Rerun safety
phases:
  - id: steps
    title: Steps
    steps:
      - { id: append, title: Append a line, kind: command, command: "echo ran >> runs.txt" }
      - { id: fail, title: Fail once, kind: command, command: "echo failing >> runs.txt && false" }
      - { id: look, title: Look, kind: command, command: "cat Cargo.toml", rerun: safe }
      - { id: check, title: Check, kind: check, command: "test -f Cargo.toml" }
      - { id: pin, title: Pin the Makefile, kind: edit, edit: { pins: { kinds: [makefile-rust-version], to: "1.81" } } }
      - { id: docker, title: Pin the Dockerfile, kind: edit, edit: { pins: { kinds: [docker-from-rust], to: "1.81" } } }
`;

describe('running a step again', () => {
  let work: string;
  let project: string;
  let s: PlanSession;
  const lines = (): string[] => readFileSync(join(project, 'runs.txt'), 'utf8').trim().split('\n');
  const stepState = async (stepId: string) =>
    (await s.h.client.request('session.view', { sessionId: s.sessionId })).steps.find((st) => st.stepId === stepId);

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'stepwise-rerun-'));
    project = join(work, 'crate');
    mkdirSync(join(project, 'src'), { recursive: true });
    writeFileSync(join(project, 'Cargo.toml'), '[package]\nname = "rerun"\nversion = "0.1.0"\nedition = "2021"\n');
    writeFileSync(join(project, 'src', 'lib.rs'), '');
    writeFileSync(join(project, 'Makefile'), '# the toolchain\nRUST_VERSION ?= 1.81\n');
    commitAll(project);
    s = await startPlanSession(project, 'rerun-safety.yaml', PLAN);
  });
  afterAll(async () => {
    await s?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('refuses to repeat a passed command step without confirmRerun, saying which step, what it runs and how to confirm', async () => {
    expect(await s.runStep('append')).toMatchObject({ run: { status: 'passed' } });
    const runsBefore = (await sessionRuns(s.h.client, s.sessionId)).length;
    const refused = s.h.client.request('step.run', { sessionId: s.sessionId, stepId: 'append', terminalId: s.terminalId });
    await expect(refused).rejects.toMatchObject({ code: 'rerun-needs-confirm' });
    await expect(refused).rejects.toThrow(/step "append" already passed; running it again repeats what it changed \(`echo ran >> runs.txt` runs again\).*confirmRerun: true/);
    expect(lines()).toEqual(['ran']);
    expect(await sessionRuns(s.h.client, s.sessionId)).toHaveLength(runsBefore);
    expect(await stepState('append')).toMatchObject({ status: 'passed' });
  });

  it('repeats it with confirmRerun', async () => {
    const started = await s.h.client.request('step.run', { sessionId: s.sessionId, stepId: 'append', terminalId: s.terminalId, confirmRerun: true });
    expect(started).toHaveProperty('runId');
    await s.h.engine.settled();
    await expect.poll(lines).toEqual(['ran', 'ran']);
  });

  it('asks for a failed command step too', async () => {
    expect(await s.runStep('fail')).toMatchObject({ run: { status: 'failed' } });
    await expect(s.h.client.request('step.run', { sessionId: s.sessionId, stepId: 'fail', terminalId: s.terminalId })).rejects.toMatchObject({
      code: 'rerun-needs-confirm',
      message: expect.stringContaining('step "fail" already failed'),
    });
  });

  it('reruns a command the plan declares safe, and a check, without asking', async () => {
    for (const stepId of ['look', 'check']) {
      expect(await s.runStep(stepId)).toMatchObject({ run: { status: 'passed' } });
      expect(await s.runStep(stepId)).toMatchObject({ run: { status: 'passed' } });
    }
  });

  it('passes an edit already at its target as already done, and says when the project has nothing of its kind', async () => {
    const preview = await s.h.client.request('step.preview', { sessionId: s.sessionId, stepId: 'pin' });
    expect(preview).toMatchObject({ files: [], atTarget: [{ file: 'Makefile', line: 2, says: '1.81' }], lookedFor: 'RUST_VERSION pin in a Makefile' });
    const applied = await s.applyEdit('pin');
    expect(applied).toMatchObject({ edits: [], step: { stepId: 'pin', status: 'passed', note: 'already done: Makefile:2 says 1.81' } });

    const docker = await s.h.client.request('step.preview', { sessionId: s.sessionId, stepId: 'docker' });
    expect(docker).toMatchObject({ files: [], atTarget: [], lookedFor: '`FROM rust:` image in a Dockerfile' });
  });

  it('keeps the note until the step moves again, and the guide tells it', async () => {
    const { text } = await s.h.client.request('guide.export', { sessionId: s.sessionId });
    expect(text).toContain('passed without running: already done: Makefile:2 says 1.81');
    // Marked by hand afterwards, the note is cleared: it no longer says why.
    await s.h.client.request('step.mark', { sessionId: s.sessionId, stepId: 'pin', status: 'pending' });
    expect(await stepState('pin')).toMatchObject({ status: 'pending', note: null });
  });
});
