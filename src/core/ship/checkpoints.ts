// A session's checkpoints read from the journal and the repository: the tree
// each run started on, each git snapshot's tree. One whose tree git no longer
// has (gc prunes unreferenced run trees) is left out, and said.
import type { EditRecord, RunRecord } from '../../shared/model';
import type { Journal } from '../journal/journal';
import { git, type Repo } from '../snapshots/git/exec';
import { SNAPSHOT_REF_PREFIX } from '../snapshots/git/meta';
import { objectSizes } from '../snapshots/git/tree';
import type { ScratchIndex } from './shipGit';
import type { Checkpoint, Owner } from './timeline';

export interface SessionCheckpoints {
  checkpoints: Checkpoint[];
  /** The commit of the session's first git snapshot (its parent was HEAD then). */
  firstSnapshotCommit: string | null;
  notes: string[];
}

export async function sessionCheckpoints(journal: Journal, sessionId: number, repo: Repo, project: string, index: ScratchIndex): Promise<SessionCheckpoints> {
  const checkpoints: Checkpoint[] = [];
  const notes: string[] = [];
  let firstSnapshotCommit: string | null = null;
  let missing = 0;
  const runs = journal.runs.forSession(sessionId).map((run) => ({ run, start: journal.runs.tree(run.id), end: journal.runs.endTree(run.id) }));
  // Which trees git still has, asked once (a long session has thousands of runs).
  const present = await objectSizes(repo.root, [...new Set(runs.flatMap(({ start, end }) => [start, end].filter((t): t is string => t !== null)))]);
  for (const { run, start, end } of runs) {
    if (!start) continue;
    if (!present.has(start)) {
      missing++;
      continue;
    }
    checkpoints.push({ at: run.startedAt, source: 'run', tree: start, owner: runOwner(run), runId: run.id });
    if (end && run.endedAt && present.has(end)) checkpoints.push({ at: run.endedAt, source: 'end', tree: end, owner: { kind: 'outside', command: null } });
  }
  for (const snapshot of journal.snapshots.forSession(sessionId)) {
    if (snapshot.store !== 'git') continue;
    const commit = (await git(repo.root, ['rev-parse', '--verify', '--quiet', `${SNAPSHOT_REF_PREFIX}${snapshot.storeId}^{commit}`]).catch(() => '')).trim();
    if (!commit) {
      notes.push(`snapshot ${snapshot.storeId} is no longer in the repository (pruned): the changes around it are told apart less finely`);
      continue;
    }
    firstSnapshotCommit ??= commit;
    const tree = (await git(repo.root, ['rev-parse', `${commit}^{tree}`])).trim();
    checkpoints.push({ at: snapshot.createdAt, source: 'snapshot', tree, owner: snapshotOwner(snapshot) });
  }
  checkpoints.push(...(await editEnds(journal, sessionId, repo, project, checkpoints, index)));
  if (missing > 0) notes.push(`${missing} run${missing === 1 ? '' : 's'}' start tree${missing === 1 ? ' is' : 's are'} no longer in the repository (git gc): their changes are counted with the run before`);
  return { checkpoints, firstSnapshotCommit, notes };
}

/** A step's run, a one-click fix's command, or the user's (typed, or Stepwise's own measurements and rollbacks: no step's). */
function runOwner(run: RunRecord): Owner {
  if (run.stepId !== null && (run.origin === 'step' || run.origin === null)) return { kind: 'step', stepId: run.stepId };
  if (run.origin === 'fix') return { kind: 'fix', label: `the fix \`${run.command}\`` };
  return { kind: 'outside', command: run.origin === 'typed' || run.origin === null ? run.command : null };
}

/** Before a step (an edit, a risky command), a one-click fix, a restore (safety) or taken by hand. */
function snapshotOwner(snapshot: { stepId: string | null; kind: string; label: string }): Owner {
  if (snapshot.stepId) return { kind: 'step', stepId: snapshot.stepId };
  if (snapshot.kind === 'auto') return { kind: 'fix', label: snapshot.label.replace(/^Before /, '') };
  return { kind: 'outside', command: null };
}

/**
 * Where each edit step ended: its journaled diffs applied to the tree of the
 * snapshot taken before it (edits have no run to capture an end tree). An
 * edit whose diffs do not apply there has none: what follows it until the
 * next checkpoint then counts as its change.
 */
async function editEnds(journal: Journal, sessionId: number, repo: Repo, project: string, checkpoints: Checkpoint[], index: ScratchIndex): Promise<Checkpoint[]> {
  const prefix = (await git(project, ['rev-parse', '--show-prefix'])).trim();
  const groups = new Map<string, EditRecord[]>();
  for (const edit of journal.edits.forSession(sessionId)) {
    const key = `${edit.stepId}\n${edit.appliedAt}`;
    groups.set(key, [...(groups.get(key) ?? []), edit]);
  }
  const ends: Checkpoint[] = [];
  for (const edits of groups.values()) {
    const { stepId, appliedAt } = edits[0]!;
    const before = checkpoints.filter((c) => c.source === 'snapshot' && c.owner.kind === 'step' && c.owner.stepId === stepId && c.at <= appliedAt).at(-1);
    if (!before) continue;
    const tree = await applyEdits(repo, index, before.tree, prefix, edits).catch(() => null);
    if (tree) ends.push({ at: appliedAt, source: 'end', tree, owner: { kind: 'outside', command: null } });
  }
  return ends;
}

async function applyEdits(repo: Repo, index: ScratchIndex, tree: string, prefix: string, edits: EditRecord[]): Promise<string> {
  await git(repo.root, ['read-tree', tree], { env: index.env });
  const directory = prefix ? [`--directory=${prefix.replace(/\/$/, '')}`] : [];
  for (const edit of edits) await git(repo.root, ['apply', '--cached', '-p1', ...directory, '-'], { env: index.env, input: edit.diff });
  return (await git(repo.root, ['write-tree'], { env: index.env })).trim();
}
