// A long session, a page at a time: what the Issues panel, the Journal and a
// run's output ask for as they scroll.
import { RunOutputLines } from '../../runs/outputLines';
import type { EngineContext } from '../context';
import type { RequestHandlers } from './index';

type PageHandlers = Pick<RequestHandlers, 'issues.groups' | 'issues.page' | 'runs.page' | 'run.lines' | 'run.issueCounts'>;

export function pageHandlers({ journal, explain }: EngineContext): PageHandlers {
  const outputs = new RunOutputLines((runId) => ({
    output: journal.runOutput(runId),
    sizes: journal.runOutputSizes(runId),
    finished: journal.run(runId).status !== 'running',
  }));
  return {
    'issues.groups': ({ sessionId, filter, grouping }) => {
      journal.session(sessionId); // not-found, rather than an empty panel
      return journal.pages.issueGroups(sessionId, filter, grouping);
    },
    'issues.page': ({ sessionId, ...page }) => ({ issues: journal.pages.issuePage(sessionId, page).map(explain) }),
    'runs.page': ({ sessionId, offset, limit }) => {
      journal.session(sessionId);
      return journal.pages.runPage(sessionId, offset, limit);
    },
    'run.lines': ({ runId, offset, limit, find }) => outputs.window(runId, offset, limit, find),
    'run.issueCounts': ({ runId }) => journal.pages.runIssueCounts(journal.run(runId)),
  };
}
