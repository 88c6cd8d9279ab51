import { spawn } from 'node:child_process';
import { basename, join } from 'node:path';
import { EngineFault } from '../errors';
import { shellWord } from '../../terminals/shellQuote';
import type { EngineContext, RequestHandlers } from './index';

type IssueHandlers = Pick<RequestHandlers, 'issue.annotate' | 'issue.wontfix' | 'issue.openInEditor'>;

/** Editors with a window of their own that take `-g file:line:col`. */
const GOTO_EDITORS = new Set(['code', 'code-insiders', 'codium', 'cursor', 'windsurf']);

export function issueHandlers({ journal, bus, explain, terminals }: EngineContext): IssueHandlers {
  const changed = (sessionId: number, issue: ReturnType<typeof journal.issue>): ReturnType<typeof journal.issue> => {
    const explained = explain(issue);
    bus.emit('issues.changed', { sessionId, issues: [explained] });
    return explained;
  };
  return {
    'issue.annotate': ({ issueId, note }) => {
      const issue = journal.updateIssue(issueId, { note: note.trim() || null });
      return changed(issue.sessionId, issue);
    },
    'issue.wontfix': ({ issueId, reason }) => {
      const issue = journal.transaction(() => {
        const state = reason === null ? 'open' : 'wontfix';
        journal.addIssueEvent(issueId, state, null, reason);
        return journal.updateIssue(issueId, { state, wontfixReason: reason });
      });
      return changed(issue.sessionId, issue);
    },
    'issue.openInEditor': async ({ issueId, terminalId }) => {
      const issue = journal.issue(issueId);
      if (!issue.file) throw new EngineFault('invalid-params', 'This issue has no file to open');
      const root = journal.project(journal.session(issue.sessionId).session.projectId).path;
      const path = join(root, issue.file);
      const editor = process.env.VISUAL || process.env.EDITOR || 'code';
      const line = issue.line ?? 1;
      if (GOTO_EDITORS.has(basename(editor))) {
        const target = `${path}:${line}:${issue.column ?? 1}`;
        await launch(editor, ['-g', target]);
        return { command: `${editor} -g ${shellWord(target)}`, where: 'app' };
      }
      // A terminal editor (vim, nano, emacs -nw...) opens in the session's terminal.
      if (!terminalId) throw new EngineFault('invalid-params', `${editor} runs in a terminal: open the session's terminal first`);
      const command = `${editor} +${line} ${shellWord(path)}`;
      await terminals.get(terminalId).shell.runCommand(command).catch((error: Error) => {
        throw new EngineFault('busy', error.message);
      });
      return { command, where: 'terminal' };
    },
  };
}

function launch(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { detached: true, stdio: 'ignore' });
    child.once('error', (error) => reject(new EngineFault('io', `Could not start ${command}: ${error.message}; set $VISUAL or $EDITOR`)));
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}
