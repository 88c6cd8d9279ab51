// A known breakage's one-click fix for an issue, after a snapshot of the
// project: its command typed into the session's terminal, or its text
// replacement made in the files that still say what it replaces.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EditRecord, SnapshotRecord } from '../../shared/model';
import { applyChanges } from '../edits/applyEdit';
import type { FileChange } from '../edits/planEdit';
import { recordEdits } from '../edits/recordEdits';
import { EngineFault } from '../engine/errors';
import { commitThenEmit } from '../engine/eventBus';
import type { EventBus } from '../engine/eventBus';
import type { Journal } from '../journal/journal';
import type { SnapshotService } from '../snapshots/service';
import { applyReplace, replaceTargets, resolveAutofix } from '../knowledge/breakages';
import { listProjectFiles } from '../scanner';
import type { TerminalManager } from '../terminals/terminalManager';
import type { IssueService } from './issueService';

export interface AutofixDeps {
  journal: Journal;
  bus: EventBus;
  snapshots: SnapshotService;
  terminals: TerminalManager;
  issues: IssueService;
}

export interface AutofixResult {
  summary: string;
  snapshot: SnapshotRecord;
  edits: EditRecord[];
}

export async function autofix(deps: AutofixDeps, issueId: number, terminalId: string | undefined): Promise<AutofixResult> {
  const { journal, terminals, issues } = deps;
  const issue = journal.issues.get(issueId);
  const breakage = issues.breakageOf(issue);
  const fix = breakage && resolveAutofix(breakage, issue);
  if (!breakage || !fix) throw new EngineFault('invalid-params', 'No mechanical fix is known for this issue');
  if (fix.kind === 'command') {
    if (!terminalId) throw new EngineFault('invalid-params', 'Open the session terminal to run the fix');
    // Before the snapshot: a wrong terminal takes none.
    terminals.checkSession(issue.sessionId, terminalId);
  }
  const root = journal.projects.get(journal.sessions.get(issue.sessionId).session.projectId).path;

  const snapshot = await deps.snapshots.before(issue.sessionId, null, `Before the fix for ${breakage.id} (issue ${issueId})`, issueId);
  const detail = `${breakage.id}; snapshot ${snapshot.store}:${snapshot.storeId}`;

  if (fix.kind === 'command') {
    await terminals.type(issue.sessionId, terminalId!, fix.command, { origin: 'fix' });
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
  const edits = commitThenEmit(journal, deps.bus, () => {
    journal.issues.addEvent(issueId, 'autofix', null, detail);
    return recordEdits(deps, issue.sessionId, `autofix:${breakage.id}`, changes);
  });
  const summary = `Changed ${changes.length} file${changes.length === 1 ? '' : 's'}: ${changes.map((c) => c.file).join(', ')}`;
  return { summary, snapshot, edits };
}
