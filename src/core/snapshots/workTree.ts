// The project's working tree as a git tree object, without touching the
// user's index, HEAD or branches: a copy of .git/index is updated with
// `git add -A` and written with `git write-tree`. Runs record the tree they
// started on, so the change that fixed an issue can be shown as a diff.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyIndex } from './git/capture';
import { git } from './git/exec';

/** The tree of everything in `root` that git would track (ignored files left out); null outside a git work tree. */
export async function captureWorkTree(root: string): Promise<string | null> {
  let gitDir: string;
  try {
    gitDir = (await git(root, ['rev-parse', '--absolute-git-dir'])).trim();
  } catch {
    return null;
  }
  const dir = await mkdtemp(join(tmpdir(), 'stepwise-index-'));
  const index = join(dir, 'index');
  try {
    // Starting from the real index makes `git add -A` cheap: unchanged files are not rehashed.
    await copyIndex(join(gitDir, 'index'), index);
    await git(root, ['add', '-A', '--', '.'], { env: { GIT_INDEX_FILE: index } });
    return (await git(root, ['write-tree'], { env: { GIT_INDEX_FILE: index } })).trim();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Unified diff between two captured trees, limited to the project folder. */
export function diffTrees(root: string, from: string, to: string): Promise<string> {
  return git(root, ['diff', '--no-color', '--no-ext-diff', from, to, '--', '.']);
}
