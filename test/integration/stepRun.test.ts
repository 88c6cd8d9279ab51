// A step run end to end below the UI: real engine, WebSocket, pty, bash and cargo.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvents } from '../../src/shared/contract';
import type { RunRecord } from '../../src/shared/model';
import type { Harness } from '../helpers/engineHarness';
import { openFixtureSession, type FixtureSession } from '../helpers/fixtureSession';
import { UNRESOLVED_IMPORT, UNUSED_VARIABLE } from '../helpers/photondrift';
import { runIdOf } from '../helpers/startedRun';

describe('running steps in the session terminal', () => {
  let h: Harness;
  let project: string;
  let sessionId: number;
  let terminalId: string;

  const nextFinished = (match: (run: RunRecord) => boolean): Promise<EngineEvents['run.finished']> =>
    new Promise((resolve) => {
      const off = h.client.on('run.finished', (run) => {
        if (match(run)) {
          off();
          resolve(run);
        }
      });
    });

  let fixture: FixtureSession;
  beforeAll(async () => {
    fixture = await openFixtureSession();
    ({ h, project, sessionId, terminalId } = fixture);
  });
  afterAll(() => fixture.close());

  it('runs a failing cargo step: the step fails with the real exit code and the issues are journaled', async () => {
    const finished = nextFinished((run) => run.stepId === 'check-all-features');
    const issuesChanged = new Promise<EngineEvents['issues.changed']>((resolve) => h.client.on('issues.changed', resolve));
    const runId = runIdOf(await h.client.request('step.run', { sessionId, stepId: 'check-all-features', terminalId }));
    const run = await finished;
    expect(run).toMatchObject({ id: runId, origin: 'step', status: 'failed', exitCode: 101, command: 'cargo check --all-features', cwd: project });
    expect(run.durationMs).toBeGreaterThan(0);

    const { issues } = await issuesChanged;
    expect(issues.find((i) => i.code === 'E0432')).toMatchObject({ ...UNRESOLVED_IMPORT, runId, stepId: 'check-all-features' });
    expect(issues.find((i) => i.severity === 'warning')).toMatchObject(UNUSED_VARIABLE);
    const view = await h.client.request('session.view', { sessionId });
    expect(view.steps.find((s) => s.stepId === 'check-all-features')).toMatchObject({ status: 'failed', lastRunId: runId });
    const { output } = await h.client.request('run.output', { runId });
    expect(output).toContain('could not compile `photondrift`');
  });

  it('journals a command typed by hand, with its exit code, tied to no step', async () => {
    const finished = nextFinished((run) => run.command.includes('typed'));
    for (const key of 'echo typed; (exit 3)\r') h.client.notify('terminal.input', { terminalId, data: key });
    expect(await finished).toMatchObject({ stepId: null, origin: 'typed', exitCode: 3, status: 'failed' });
  });

  it('refuses to start a step while a command is running, and passes a step that exits 0', async () => {
    const started = new Promise((resolve) => h.client.on('run.started', resolve));
    h.client.notify('terminal.input', { terminalId, data: 'sleep 30\r' });
    await started;
    await expect(h.client.request('step.run', { sessionId, stepId: 'test-no-run', terminalId })).rejects.toMatchObject({ code: 'busy' });
    const interrupted = nextFinished((run) => run.command === 'sleep 30');
    h.client.notify('terminal.input', { terminalId, data: '\x03' });
    expect(await interrupted).toMatchObject({ exitCode: 130 });

    const passed = nextFinished((run) => run.stepId === 'test-no-run');
    await h.client.request('step.run', { sessionId, stepId: 'test-no-run', terminalId });
    expect(await passed).toMatchObject({ status: 'passed', exitCode: 0 });
  });

  it('refuses to run a step that has no command', async () => {
    await expect(h.client.request('step.run', { sessionId, stepId: 'ci-matrix', terminalId })).rejects.toThrow(/manual step/);
    await expect(h.client.request('step.run', { sessionId, stepId: 'update-makefile', terminalId })).rejects.toThrow(/edit step/);
  });
});
