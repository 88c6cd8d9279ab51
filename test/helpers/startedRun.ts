// `step.run` answers with the run it started, or (a toolchain step whose work
// is done) with no run: a test that expects a run says so here.
import type { RequestResults } from '../../src/shared/contract';

/** The id of the run `step.run` started; throws, with the engine's reason, when it started none. */
export function runIdOf(started: RequestResults['step.run']): number {
  if ('runId' in started) return started.runId;
  throw new Error(`step.run started no run: ${started.alreadyDone}`);
}
