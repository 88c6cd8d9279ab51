// A known breakage's one-click fix for an issue, after a snapshot of the
// project: its command typed into the session's terminal, its text
// replacement made in the files that still say what it replaces, or the
// cfg names of the session's unexpected_cfgs warnings declared.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EditRecord, IssueRecord, SnapshotRecord } from '../../shared/model';
import { applyChanges } from '../edits/applyEdit';
import { cfgNameOf, declareCheckCfgs, manifestOf } from '../edits/declareCfgs';
import { EditError, type FileChange } from '../edits/planEdit';
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
  // Worked out before the snapshot: a fix that would change nothing, or cannot, takes none.
  const changes = fix.kind === 'command' ? [] : await editsOf(journal, root, fix, issue);

  const snapshot = await deps.snapshots.before(issue.sessionId, null, `Before the fix for ${breakage.id} (issue ${issueId})`, issueId);
  const detail = `${breakage.id}; snapshot ${snapshot.store}:${snapshot.storeId}`;

  if (fix.kind === 'command') {
    await terminals.type(issue.sessionId, terminalId!, fix.command, { origin: 'fix' });
    journal.issues.addEvent(issueId, 'autofix', null, `${detail}; ran ${fix.command}`);
    return { summary: `Running \`${fix.command}\` in the terminal`, snapshot, edits: [] };
  }

  try {
    await applyChanges(root, changes);
  } catch (error) {
    if (error instanceof EditError) throw new EngineFault('edit-conflict', error.message);
    throw error;
  }
  const edits = commitThenEmit(journal, deps.bus, () => {
    journal.issues.addEvent(issueId, 'autofix', null, detail);
    return recordEdits(deps, issue.sessionId, `autofix:${breakage.id}`, changes);
  });
  const summary = `Changed ${changes.length} file${changes.length === 1 ? '' : 's'}: ${changes.map((c) => c.file).join(', ')}`;
  return { summary, snapshot, edits };
}

type FileFix = Exclude<NonNullable<ReturnType<typeof resolveAutofix>>, { kind: 'command' }>;
type ReplaceFix = Extract<FileFix, { kind: 'replace' }>;

async function editsOf(journal: Journal, root: string, fix: FileFix, issue: IssueRecord): Promise<FileChange[]> {
  let changes: FileChange[];
  try {
    changes = fix.kind === 'declare-cfgs' ? await declaredCfgChanges(journal, issue.sessionId, root) : await replaceChanges(root, fix, issue);
  } catch (error) {
    if (error instanceof EditError) throw new EngineFault('edit-conflict', error.message);
    throw error;
  }
  if (changes.length === 0) throw new EngineFault('invalid-params', 'The fix would change nothing: the files no longer say it');
  return changes;
}

/** The replacement made in every file (of its scope) that still says what it replaces. */
async function replaceChanges(root: string, fix: ReplaceFix, issue: IssueRecord): Promise<FileChange[]> {
  const files = replaceTargets(fix, issue) ?? (await listProjectFiles(root));
  return changedFiles(root, files, (before) => applyReplace(before, fix), { skipUnreadable: true });
}

/** Every cfg name the session's live `unexpected_cfgs` warnings give, declared in the manifest of the package each came from. */
async function declaredCfgChanges(journal: Journal, sessionId: number, root: string): Promise<FileChange[]> {
  const byManifest = new Map<string, Set<string>>();
  for (const live of journal.issues.forSession(sessionId)) {
    const name = live.code === 'unexpected_cfgs' && (live.state === 'open' || live.state === 'regressed') ? cfgNameOf(live.message) : null;
    if (name === null) continue;
    const manifest = manifestOf(root, live.file);
    byManifest.set(manifest, (byManifest.get(manifest) ?? new Set()).add(name));
  }
  return changedFiles(root, byManifest.keys(), (before, file) => declareCheckCfgs(before, [...byManifest.get(file)!].sort(), file), { skipUnreadable: false });
}

/**
 * The files a text transform changes, as before/after pairs. A scan over many
 * files skips what it cannot read as text; a named target must be there.
 */
async function changedFiles(root: string, files: Iterable<string>, transform: (before: string, file: string) => string, { skipUnreadable }: { skipUnreadable: boolean }): Promise<FileChange[]> {
  const changes: FileChange[] = [];
  for (const file of files) {
    const before = skipUnreadable ? await readFile(join(root, file), 'utf8').catch(() => null) : await readFile(join(root, file), 'utf8');
    if (before === null || (skipUnreadable && before.includes('\u0000'))) continue;
    const after = transform(before, file);
    if (after !== before) changes.push({ file, before, after });
  }
  return changes;
}
