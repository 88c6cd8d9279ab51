// Running git for snapshots: async execFile only, GIT_OPTIONAL_LOCKS=0 (so
// read-only commands never refresh the user's index; only commands on
// Stepwise's own index may opt out), a fixed identity for
// the commits we make, and Buffer output so paths that are not UTF-8 survive.
import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { join } from 'node:path';

const TIMEOUT_MS = 120_000;

/** Identity of every snapshot commit (author and committer). */
export const SNAPSHOT_IDENTITY = {
  GIT_AUTHOR_NAME: 'Stepwise',
  GIT_AUTHOR_EMAIL: 'stepwise@localhost',
  GIT_COMMITTER_NAME: 'Stepwise',
  GIT_COMMITTER_EMAIL: 'stepwise@localhost',
} as const;

export interface GitOptions {
  env?: NodeJS.ProcessEnv;
  /** Written to git's stdin, then stdin is closed. */
  input?: Buffer | string;
  /** Upper bound of what git may print (default 64 MiB). */
  maxBuffer?: number;
  /**
   * Lets read-only commands write the index they read (`git status` saving
   * refreshed stat data and its untracked cache). Only for an index that is
   * Stepwise's own (GIT_INDEX_FILE in `env`), never the user's.
   */
  optionalLocks?: boolean;
}

/** Runs `git -C root ...args` and resolves with its stdout as bytes. */
export function gitBuffer(root: string, args: string[], options: GitOptions = {}): Promise<Buffer> {
  if (options.optionalLocks && !options.env?.GIT_INDEX_FILE) {
    return Promise.reject(new Error(`git ${args[0] ?? ''}: optional locks are only for Stepwise's own index (GIT_INDEX_FILE)`));
  }
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      ['-C', root, ...args],
      {
        env: { ...process.env, ...options.env, GIT_OPTIONAL_LOCKS: options.optionalLocks ? '1' : '0', GIT_TERMINAL_PROMPT: '0' },
        timeout: TIMEOUT_MS,
        maxBuffer: options.maxBuffer ?? 64 * 1024 * 1024,
        encoding: 'buffer',
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (error) {
          const detail = stderr.toString('utf8').trim() || error.message;
          reject(new Error(`git ${args[0] ?? ''} failed: ${detail}`));
        } else resolve(stdout);
      },
    );
    // A git that exits early (bad object, say) closes its stdin: that is reported by the callback.
    child.stdin?.on('error', () => undefined);
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

/** Runs git and resolves with its stdout as UTF-8 text. */
export async function git(root: string, args: string[], options: GitOptions = {}): Promise<string> {
  return (await gitBuffer(root, args, options)).toString('utf8');
}

export interface Repo {
  /** Top of the work tree: every snapshot covers the whole work tree. */
  root: string;
  /** Absolute path of this work tree's git directory (where MERGE_HEAD, index, ... live). */
  gitDir: string;
  /** Bytes in an object id: 20 (SHA-1) or 32 (SHA-256). */
  hashBytes: number;
}

/** Locates the work tree containing `dir`; throws a clear error outside one. */
export async function openRepo(dir: string): Promise<Repo> {
  let out: string;
  try {
    out = await git(dir, ['rev-parse', '--show-toplevel', '--absolute-git-dir', '--show-object-format']);
  } catch (error) {
    throw new Error(`Snapshots need a git work tree, and ${dir} is not in one (${(error as Error).message}).`);
  }
  const [root, gitDir, format] = out.split('\n');
  if (!root || !gitDir) throw new Error(`Snapshots need a git work tree, and ${dir} is not in one (it may be a bare repository).`);
  return { root, gitDir, hashBytes: format === 'sha256' ? 32 : 20 };
}

const IN_PROGRESS: { file: string; what: string; finish: string }[] = [
  { file: 'MERGE_HEAD', what: 'a merge', finish: 'git merge --continue or git merge --abort' },
  { file: 'rebase-merge', what: 'a rebase', finish: 'git rebase --continue or git rebase --abort' },
  { file: 'rebase-apply', what: 'a rebase or git am', finish: 'git rebase --continue / --abort (or git am --continue / --abort)' },
  { file: 'CHERRY_PICK_HEAD', what: 'a cherry-pick', finish: 'git cherry-pick --continue or git cherry-pick --abort' },
  { file: 'REVERT_HEAD', what: 'a revert', finish: 'git revert --continue or git revert --abort' },
];

/** Throws when the repository is in the middle of a merge, rebase, cherry-pick or revert. */
export async function refuseIfOperationInProgress(repo: Repo, action: string): Promise<void> {
  for (const { file, what, finish } of IN_PROGRESS) {
    const present = await access(join(repo.gitDir, file)).then(
      () => true,
      () => false,
    );
    if (present) {
      throw new Error(
        `Cannot ${action}: the repository at ${repo.root} is in the middle of ${what}. Finish it or abort it first (${finish}), then try again.`,
      );
    }
  }
}
