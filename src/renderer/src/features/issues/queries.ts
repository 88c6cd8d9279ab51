// The session's issues as the engine counts and pages them, cached under the
// session's issues key (an `issues.changed` event asks for them again).
import { useQuery } from '@tanstack/react-query';
import type { IssueFilter, IssueGroups, IssueGrouping } from '../../../../shared/contract';
import type { IssueRecord } from '../../../../shared/model';
import { engine } from '../../engine/client';
import { sessionKeys } from '../../engine/queryKeys';
import type { IssuePageFetcher } from './IssueList';

/** How many issues each filter holds, and the groups of one filter and grouping. */
export function useIssueGroups(sessionId: number, filter: IssueFilter, grouping: IssueGrouping): { data: IssueGroups | undefined; error: Error | null; updatedAt: number } {
  const query = useQuery({
    queryKey: [...sessionKeys.issues(sessionId), 'groups', filter, grouping],
    queryFn: () => engine().client.request('issues.groups', { sessionId, filter, grouping }),
  });
  return { data: query.data, error: query.error, updatedAt: query.dataUpdatedAt };
}

/** Open issues (open or regressed) by step id ('' for typed commands), and their total. */
export function useOpenIssueCounts(sessionId: number): { total: number; byStep: ReadonlyMap<string, number>; updatedAt: number } {
  const { data, updatedAt } = useIssueGroups(sessionId, 'live', 'step');
  return { total: data?.counts.live ?? 0, byStep: new Map(data?.groups.map((g) => [g.key, g.count])), updatedAt };
}

export const issuePageFetcher =
  (sessionId: number): IssuePageFetcher =>
  async (q): Promise<IssueRecord[]> =>
    (await engine().client.request('issues.page', { sessionId, ...q })).issues;
