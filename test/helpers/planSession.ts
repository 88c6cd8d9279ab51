// A real engine with a session on `project` started from a plan file's text,
// trusted, and its terminal open: steps run as the app's buttons run them.
import type { RequestResults } from '../../src/shared/contract';
import type { IssueRecord, RunRecord, StepState } from '../../src/shared/model';
import { startHarness, type Harness } from './engineHarness';
import { sessionIssues } from './sessionLists';

/** What running a step gave: its finished run, or the engine's "already done" with no run. */
export type StepRan = { run: RunRecord } | { alreadyDone: string; step: StepState };

export interface PlanSession {
  h: Harness;
  sessionId: number;
  terminalId: string;
  /** Runs the step and waits for its run to finish (or for the engine's "already done"). */
  runStep(stepId: string): Promise<StepRan>;
  /** Previews an edit step and applies that preview. */
  applyEdit(stepId: string): Promise<RequestResults['step.apply']>;
  issues(): Promise<IssueRecord[]>;
  close(): Promise<void>;
}

export async function startPlanSession(project: string, fileName: string, plan: string): Promise<PlanSession> {
  const h = await startHarness();
  const { client } = h;
  const view = await client.request('session.start', { path: project, plan: { fileName, content: plan }, params: {} });
  const sessionId = view.session.id;
  await client.request('session.trust', { sessionId });
  const { terminalId } = await client.request('terminal.open', { sessionId, cols: 160, rows: 40 });

  // Listening before the request: a fast command can end before `step.run` answers.
  const finished = new Map<number, RunRecord>();
  const waiting = new Map<number, (run: RunRecord) => void>();
  client.on('run.finished', (run) => {
    const resolve = waiting.get(run.id);
    if (resolve) resolve(run);
    else finished.set(run.id, run);
  });
  const runFinished = (runId: number): Promise<RunRecord> =>
    finished.has(runId) ? Promise.resolve(finished.get(runId)!) : new Promise((resolve) => waiting.set(runId, resolve));

  return {
    h,
    sessionId,
    terminalId,
    async runStep(stepId) {
      const started = await client.request('step.run', { sessionId, stepId, terminalId });
      return 'alreadyDone' in started ? started : { run: await runFinished(started.runId) };
    },
    async applyEdit(stepId) {
      const { digest } = await client.request('step.preview', { sessionId, stepId });
      return client.request('step.apply', { sessionId, stepId, digest });
    },
    async issues() {
      await h.engine.settled();
      return sessionIssues(client, sessionId);
    },
    close: () => h.close(),
  };
}
