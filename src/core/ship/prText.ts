// The pull-request text of a shipped branch: the session's migration guide in
// Markdown (the guide's own renderer), with the sections a reviewer reads:
// what was done, the breaking changes met and their fixes, the metrics and
// gates, what is still open. The rollback procedure and environment stay in
// the full guide (`stepwise export`).
import { collectGuide, type GuideExport } from '../guide/export';
import type { GuideSection } from '../../shared/guide';

export const PR_SECTIONS: GuideSection[] = ['summary', 'steps', 'breaking-changes', 'metrics', 'open-issues'];

export function pullRequestText(request: Omit<GuideExport, 'format' | 'options'>): string {
  return collectGuide({ ...request, format: 'md', options: { sections: PR_SECTIONS, excerpts: false, tildeHome: true, redactSecrets: true } }).text;
}
