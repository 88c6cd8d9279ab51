// The session's issues as the engine counts and pages them, cached under the
// session's issues key (an `issues.changed` event asks for them again,
// engine/eventHub.ts), and what a user does to one issue (the engine answers
// with `issues.changed`).
import { useMutation, useQuery } from '@tanstack/react-query';
import type { IssueFilter, IssueGroups, IssueGrouping } from '../../../../shared/contract';
import type { IssueRecord } from '../../../../shared/model';
import { useApp } from '../../app/store';
import { engine } from '../../engine/client';
import { sessionKeys } from '../../engine/queryKeys';
import type { IssuePageFetcher } from './IssueList';

/** How many issues each filter holds, and the groups of one filter and grouping. */
export function useIssueGroups(sessionId: number, filter: IssueFilter, grouping: IssueGrouping): { data: IssueGroups | undefined; error: Error | null } {
  const query = useQuery({
    queryKey: [...sessionKeys.issues(sessionId), 'groups', filter, grouping],
    queryFn: () => engine().client.request('issues.groups', { sessionId, filter, grouping }),
  });
  return { data: query.data, error: query.error };
}

/** Open issues (open or regressed) by step id ('' for typed commands), and their total. */
export function useOpenIssueCounts(sessionId: number): { total: number; byStep: ReadonlyMap<string, number> } {
  const { data } = useIssueGroups(sessionId, 'live', 'step');
  return { total: data?.counts.live ?? 0, byStep: new Map(data?.groups.map((g) => [g.key, g.count])) };
}

export const issuePageFetcher =
  (sessionId: number): IssuePageFetcher =>
  async (q): Promise<IssueRecord[]> =>
    (await engine().client.request('issues.page', { sessionId, ...q })).issues;

export function useIssueActions(issueId: number) {
  /** Where the engine may type a command (the attached terminal), if any. */
  const terminalId = (): string | undefined => useApp.getState().terminalId ?? undefined;
  const client = () => engine().client;
  const autofix = useMutation({ mutationFn: () => client().request('issue.autofix', { issueId, terminalId: terminalId() }) });
  const annotate = useMutation({ mutationFn: (note: string) => client().request('issue.annotate', { issueId, note }) });
  const wontfix = useMutation({ mutationFn: (reason: string | null) => client().request('issue.wontfix', { issueId, reason }) });
  const openInEditor = useMutation({ mutationFn: () => client().request('issue.openInEditor', { issueId, terminalId: terminalId() }) });
  return {
    autofix: autofix.mutateAsync,
    annotate: annotate.mutateAsync,
    wontfix: wontfix.mutateAsync,
    openInEditor: openInEditor.mutateAsync,
  };
}
