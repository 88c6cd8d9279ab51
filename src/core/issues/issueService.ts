// What the user does with an issue: a note, won't fix (or open again), open
// its file in an editor. Each change is journaled and told to clients
// (`issues.changed`) with what the knowledge base knows of the issue, which
// is looked up here: `explain` for a whole record, `breakageOf` for the entry.
import type { IssueRecord } from '../../shared/model';
import { EngineFault } from '../engine/errors';
import { commitThenEmit, type EventBus } from '../engine/eventBus';
import type { Journal } from '../journal/journal';
import type { Breakage } from '../knowledge/breakages';
import { openInEditor } from '../editor/openInEditor';
import type { TerminalManager } from '../terminals/terminalManager';
import type { IssueExplainer, IssueKnowledge } from './explainIssue';

export interface IssueServiceDeps {
  journal: Journal;
  bus: EventBus;
  knowledge: IssueKnowledge;
  terminals: TerminalManager;
}

export class IssueService {
  /** The issue with the known breakage that explains it, if any. */
  readonly explain: IssueExplainer;
  /** The knowledge base's entry that explains the issue, or null. */
  readonly breakageOf: (issue: IssueRecord) => Breakage | null;

  constructor(private readonly deps: IssueServiceDeps) {
    ({ explain: this.explain, breakageOf: this.breakageOf } = deps.knowledge);
  }

  annotate(issueId: number, note: string): IssueRecord {
    return this.change(() => this.deps.journal.issues.update(issueId, { note: note.trim() || null }));
  }

  /** A reason marks the issue won't fix; null opens it again. */
  wontfix(issueId: number, reason: string | null): IssueRecord {
    const { journal } = this.deps;
    return this.change(() => {
      const state = reason === null ? 'open' : 'wontfix';
      journal.issues.addEvent(issueId, state, null, reason);
      return journal.issues.update(issueId, { state, wontfixReason: reason });
    });
  }

  /** Opens the issue's file at its line: in an editor's own window, or a terminal editor in the session's terminal. */
  openInEditor(issueId: number, terminalId: string | undefined): Promise<{ command: string; where: 'app' | 'terminal' }> {
    const { journal, terminals } = this.deps;
    const issue = journal.issues.get(issueId);
    if (!issue.file) throw new EngineFault('invalid-params', 'This issue has no file to open');
    const root = journal.projects.get(journal.sessions.get(issue.sessionId).session.projectId).path;
    return openInEditor(terminals, { sessionId: issue.sessionId, root, file: issue.file, line: issue.line ?? 1, column: issue.column ?? 1, terminalId });
  }

  /** Journals a change to one issue, then tells clients of it, explained. */
  private change(write: () => IssueRecord): IssueRecord {
    const { journal, bus } = this.deps;
    return commitThenEmit(journal, bus, () => {
      const explained = this.explain(write());
      bus.emit('issues.changed', { sessionId: explained.sessionId, issues: [explained] });
      return explained;
    });
  }
}
