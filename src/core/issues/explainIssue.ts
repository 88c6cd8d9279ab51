// Attaches the known breakage that explains an issue, if the knowledge base has one.
import type { Diagnostic, IssueRecord, KnownBreakage } from '../../shared/model';
import { breakageExplainer, resolveAutofix } from '../knowledge/breakageMatch';
import type { Breakage } from '../knowledge/breakages';

export type IssueExplainer = (issue: IssueRecord) => IssueRecord;

/** An issue's known breakage alone, for a reader of many issues that need not copy each one (the guide). */
export type KnownBreakageOf = (issue: Diagnostic) => KnownBreakage | null;

export function knownBreakageOf(breakages: readonly Breakage[]): KnownBreakageOf {
  const explain = breakageExplainer(breakages);
  return (issue) => {
    const match = explain(issue);
    return match ? toKnown(match, issue) : null;
  };
}

export function issueExplainer(breakages: readonly Breakage[]): IssueExplainer {
  const known = knownBreakageOf(breakages);
  return (issue) => ({ ...issue, known: known(issue) });
}

function toKnown(b: Breakage, issue: Diagnostic): KnownBreakage {
  // The command's placeholders are filled from this issue's message.
  const fix = resolveAutofix(b, issue);
  const autofix = fix
    ? fix.kind === 'command'
      ? { kind: 'command' as const, command: fix.command, description: fix.description }
      : { kind: fix.kind, description: fix.description }
    : null;
  return { id: b.id, title: b.title, explanation: b.explanation, fix: b.fix, sources: b.sources, autofix };
}

/** The knowledge base's lookups for issues, over one list of breakages. */
export interface IssueKnowledge {
  /** The issue with the known breakage that explains it, if any. */
  explain: IssueExplainer;
  /** The entry that explains the issue (its autofix with it), or null. */
  breakageOf: (issue: Diagnostic) => Breakage | null;
}

export function issueKnowledge(breakages: readonly Breakage[]): IssueKnowledge {
  return { explain: issueExplainer(breakages), breakageOf: breakageExplainer(breakages) };
}
