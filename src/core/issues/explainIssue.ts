// Attaches the known breakage that explains an issue, if the knowledge base has one.
import type { IssueRecord, KnownBreakage } from '../../shared/model';
import { explain, resolveAutofix, type Breakage } from '../knowledge/breakages';

export type IssueExplainer = (issue: IssueRecord) => IssueRecord;

export function issueExplainer(breakages: Breakage[]): IssueExplainer {
  return (issue) => {
    const match = explain(issue, breakages);
    return { ...issue, known: match ? toKnown(match, issue) : null };
  };
}

function toKnown(b: Breakage, issue: IssueRecord): KnownBreakage {
  // The command's placeholders are filled from this issue's message.
  const fix = resolveAutofix(b, issue);
  const autofix = fix
    ? fix.kind === 'command'
      ? { kind: 'command' as const, command: fix.command, description: fix.description }
      : { kind: 'replace' as const, description: fix.description }
    : null;
  return { id: b.id, title: b.title, explanation: b.explanation, fix: b.fix, sources: b.sources, autofix };
}
