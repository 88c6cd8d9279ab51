// A session's whole lists of runs and issues, read as the page reads them: a
// page at a time (`runs.page`, `issues.groups` + `issues.page`). For tests
// that look at every run or issue; `session.view` does not carry them.
import { MAX_PAGE_ROWS } from '../../src/shared/contract';
import type { EngineClient } from '../../src/shared/client';
import type { IssueRecord, RunRecord } from '../../src/shared/model';

/** Every run of the session, oldest first. */
export async function sessionRuns(client: EngineClient, sessionId: number): Promise<RunRecord[]> {
  const runs: RunRecord[] = [];
  for (let total = Infinity; runs.length < total; ) {
    const page = await client.request('runs.page', { sessionId, offset: runs.length, limit: MAX_PAGE_ROWS });
    total = page.total;
    runs.push(...page.runs);
    if (page.runs.length === 0) break;
  }
  return runs;
}

/** Every issue of the session, in every state, oldest first. */
export async function sessionIssues(client: EngineClient, sessionId: number): Promise<IssueRecord[]> {
  const { groups } = await client.request('issues.groups', { sessionId, filter: 'all', grouping: 'step' });
  const issues: IssueRecord[] = [];
  for (const { key, count } of groups) {
    for (let offset = 0; offset < count; offset += MAX_PAGE_ROWS) {
      const page = await client.request('issues.page', { sessionId, filter: 'all', grouping: 'step', group: key, offset, limit: MAX_PAGE_ROWS });
      issues.push(...page.issues);
    }
  }
  return issues.sort((a, b) => a.id - b.id);
}
