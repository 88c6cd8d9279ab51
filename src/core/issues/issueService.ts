// What the user does with an issue: a note, won't fix (or open again), open
// its file in an editor. Each change is journaled and told to clients
// (`issues.changed`) with what the knowledge base knows of the issue, which
// is looked up here: `explain` for a whole record, `breakageOf` for the entry.
import { spawn } from 'node:child_process';
import { basename, join } from 'node:path';
import type { IssueRecord } from '../../shared/model';
import { EngineFault } from '../engine/errors';
import { commitThenEmit, type EventBus } from '../engine/eventBus';
import type { Journal } from '../journal/journal';
import type { Breakage } from '../knowledge/breakages';
import { shellWord } from '../terminals/shellQuote';
import type { TerminalManager } from '../terminals/terminalManager';
import type { IssueExplainer, IssueKnowledge } from './explainIssue';

/** Editors with a window of their own that take `-g file:line:col`. */
const GOTO_EDITORS = new Set(['code', 'code-insiders', 'codium', 'cursor', 'windsurf']);

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
  async openInEditor(issueId: number, terminalId: string | undefined): Promise<{ command: string; where: 'app' | 'terminal' }> {
    const { journal, terminals } = this.deps;
    const issue = journal.issues.get(issueId);
    if (!issue.file) throw new EngineFault('invalid-params', 'This issue has no file to open');
    const root = journal.projects.get(journal.sessions.get(issue.sessionId).session.projectId).path;
    const path = join(root, issue.file);
    const choice = chosenEditor(process.env);
    const editor = choice.command;
    const line = issue.line ?? 1;
    if (GOTO_EDITORS.has(basename(editor))) {
      const target = `${path}:${line}:${issue.column ?? 1}`;
      await launch(choice, [...choice.args, '-g', target]);
      return { command: `${[editor, ...choice.args].map((word) => shellWord(word)).join(' ')} -g ${shellWord(target)}`, where: 'app' };
    }
    // A terminal editor (vim, nano, emacs -nw...) opens in the session's terminal.
    if (!terminalId) throw new EngineFault('invalid-params', `${editor} runs in a terminal: open the session's terminal first`);
    const command = `${[editor, ...choice.args].map((word) => shellWord(word)).join(' ')} +${line} ${shellWord(path)}`;
    await terminals.type(issue.sessionId, terminalId, command);
    return { command, where: 'terminal' };
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

interface EditorChoice {
  command: string;
  /** Words after the command in $VISUAL / $EDITOR (`code --wait`). */
  args: string[];
  /** Where it came from, for an error that says what to change. */
  from: '$VISUAL' | '$EDITOR' | null;
}

/** $VISUAL, else $EDITOR (split into words, as shells and git do), else VS Code's `code`. */
export function chosenEditor(env: NodeJS.ProcessEnv): EditorChoice {
  const from = env.VISUAL?.trim() ? '$VISUAL' : env.EDITOR?.trim() ? '$EDITOR' : null;
  const [command = 'code', ...args] = (from === '$VISUAL' ? env.VISUAL! : from === '$EDITOR' ? env.EDITOR! : 'code').trim().split(/\s+/);
  return { command, args, from };
}

const SET_ONE = 'set $VISUAL or $EDITOR in the environment Stepwise starts from (e.g. `export VISUAL=code` or `export EDITOR=vim`), then start it again';

/** Why the editor could not start, in words: which variable chose it, and what to set. */
export function editorStartError(choice: EditorChoice, error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOENT') {
    return choice.from
      ? `Could not open the file: ${choice.from} is \`${choice.command}\`, which is not a program on PATH; ${SET_ONE}`
      : `Could not open the file: neither $VISUAL nor $EDITOR is set, and VS Code's \`code\` is not on PATH; ${SET_ONE}`;
  }
  return `Could not start ${choice.command} (${choice.from ?? 'the default editor'}): ${error.message}; ${SET_ONE}`;
}

function launch(choice: EditorChoice, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(choice.command, args, { detached: true, stdio: 'ignore' });
    child.once('error', (error: NodeJS.ErrnoException) => reject(new EngineFault('io', editorStartError(choice, error))));
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}
