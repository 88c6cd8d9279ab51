// A run the user stops with Ctrl+C is Stopped, not Failed: through the real
// engine, pty and journal, Ctrl+C typed into the terminal while a step's
// `sleep 30` runs ends it with exit 130; the run and its step are journaled
// stopped, the guide says so, and the step runs again. A command that fails
// by itself, with no Ctrl+C, stays failed.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/shared/model';
import { commitAll } from '../helpers/gitRepo';
import { startPlanSession, type PlanSession } from '../helpers/planSession';

const PLAN = `
id: stopped-runs
title: Stopped runs
phases:
  - id: steps
    title: Steps
    steps:
      - { id: wait, title: Wait, kind: command, command: "test -f go || sleep 30" }
      - { id: fail, title: Fail, kind: command, command: "sh -c 'exit 3'" }
`;

describe('a run the user stops with Ctrl+C', () => {
  let work: string;
  let project: string;
  let s: PlanSession;
  const stepState = async (stepId: string) =>
    (await s.h.client.request('session.view', { sessionId: s.sessionId })).steps.find((st) => st.stepId === stepId);

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'stepwise-stopped-'));
    project = join(work, 'crate');
    mkdirSync(project, { recursive: true });
    writeFileSync(join(project, 'Cargo.toml'), '[package]\nname = "stopped"\nversion = "0.1.0"\nedition = "2021"\n');
    commitAll(project);
    s = await startPlanSession(project, 'stopped-runs.yaml', PLAN);
  });
  afterAll(async () => {
    await s?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('is journaled stopped with its exit code, and so is its step', async () => {
    const ended = new Promise<RunRecord>((resolve) => s.h.client.on('run.finished', resolve));
    const { runId } = (await s.h.client.request('step.run', { sessionId: s.sessionId, stepId: 'wait', terminalId: s.terminalId })) as { runId: number };
    expect(await stepState('wait')).toMatchObject({ status: 'running', lastRunId: runId });
    const t0 = Date.now();
    s.h.client.notify('terminal.input', { terminalId: s.terminalId, data: '\x03' });
    const run = await ended;
    expect(Date.now() - t0).toBeLessThan(10_000); // the sleep was ended, not waited out
    expect(run).toMatchObject({ id: runId, status: 'stopped', exitCode: 130 });
    await s.h.engine.settled();
    expect(await stepState('wait')).toMatchObject({ status: 'stopped', lastRunId: runId });
    const guide = await s.h.client.request('guide.export', { sessionId: s.sessionId, format: 'md' });
    expect(JSON.stringify(guide)).toMatch(/stopped by the user \(exit 130\)/);
  });

  it('runs again (asking first, as after a failure), and that run passes', async () => {
    await expect(s.h.client.request('step.run', { sessionId: s.sessionId, stepId: 'wait', terminalId: s.terminalId })).rejects.toMatchObject({
      code: 'rerun-needs-confirm',
    });
    writeFileSync(join(project, 'go'), '');
    const ended = new Promise<RunRecord>((resolve) => s.h.client.on('run.finished', resolve));
    await s.h.client.request('step.run', { sessionId: s.sessionId, stepId: 'wait', terminalId: s.terminalId, confirmRerun: true });
    expect(await ended).toMatchObject({ status: 'passed', exitCode: 0 });
    await s.h.engine.settled();
    expect(await stepState('wait')).toMatchObject({ status: 'passed' });
  });

  it('leaves a command that fails by itself failed', async () => {
    expect(await s.runStep('fail')).toMatchObject({ run: { status: 'failed', exitCode: 3 } });
    expect(await stepState('fail')).toMatchObject({ status: 'failed' });
  });
});
