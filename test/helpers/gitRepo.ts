import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { write } from './treeListing';

const IDENTITY = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };

/** Runs git in `dir` as a test user; throws when git fails. */
export function gitIn(dir: string, ...args: string[]): void {
  execFileSync('git', ['-C', dir, ...args], { stdio: 'ignore', env: { ...process.env, ...IDENTITY } });
}

/** Runs git in `dir` as a test user and returns its output; throws when git fails. */
export function gitOut(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...IDENTITY } });
}

/** What a snapshot must never change: the user's index (bytes and staged diff), HEAD, branches, stash, config. */
export function userGitState(root: string): Record<string, string> {
  return {
    index: createHash('sha256').update(readFileSync(join(root, '.git/index'))).digest('hex'),
    cached: gitOut(root, 'diff', '--cached'),
    head: gitOut(root, 'rev-parse', 'HEAD'),
    symbolic: gitOut(root, 'symbolic-ref', 'HEAD'),
    branches: gitOut(root, 'for-each-ref', 'refs/heads', 'refs/tags'),
    stash: gitOut(root, 'stash', 'list'),
    config: readFileSync(join(root, '.git/config'), 'utf8'),
  };
}

/**
 * What the user sees of the repository, read without git refreshing (writing)
 * the user's index: userGitState, and the index file's identity and times,
 * git status, every ref.
 */
export function userRepoView(root: string): Record<string, unknown> {
  const index = statSync(join(root, '.git/index'), { bigint: true });
  const quiet = { ...process.env, GIT_OPTIONAL_LOCKS: '0' };
  return {
    ...userGitState(root),
    indexTimes: [index.ino, index.mtimeNs, index.ctimeNs],
    status: execFileSync('git', ['-C', root, 'status', '--porcelain', '-uall'], { env: quiet, encoding: 'utf8' }),
    refs: gitOut(root, 'for-each-ref'),
  };
}

/**
 * The tree `git add -A` makes of a copy of the user's index (times kept, as
 * git's racy-entry check needs): what Stepwise's captures of the work tree
 * must equal, worked out by git alone.
 */
export function addAllTree(root: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-add-all-'));
  const env = { ...process.env, GIT_INDEX_FILE: join(dir, 'index') };
  try {
    const userIndex = join(gitOut(root, 'rev-parse', '--absolute-git-dir').trim(), 'index');
    if (existsSync(userIndex)) execFileSync('cp', ['-p', userIndex, env.GIT_INDEX_FILE]);
    execFileSync('git', ['-C', root, 'add', '-A'], { env, stdio: 'ignore' });
    return execFileSync('git', ['-C', root, 'write-tree'], { env, encoding: 'utf8' }).trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Makes `dir` a git repository with everything in it committed, as a user's project would be. */
export function commitAll(dir: string, message = 'initial'): void {
  gitIn(dir, 'init', '-q', '-b', 'main');
  gitIn(dir, 'add', '-A');
  gitIn(dir, 'commit', '-q', '-m', message);
}

/** A tiny committed crate (Cargo.toml, src/main.rs, src/lib.rs, target/ ignored) in `root`; returns `root`. */
export function committedCrate(root: string): string {
  write(root, 'Cargo.toml', '[package]\nname = "demo"\n');
  write(root, 'src/main.rs', 'fn main() {}\n');
  write(root, 'src/lib.rs', 'pub fn lib() {}\n');
  write(root, '.gitignore', '/target\n');
  commitAll(root);
  return root;
}

/**
 * Commits everything, then gives branch `other` and `main` different
 * Cargo.toml files, so merging or rebasing one onto the other stops on a
 * conflict. Ends on `main`.
 */
export function conflictingBranches(dir: string, other: string): void {
  const commit = (name: string): void => {
    writeFileSync(join(dir, 'Cargo.toml'), `[package]\nname = "${name}"\n`);
    gitIn(dir, 'add', '-A');
    gitIn(dir, 'commit', '-q', '-m', name);
  };
  gitIn(dir, 'checkout', '-q', '-b', other);
  commit(other);
  gitIn(dir, 'checkout', '-q', 'main');
  commit('main');
}
