// A step's state changes only through StepTransitions.transition: the move is
// checked against stepStates.ts, journaled, and `step.changed` goes out once
// it has committed (seen from a second connection to the same journal file,
// which reads only committed rows), also inside a run's larger transaction.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StepState } from '../../src/shared/model';
import { EngineFault } from '../../src/core/engine/errors';
import { commitThenEmit, EventBus } from '../../src/core/engine/eventBus';
import { Journal } from '../../src/core/journal/journal';
import { resolveResourcesDir } from '../../src/core/platform/fs/paths';
import { PlanRegistry } from '../../src/core/plans/registry';
import { sessionInput } from '../../src/core/plans/resolvePlan';
import { canMove, STEP_MOVES } from '../../src/core/steps/stepStates';
import { StepTransitions } from '../../src/core/steps/stepTransitions';
import { useTempDir } from '../helpers/tempDir';

const tempDir = useTempDir('stepwise-step-transitions-');
const STEP = 'check';

function journalWithSession() {
  const file = join(tempDir(), 'journal.sqlite');
  const journal = Journal.open(file);
  const sessionId = journal.sessions.create(journal.projects.open(tempDir()).id, sessionInput(new PlanRegistry(resolveResourcesDir()).default, {}, 'builtin', true)).id;
  const bus = new EventBus();
  const steps = new StepTransitions({ journal, bus });
  /** What another process reading the file sees of the step: only what has committed. */
  const committed = (): StepState | undefined => {
    const reader = Journal.open(file);
    try {
      return reader.sessions.stepStates(sessionId).find((s) => s.stepId === STEP);
    } finally {
      reader.close();
    }
  };
  const events: { step: StepState; committed: StepState | undefined }[] = [];
  bus.subscribe((event, payload) => {
    if (event === 'step.changed') events.push({ step: (payload as { step: StepState }).step, committed: committed() });
  });
  const run = (): number => journal.runs.start({ sessionId, stepId: STEP, origin: 'step', command: 'cargo check', cwd: '/', startedAt: new Date() }).id;
  return { journal, bus, steps, sessionId, committed, events, run };
}

describe('the step moves table', () => {
  it('lets a run start from any status and end a running or pending step', () => {
    for (const from of Object.keys(STEP_MOVES.run) as (keyof typeof STEP_MOVES.run)[]) expect(canMove('run', from, 'running')).toBe(true);
    expect(canMove('run', 'running', 'passed')).toBe(true);
    expect(canMove('run', 'running', 'interrupted')).toBe(true);
    expect(canMove('run', 'passed', 'failed')).toBe(false);
  });

  it('lets the user mark any step but a running one, and never as running, failed or interrupted', () => {
    expect(canMove('hand', 'failed', 'skipped')).toBe(true);
    expect(canMove('hand', 'passed', 'passed')).toBe(true);
    expect(canMove('hand', 'running', 'passed')).toBe(false);
    expect(canMove('hand', 'pending', 'running')).toBe(false);
    expect(canMove('hand', 'pending', 'failed')).toBe(false);
  });
});

describe('StepTransitions.transition', () => {
  it('journals an allowed move and emits step.changed after its commit', () => {
    const t = journalWithSession();
    const step = t.steps.transition(t.sessionId, STEP, 'skipped');
    expect(step).toMatchObject({ stepId: STEP, status: 'skipped', lastRunId: null });
    expect(t.committed()).toMatchObject({ status: 'skipped' });
    expect(t.events).toEqual([{ step, committed: step }]);
    t.journal.close();
  });

  it("follows a run: running as it starts, its outcome as it ends, and keeps the run's id on a later mark", () => {
    const t = journalWithSession();
    const runId = t.run();
    expect(t.steps.transition(t.sessionId, STEP, 'running', runId)).toMatchObject({ status: 'running', lastRunId: runId });
    expect(t.steps.transition(t.sessionId, STEP, 'failed', runId)).toMatchObject({ status: 'failed', lastRunId: runId });
    expect(t.steps.transition(t.sessionId, STEP, 'pending')).toMatchObject({ status: 'pending', lastRunId: runId });
    expect(t.events.map((e) => e.step.status)).toEqual(['running', 'failed', 'pending']);
    t.journal.close();
  });

  it('refuses a running step by hand, naming the step, from and to, and changes nothing', () => {
    const t = journalWithSession();
    const runId = t.run();
    t.steps.transition(t.sessionId, STEP, 'running', runId);
    t.events.length = 0;
    let fault: unknown;
    try {
      t.steps.transition(t.sessionId, STEP, 'passed');
    } catch (error) {
      fault = error;
    }
    expect(fault).toBeInstanceOf(EngineFault);
    expect(fault).toMatchObject({ code: 'busy' });
    expect((fault as Error).message).toMatch(/step "check".*running.*passed/);
    expect(t.committed()).toMatchObject({ status: 'running', lastRunId: runId });
    expect(t.events).toEqual([]);
    t.journal.close();
  });

  it('refuses a move no one makes (a run ending a step it did not start)', () => {
    const t = journalWithSession();
    t.steps.transition(t.sessionId, STEP, 'passed');
    expect(() => t.steps.transition(t.sessionId, STEP, 'failed', t.run())).toThrow(/step "check" cannot move from passed to failed by a run/);
    expect(() => t.steps.transition(t.sessionId, STEP, 'running')).toThrow(/from passed to running by hand/);
    expect(t.committed()).toMatchObject({ status: 'passed' });
    t.journal.close();
  });

  it("inside a larger transaction, emits once that one has committed, and never for one rolled back", () => {
    const t = journalWithSession();
    const runId = t.run();
    commitThenEmit(t.journal, t.bus, () => {
      t.steps.transition(t.sessionId, STEP, 'running', runId);
      expect(t.events).toEqual([]); // not yet committed: nothing said
    });
    expect(t.events).toMatchObject([{ committed: { status: 'running', lastRunId: runId } }]);

    expect(() =>
      commitThenEmit(t.journal, t.bus, () => {
        t.steps.transition(t.sessionId, STEP, 'passed', runId);
        throw new Error('killed before the commit');
      }),
    ).toThrow(/killed/);
    expect(t.events).toHaveLength(1);
    expect(t.committed()).toMatchObject({ status: 'running' });
    t.journal.close();
  });
});
