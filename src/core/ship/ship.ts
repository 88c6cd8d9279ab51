// `stepwise ship`: a session exported as a git branch. Each step (or fix)
// that changed files gets a commit of its changes, formatting-only changes
// one of their own; what no step changed goes last; the formatting commits
// are then listed in .git-blame-ignore-revs. Built with plumbing only
// (shipGit.ts): the user's work tree, index and HEAD are not touched.
import { existsSync } from 'node:fs';
import type { IssueRecord, PlanStep } from '../../shared/model';
import type { ShippedCommit, ShippedKind, ShipReport } from '../../shared/ship/shipReport';
import type { Journal } from '../journal/journal';
import { mapPool } from '../platform/async/pool';
import { captureWorkTree, findRepo } from '../snapshots/gitSnapshots';
import { git, type Repo } from '../snapshots/git/exec';
import { checkBranch, commitOf, sessionBase, ShipRefused } from './branch';
import { sessionCheckpoints } from './checkpoints';
import { BLAME_IGNORE_FILE, blameIgnoreContent, blameIgnoreMessage, formattingMessage, isFormatCommand, outsideMessage, stepMessage, type StepWork } from './messages';
import { applyPaths, changedPaths, commitIdentity, commitTree, fileIn, scratchIndex, treeOf, treeWithFile, whitespaceOnlyPaths, type ScratchIndex } from './shipGit';
import { intervals, type Interval } from './timeline';

export { ShipRefused } from './branch';
export type { ShippedCommit, ShippedKind, ShipReport } from '../../shared/ship/shipReport';

export interface ShipRequest {
  journal: Journal;
  sessionId: number;
  branch: string;
  /** A commit to start from; default the commit the session started on. */
  base?: string;
  /** Replace the branch when it exists (never the current one). */
  force?: boolean;
}

interface Built {
  repo: Repo;
  index: ScratchIndex;
  identity: NodeJS.ProcessEnv;
  parent: string;
  tree: string;
  commits: ShippedCommit[];
}

export async function shipSession(request: ShipRequest): Promise<ShipReport> {
  const { journal, sessionId } = request;
  const { session, plan } = journal.sessions.get(sessionId);
  const project = journal.projects.get(session.projectId).path;
  if (!existsSync(project)) throw new ShipRefused(`the project folder of session ${sessionId}, ${project}, is no longer there`);
  const repo = await findRepo(project).catch(() => null);
  if (!repo) throw new ShipRefused(`${project} is not in a git repository: ship makes a branch of the project's repository (git init and a first commit, then a session)`);
  const target = await checkBranch(repo, request.branch, request.force ?? false);
  const index = await scratchIndex();
  try {
    const { checkpoints, firstSnapshotCommit, notes } = await sessionCheckpoints(journal, sessionId, repo, project, index);
    const base = request.base ? { commit: await commitOf(repo, request.base), from: '--base' } : await sessionBase(repo, session.startedAt, firstSnapshotCommit);
    const endTree = await captureWorkTree(project);
    if (!endTree) throw new ShipRefused(`could not read the work tree of ${repo.root}`);
    const baseTree = await treeOf(repo, base.commit);
    const built: Built = { repo, index, identity: await commitIdentity(repo), parent: base.commit, tree: baseTree, commits: [] };
    const steps = new Map(plan.phases.flatMap((p) => p.steps).map((s) => [s.id, s]));
    const issues = journal.issues.forSession(sessionId).filter((i) => i.fixedByRunId !== null);
    const spans = intervals(checkpoints, baseTree, endTree);
    // A few gits at a time: a long session has thousands of spans.
    const files = await mapPool(spans, 4, (span) => changedPaths(repo, span.from, span.to));
    const fixed = fixedBySpan(journal, issues, spans, files);
    for (const [i, span] of spans.entries()) {
      if (span.owner.kind === 'outside') continue;
      const step = span.owner.kind === 'step' ? (steps.get(span.owner.stepId) ?? null) : null;
      const title = step?.title ?? (span.owner.kind === 'step' ? `Step ${span.owner.stepId}` : `The ${span.owner.label.replace(/^the /, '')}`);
      const work: Omit<StepWork, 'files' | 'carried'> = {
        sessionId,
        planTitle: plan.title,
        step,
        title,
        runs: span.runIds.map((id) => journal.runs.get(id)),
        editedFiles: editedFiles(journal, sessionId, span, step),
        fixed: fixed.get(i) ?? [],
      };
      await commitSpan(built, span, files[i]!, work);
    }
    await commitOutside(built, sessionId, endTree, spans, journal);
    await commitBlameIgnore(built, sessionId);
    if (built.commits.length === 0) throw new ShipRefused(`session ${sessionId} left ${repo.root} as it was at ${base.commit.slice(0, 12)} (${base.from}): there is nothing to ship, so no branch was made`);
    const tip = built.parent;
    await git(repo.root, ['update-ref', '-m', `stepwise ship: session ${sessionId}`, target.ref, tip, target.old ?? '']);
    return { sessionId, repository: repo.root, branch: request.branch, base, tip, endTree, commits: built.commits, replaced: target.old, notes };
  } finally {
    await index.close();
  }
}

