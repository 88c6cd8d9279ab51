import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { applyChanges } from '../../edits/applyEdit';
import { unifiedDiff, type FileChange } from '../../edits/planEdit';
import { applyReplace, explain, replaceTargets, resolveAutofix } from '../../knowledge/breakages';
import { listProjectFiles } from '../../scanner';
import { EngineFault } from '../errors';
import type { EngineContext } from '../context';
import type { RequestHandlers } from './index';

type AutofixHandlers = Pick<RequestHandlers, 'issue.autofix'>;

export function autofixHandlers(context: EngineContext): AutofixHandlers {
  const { journal, bus, breakages, terminals, snapshots } = context;
  return {
    'issue.autofix': async ({ issueId, terminalId }) => {
      const issue = journal.issues.get(issueId);
      const breakage = explain(issue, breakages);
      const fix = breakage && resolveAutofix(breakage, issue);
      if (!breakage || !fix) throw new EngineFault('invalid-params', 'No mechanical fix is known for this issue');
      if (fix.kind === 'command' && !terminalId) throw new EngineFault('invalid-params', 'Open the session terminal to run the fix');
      const root = journal.projects.get(journal.sessions.get(issue.sessionId).session.projectId).path;

      const snapshot = await snapshots.before(issue.sessionId, null, `Before the fix for ${breakage.id} (issue ${issueId})`, issueId);
      const detail = `${breakage.id}; snapshot ${snapshot.store}:${snapshot.storeId}`;

      if (fix.kind === 'command') {
        await terminals.get(terminalId!).shell.runCommand(fix.command).catch((error: Error) => {
          throw new EngineFault('busy', error.message);
        });
        journal.issues.addEvent(issueId, 'autofix', null, `${detail}; ran ${fix.command}`);
        return { summary: `Running \`${fix.command}\` in the terminal`, snapshot, edits: [] };
      }

      const files = replaceTargets(fix, issue) ?? (await listProjectFiles(root));
      const changes: FileChange[] = [];
      for (const file of files) {
        const before = await readFile(join(root, file), 'utf8').catch(() => null);
        if (before === null || before.includes('\u0000')) continue;
        const after = applyReplace(before, fix);
        if (after !== before) changes.push({ file, before, after });
      }
      if (changes.length === 0) throw new EngineFault('invalid-params', 'The fix would change nothing: the files no longer say it');
      await applyChanges(root, changes);
      const edits = journal.transaction(() => {
        journal.issues.addEvent(issueId, 'autofix', null, detail);
        return journal.edits.record(issue.sessionId, `autofix:${breakage.id}`, changes.map((c) => ({ file: c.file, diff: unifiedDiff(c) })));
      });
      bus.emit('edits.applied', { sessionId: issue.sessionId, edits });
      return { summary: `Changed ${changes.length} file${changes.length === 1 ? '' : 's'}: ${changes.map((c) => c.file).join(', ')}`, snapshot, edits };
    },
  };
}
