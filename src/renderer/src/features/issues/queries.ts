// What a user does to one issue. The engine answers with `issues.changed`,
// which updates the cache (engine/eventHub.ts).
import { useMutation } from '@tanstack/react-query';
import { useApp } from '../../app/store';
import { engine } from '../../engine/client';

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