/** A step's changes: its real ones in one commit, then its formatting-only ones (all of them for a step that formats) in another. */
async function commitSpan(built: Built, span: Interval, files: string[], work: Omit<StepWork, 'files' | 'carried'>): Promise<void> {
  const formatsAll = work.runs.some((r) => isFormatCommand(r.command));
  const whitespace = formatsAll ? new Set(files) : await whitespaceOnlyPaths(built.repo, span.from, span.to);
  const formatting = files.filter((f) => whitespace.has(f));
  const real = files.filter((f) => !formatting.includes(f));
  const stepId = work.step?.id ?? null;
  if (real.length) {
    const { tree, carried } = await applyPaths(built.repo, built.index, built.tree, span.from, span.to, real);
    await addCommit(built, { kind: 'step', stepId, files: real, tree, at: span.at, message: stepMessage({ ...work, files: real, carried }) });
  }
  if (formatting.length) {
    const { tree, carried } = await applyPaths(built.repo, built.index, built.tree, span.from, span.to, formatting);
    // Carrying changes made by hand, it is no longer formatting only: git blame must not look past it.
    const message = carried ? stepMessage({ ...work, files: formatting, carried }) : formattingMessage({ ...work, files: formatting, carried }, formatsAll);
    await addCommit(built, { kind: carried ? 'step' : 'formatting', stepId, files: formatting, tree, at: span.at, message });
  }
}

/** What the end tree holds that no step's commit does: one last commit, with the commands typed by hand. */
async function commitOutside(built: Built, sessionId: number, endTree: string, spans: Interval[], journal: Journal): Promise<void> {
  const files = await changedPaths(built.repo, built.tree, endTree);
  if (!files.length) return;
  const typed = spans.flatMap((s) => (s.owner.kind === 'outside' ? s.runIds : [])).map((id) => journal.runs.get(id).command);
  await addCommit(built, { kind: 'outside', stepId: null, files, tree: endTree, message: outsideMessage(sessionId, files, typed) });
}

/** .git-blame-ignore-revs added or extended with the formatting commits, in a commit of its own after them. */
async function commitBlameIgnore(built: Built, sessionId: number): Promise<void> {
  const shas = built.commits.filter((c) => c.kind === 'formatting').map((c) => c.sha);
  if (!shas.length) return;
  const content = blameIgnoreContent(await fileIn(built.repo, built.tree, BLAME_IGNORE_FILE), shas);
  const tree = await treeWithFile(built.repo, built.index, built.tree, BLAME_IGNORE_FILE, content);
  await addCommit(built, { kind: 'blame-ignore', stepId: null, files: [BLAME_IGNORE_FILE], tree, message: blameIgnoreMessage(sessionId, shas) });
}

async function addCommit(built: Built, c: { kind: ShippedKind; stepId: string | null; files: string[]; tree: string; message: string; at?: string }): Promise<void> {
  const sha = await commitTree(built.repo, { tree: c.tree, parent: built.parent, message: c.message, identity: built.identity, at: c.at });
  built.parent = sha;
  built.tree = c.tree;
  built.commits.push({ sha, kind: c.kind, subject: c.message.split('\n')[0]!, stepId: c.stepId, files: c.files });
}

/** The files a step's edits changed, as journaled (an edit step has no run to name). */
function editedFiles(journal: Journal, sessionId: number, span: Interval, step: PlanStep | null): string[] {
  if (!step || step.kind !== 'edit') return [];
  return [...new Set(journal.edits.forSession(sessionId).filter((e) => e.stepId === step.id && e.appliedAt >= span.at).map((e) => e.file))];
}

/**
 * The issues each step span fixed, by span index: an issue resolved by run R
 * is credited to the last step's (or fix's) span between the last run that
 * showed it and R, preferring one that changed the issue's file.
 */
function fixedBySpan(journal: Journal, issues: IssueRecord[], spans: Interval[], files: string[][]): Map<number, IssueRecord[]> {
  const credit = new Map<number, IssueRecord[]>();
  for (const issue of issues) {
    const seenAt = journal.runs.get(issue.runId).startedAt;
    const fixedAt = journal.runs.get(issue.fixedByRunId!).startedAt;
    const window = spans.flatMap((span, i) => (span.owner.kind !== 'outside' && span.at >= seenAt && span.at < fixedAt ? [i] : []));
    // Issue paths are the project's; the spans' are the repository's (the project may be a folder of it).
    const touches = (i: number): boolean => issue.file !== null && files[i]!.some((f) => f === issue.file || f.endsWith(`/${issue.file}`));
    const at = window.findLast(touches) ?? window.at(-1);
    if (at !== undefined) credit.set(at, [...(credit.get(at) ?? []), issue]);
  }
  return credit;
}
