// Where a shipped branch may go and what it starts from: never the branch
// checked out here or in another work tree, an existing one only when asked
// to replace it, and by default the commit HEAD was on when the session began.
import { git, type Repo } from '../snapshots/git/exec';

/** Said to the user as it is: what was refused and where. */
export class ShipRefused extends Error {}

/** The branch's ref and the commit it has now (null: a new branch), once it may be written. */
export async function checkBranch(repo: Repo, name: string, force: boolean): Promise<{ ref: string; old: string | null }> {
  const valid = await git(repo.root, ['check-ref-format', '--branch', name]).then(
    () => true,
    () => false,
  );
  if (!valid || name.startsWith('-')) throw new ShipRefused(`"${name}" is not a valid branch name (git check-ref-format --branch)`);
  const ref = `refs/heads/${name}`;
  const current = (await git(repo.root, ['symbolic-ref', '-q', 'HEAD']).catch(() => '')).trim();
  if (current === ref) throw new ShipRefused(`${name} is the branch checked out in ${repo.root}: ship never writes the current branch; give another --branch`);
  const worktrees = await git(repo.root, ['worktree', 'list', '--porcelain']);
  const elsewhere = worktrees.split('\n\n').find((block) => block.split('\n').includes(`branch ${ref}`));
  if (elsewhere) throw new ShipRefused(`${name} is checked out in the work tree ${elsewhere.split('\n')[0]!.replace(/^worktree /, '')}: give another --branch`);
  const old = (await git(repo.root, ['rev-parse', '--verify', '--quiet', ref]).catch(() => '')).trim() || null;
  if (old && !force) throw new ShipRefused(`the branch ${name} already exists in ${repo.root} (at ${old.slice(0, 12)}): give another --branch, or --force to replace it`);
  return { ref, old };
}

/** A commit named by the user (--base). */
export async function commitOf(repo: Repo, rev: string): Promise<string> {
  const sha = (await git(repo.root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]).catch(() => '')).trim();
  if (!sha) throw new ShipRefused(`--base: "${rev}" is not a commit in ${repo.root}`);
  return sha;
}

/**
 * The commit HEAD was on when the session started, from HEAD's reflog (the
 * newest entry at or before that time), else HEAD's parent in the session's
 * first snapshot, else HEAD now; with where it came from.
 */
export async function sessionBase(repo: Repo, startedAt: string, firstSnapshotCommit: string | null): Promise<{ commit: string; from: string }> {
  const start = Math.floor(Date.parse(startedAt) / 1000);
  const log = await git(repo.root, ['log', '-g', '--format=%H %gd', '--date=unix', 'HEAD']).catch(() => '');
  for (const line of log.split('\n')) {
    const [sha, selector] = line.split(' ');
    const time = Number(/\{(\d+)\}/.exec(selector ?? '')?.[1]);
    if (sha && Number.isFinite(time) && time <= start) return { commit: sha, from: "HEAD when the session started (HEAD's reflog)" };
  }
  if (firstSnapshotCommit) {
    const parent = (await git(repo.root, ['rev-parse', '--verify', '--quiet', `${firstSnapshotCommit}^1`]).catch(() => '')).trim();
    if (parent) return { commit: parent, from: "HEAD at the session's first snapshot" };
  }
  const head = (await git(repo.root, ['rev-parse', '--verify', '--quiet', 'HEAD']).catch(() => '')).trim();
  if (!head) throw new ShipRefused(`${repo.root} has no commit to start the branch from: commit once, or give --base`);
  return { commit: head, from: 'HEAD now (no reflog or snapshot tells where the session started)' };
}
