// A step's run and the step's state are journaled in one transaction, as the
// run starts and as it ends, so that a kill between the two writes cannot
// leave a step that disagrees with its last run once the next engine has
// recovered the journal: a step shown interrupted whose run passed, or a step
// shown passed whose latest run was cut short. The kill is stood in for by
// the step's write failing: a transaction that does not reach its COMMIT
// leaves in the file exactly what a kill there would (the RunRecorder on a
// real journal file, reopened as the next engine opens it).
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { EventBus } from '../../src/core/engine/eventBus';
import { JournalHealth } from '../../src/core/engine/journalHealth';
import { RunRecorder, type StartedRun } from '../../src/core/runs/runRecorder';
import { StepTransitions } from '../../src/core/steps/stepTransitions';
import { Journal } from '../../src/core/journal/journal';
import { resolveResourcesDir } from '../../src/core/platform/fs/paths';
import { PlanRegistry } from '../../src/core/plans/registry';
import { sessionInput } from '../../src/core/plans/resolvePlan';
import { useTempDir } from '../helpers/tempDir';

const tempDir = useTempDir('stepwise-run-step-state-');
const STEP = 'check';

/** A recorder on a fresh journal file with a session, and how to start and end a run of STEP in it. */
function recording() {
  const file = join(tempDir(), 'journal.sqlite');
  const journal = Journal.open(file);
  const root = tempDir();
  const sessionId = journal.sessions.create(journal.projects.open(root).id, sessionInput(new PlanRegistry(resolveResourcesDir()).default, {}, 'builtin', true)).id;
  const bus = new EventBus();
  const recorder = new RunRecorder({ journal, bus, explain: (issue) => issue, health: new JournalHealth({ journal, bus }), steps: new StepTransitions({ journal, bus }) });
  return {
    journal,
    start: () => recorder.start({ sessionId, root, stepId: STEP, origin: 'step', command: 'cargo check', cwd: root, startedAt: new Date() }),
    finish: (started: StartedRun) => recorder.finish(started, { exitCode: 0, endedAt: new Date(), output: 'ok\n', passed: true, diagnostics: [] }),
    /** The process dies here; the next engine opens the journal. */
    async crash() {
      await recorder.close();
      journal.close();
      const next = Journal.open(file, { recover: true });
      const view = { runs: next.runs.forSession(sessionId), steps: next.sessions.stepStates(sessionId) };
      next.close();
      return view;
    },
  };
}

/** The step's write fails once, as a kill right before it would stop it. */
function killedAtStepWrite(journal: Journal): void {
  vi.spyOn(journal.sessions, 'setStepState').mockImplementationOnce(() => {
    throw new Error('killed before the step state was written');
  });
}

describe("a step's run and its step are journaled together", () => {
  it('as the run starts: the step is running with it, or neither was committed', async () => {
    const r = recording();
    const first = r.start();
    const run = first.run!;
    expect(r.journal.sessions.stepStates(run.sessionId)).toMatchObject([{ stepId: STEP, status: 'running', lastRunId: run.id }]);
    r.finish(first);

    killedAtStepWrite(r.journal);
    expect(() => r.start()).toThrow(/killed/);
    const { runs, steps } = await r.crash();
    expect(runs.map((x) => [x.id, x.status])).toEqual([[run.id, 'passed']]);
    expect(steps).toMatchObject([{ stepId: STEP, status: 'passed', lastRunId: run.id }]);
  });

  it('as the run ends: a kill before the step is written leaves both interrupted, not the run passed and the step interrupted', async () => {
    const r = recording();
    const started = r.start();
    const run = started.run!;
    killedAtStepWrite(r.journal);
    expect(() => r.finish(started)).toThrow(/killed/);
    const { runs, steps } = await r.crash();
    expect(runs.map((x) => [x.id, x.status])).toEqual([[run.id, 'interrupted']]);
    expect(steps).toMatchObject([{ stepId: STEP, status: 'interrupted', lastRunId: run.id }]);
  });
});
