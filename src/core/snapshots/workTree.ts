// The project's working tree as a git tree object, without touching the
// user's index, HEAD or branches: a copy of .git/index is updated with
// `git add -A` and written with `git write-tree`. Runs record the tree they
// started on, so the change that fixed an issue can be shown as a diff.
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';

const TIMEOUT_MS = 60_000;

function git(root: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['-C', root, ...args],
      { env: { ...process.env, ...env, GIT_OPTIONAL_LOCKS: '0' }, timeout: TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => (error ? reject(new Error(stderr.trim() || error.message)) : resolve(stdout)),
    );
  });
}

/** The tree of everything in `root` that git would track (ignored files left out); null outside a git work tree. */
export async function captureWorkTree(root: string): Promise<string | null> {
  let gitDir: string;
  try {
    gitDir = (await git(root, ['rev-parse', '--git-dir'])).trim();
  } catch {
    return null;
  }
  const dir = await mkdtemp(join(tmpdir(), 'stepwise-index-'));
  const index = join(dir, 'index');
  try {
    // Starting from the real index makes `git add -A` cheap: unchanged files are not rehashed.
    await copyFile(join(isAbsolute(gitDir) ? gitDir : join(root, gitDir), 'index'), index).catch(() => undefined);
    await git(root, ['add', '-A', '--', '.'], { GIT_INDEX_FILE: index });
    return (await git(root, ['write-tree'], { GIT_INDEX_FILE: index })).trim();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Unified diff between two captured trees, limited to the project folder. */
export function diffTrees(root: string, from: string, to: string): Promise<string> {
  return git(root, ['diff', '--no-color', '--no-ext-diff', from, to, '--', '.']);
}

const IDENTITY = {
  GIT_AUTHOR_NAME: 'Stepwise',
  GIT_AUTHOR_EMAIL: 'stepwise@localhost',
  GIT_COMMITTER_NAME: 'Stepwise',
  GIT_COMMITTER_EMAIL: 'stepwise@localhost',
};

/**
 * Captures the working tree as a commit (parent HEAD) pinned under
 * refs/stepwise/snapshots/, so it survives gc and can be restored from.
 * Null outside a git work tree.
 */
export async function pinWorkTree(root: string, label: string): Promise<{ ref: string; commit: string } | null> {
  const tree = await captureWorkTree(root);
  if (!tree) return null;
  const head = (await git(root, ['rev-parse', '--verify', '-q', 'HEAD']).catch(() => '')).trim();
  const commit = (await git(root, ['commit-tree', tree, ...(head ? ['-p', head] : []), '-m', label], IDENTITY)).trim();
  const ref = `refs/stepwise/snapshots/${new Date().toISOString().replace(/[:.]/g, '-')}-${commit.slice(0, 8)}`;
  await git(root, ['update-ref', ref, commit]);
  return { ref, commit };
}
