// Running git for snapshots: async spawn only, GIT_OPTIONAL_LOCKS=0 (so
// read-only commands never refresh the user's index; only commands on
// Stepwise's own index may opt out), a fixed identity for
// the commits we make, and Buffer output so paths that are not UTF-8 survive.
import { spawn, type ChildProcess } from 'node:child_process';
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
  /**
   * Ends git when aborted (SIGTERM to its process group, so what git
   * started, an fsmonitor hook say, ends too); the promise settles only once
   * git has exited.
   */
  signal?: AbortSignal;
}

/** Where there are process groups, an abortable git leads its own: ending it ends what it started. */
const OWN_GROUP = process.platform !== 'win32';

function endGit(child: ChildProcess, group: boolean): void {
  try {
    if (group && child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
    else child.kill('SIGTERM');
  } catch {
    // gone already
  }
}

/** "git <command>" for messages: settings given before the command (`-c name=value`) left out. */
function commandName(args: string[]): string {
  let i = 0;
  while (args[i] === '-c') i += 2;
  return `git ${args[i] ?? ''}`;
}

/** Runs `git -C root ...args` and resolves with its stdout as bytes, once git has exited. */
export function gitBuffer(root: string, args: string[], options: GitOptions = {}): Promise<Buffer> {
  const what = commandName(args);
  if (options.optionalLocks && !options.env?.GIT_INDEX_FILE) {
    return Promise.reject(new Error(`${what}: optional locks are only for Stepwise's own index (GIT_INDEX_FILE)`));
  }
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(new Error(`${what} was cancelled`));
  const group = signal !== undefined && OWN_GROUP;
  const maxBuffer = options.maxBuffer ?? 64 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['-C', root, ...args], {
      env: { ...process.env, ...options.env, GIT_OPTIONAL_LOCKS: options.optionalLocks ? '1' : '0', GIT_TERMINAL_PROMPT: '0' },
      windowsHide: true,
      detached: group,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let size = 0;
    let failure: string | null = null;
    const end = (why: string): void => {
      failure ??= why;
      endGit(child, group);
    };
    const timer = setTimeout(() => end(`no answer in ${TIMEOUT_MS / 1000} s`), TIMEOUT_MS);
    const onAbort = (): void => end('cancelled');
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBuffer) end(`printed more than ${maxBuffer} bytes`);
      else stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    let settled = false;
    const settle = (code: number | null, killedBy: NodeJS.Signals | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (failure === 'cancelled') return reject(new Error(`${what} was cancelled`));
      if (failure === null && code === 0) return resolve(Buffer.concat(stdout));
      const detail = failure ?? (Buffer.concat(stderr).toString('utf8').trim() || `exit ${code ?? killedBy}`);
      reject(new Error(`${what} failed: ${detail}`));
    };
    child.on('error', (error) => {
      failure ??= error.message;
      if (child.pid === undefined) settle(null, null); // never started: no 'close' to wait for
    });
    // 'close': git has exited and its output is read to the end.
    child.on('close', settle);
    // A git that exits early (bad object, say) closes its stdin: that is reported on close.
    child.stdin.on('error', () => undefined);
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
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

/** Thrown by openRepo when `dir` is in no git work tree (or git is not there to tell): to snapshots, a plain folder. */
export class NoGitWorkTree extends Error {}

/**
 * What git says (in English: its messages are read with LC_ALL=C) of a
 * folder in no repository, a bare repository or a folder that is gone; and
 * a missing git. Anything else (a .git file pointing nowhere, a repository
 * git distrusts as another user's) is a repository git cannot open.
 */
const NO_WORK_TREE = /not a git repository \(or any (of the parent directories|parent up to)|must be run in a work tree|cannot change to|spawn git ENOENT/;

/** Locates the work tree containing `dir`; throws NoGitWorkTree outside one, and a clear error when git cannot open it. */
export async function openRepo(dir: string): Promise<Repo> {
  let out: string;
  try {
    out = await git(dir, ['rev-parse', '--show-toplevel', '--absolute-git-dir', '--show-object-format'], { env: { LC_ALL: 'C' } });
  } catch (error) {
    const message = (error as Error).message;
    if (NO_WORK_TREE.test(message)) throw new NoGitWorkTree(`Snapshots need a git work tree, and ${dir} is not in one (${message}).`);
    throw new Error(`git cannot open the repository of ${dir}: ${message.replace(/^git rev-parse failed: /, '')}`, { cause: error });
  }
  const [root, gitDir, format] = out.split('\n');
  if (!root || !gitDir) throw new NoGitWorkTree(`Snapshots need a git work tree, and ${dir} is not in one (it may be a bare repository).`);
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
