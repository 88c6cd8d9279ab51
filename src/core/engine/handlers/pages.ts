// A long session, a page at a time: what the Issues panel, the Journal and a
// run's output ask for as they scroll.
import { RunOutputLines } from '../../runs/outputLines';
import type { EngineContext } from '../context';
import type { RequestHandlers } from './index';

type PageHandlers = Pick<RequestHandlers, 'issues.groups' | 'issues.page' | 'runs.page' | 'run.lines' | 'run.issueCounts'>;

export function pageHandlers({ journal, issues }: EngineContext): PageHandlers {
  const outputs = new RunOutputLines((runId) => ({
    output: journal.runs.output(runId),
    sizes: journal.runs.outputSizes(runId),
    finished: journal.runs.get(runId).status !== 'running',
  }));
  return {
    'issues.groups': ({ sessionId, filter, grouping }) => {
      journal.sessions.get(sessionId); // not-found, rather than an empty panel
      return journal.issues.groups(sessionId, filter, grouping);
    },
    'issues.page': ({ sessionId, ...page }) => ({ issues: journal.issues.page(sessionId, page).map(issues.explain) }),
    'runs.page': ({ sessionId, offset, limit }) => {
      journal.sessions.get(sessionId);
      return journal.runs.page(sessionId, offset, limit);
    },
    'run.lines': ({ runId, offset, limit, find }) => outputs.window(runId, offset, limit, find),
    'run.issueCounts': ({ runId }) => journal.issues.countsForRun(journal.runs.get(runId)),
  };
}
