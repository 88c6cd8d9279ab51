// Git plumbing for a shipped branch: commits are built in a temporary index
// (GIT_INDEX_FILE) from trees, never by a checkout, so the user's work tree,
// index and HEAD stay as they are.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git, gitBuffer, SNAPSHOT_IDENTITY, type Repo } from '../snapshots/git/exec';
import { splitNul } from '../snapshots/git/paths';
import { diffTreesRaw } from '../snapshots/git/tree';

/** A private index to build trees in; `close` removes it. */
export interface ScratchIndex {
  env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

export async function scratchIndex(): Promise<ScratchIndex> {
  const dir = await mkdtemp(join(tmpdir(), 'stepwise-ship-'));
  return { env: { GIT_INDEX_FILE: join(dir, 'index') }, close: () => rm(dir, { recursive: true, force: true }) };
}

/** `:(literal)` pathspecs: a file named `*.rs` or `:x` is that file, not a pattern. */
export const literal = (paths: string[]): string[] => paths.map((p) => `:(literal)${p}`);

/** Files that differ between two trees (no rename detection: each side's path as it is). */
export async function changedPaths(repo: Repo, from: string, to: string): Promise<string[]> {
  return from === to ? [] : (await diffTreesRaw(repo.root, from, to, false)).map((change) => change.path.toString('utf8'));
}

/**
 * The files whose change from `from` to `to` is whitespace and blank lines
 * only, as `git diff -w --ignore-blank-lines` sees it (line by line): the
 * modified files that diff leaves out. One git diff for all of them.
 */
export async function whitespaceOnlyPaths(repo: Repo, from: string, to: string): Promise<Set<string>> {
  const modified = (await diffTreesRaw(repo.root, from, to, false)).filter((c) => c.status === 'M' && c.oldMode === c.newMode).map((c) => c.path.toString('utf8'));
  if (modified.length === 0) return new Set();
  const out = await gitBuffer(repo.root, ['diff', '--no-ext-diff', '-w', '--ignore-blank-lines', '--numstat', '-z', '--no-renames', from, to], { maxBuffer: 256 * 1024 * 1024 });
  // -z numstat: "added\tdeleted\tpath" NUL-ended; a file changed by whitespace only is not listed at all.
  const real = new Set(splitNul(out).map((record) => record.toString('utf8').split('\t').slice(2).join('\t')));
  return new Set(modified.filter((path) => !real.has(path)));
}

/**
 * The tree `base` becomes with `paths` changed as they changed from `from` to
 * `to`: the patch applied when it applies (so earlier changes to those files
 * made by hand are not carried), else the files taken as they are in `to`
 * (`carried` true: the commit then also holds those earlier changes).
 */
export async function applyPaths(repo: Repo, index: ScratchIndex, base: string, from: string, to: string, paths: string[]): Promise<{ tree: string; carried: boolean }> {
  const env = index.env;
  await git(repo.root, ['read-tree', base], { env });
  const patch = await gitBuffer(repo.root, ['diff', '--no-ext-diff', '--no-color', '--binary', '--full-index', '--no-renames', from, to, '--', ...literal(paths)], {
    maxBuffer: 1024 * 1024 * 1024,
  });
  let carried = false;
  try {
    await gitBuffer(repo.root, ['apply', '--cached', '--binary', '--whitespace=nowarn', '-'], { env, input: patch });
  } catch {
    carried = true;
    await git(repo.root, ['read-tree', base], { env });
    await takePaths(repo, index, to, paths);
  }
  return { tree: (await git(repo.root, ['write-tree'], { env })).trim(), carried };
}

/** Sets `paths` in the scratch index to what they are in `tree` (removed where `tree` has none). */
async function takePaths(repo: Repo, index: ScratchIndex, tree: string, paths: string[]): Promise<void> {
  const out = await gitBuffer(repo.root, ['ls-tree', '-r', '-z', '--full-tree', tree, '--', ...literal(paths)], { maxBuffer: 256 * 1024 * 1024 });
  const present = new Map<string, string>();
  for (const record of splitNul(out)) {
    const text = record.toString('utf8');
    const tab = text.indexOf('\t');
    const [mode, , oid] = text.slice(0, tab).split(' ');
    present.set(text.slice(tab + 1), `${mode} ${oid}`);
  }
  // --index-info: "<mode> <oid>\t<path>", mode 0 removes the path.
  const lines = paths.map((p) => `${present.get(p) ?? `0 ${'0'.repeat(repo.hashBytes * 2)}`}\t${p}`);
  await git(repo.root, ['update-index', '--index-info'], { env: index.env, input: lines.join('\n') + '\n' });
}

/** `tree` with one file at the top set to `content` (a regular file). */
export async function treeWithFile(repo: Repo, index: ScratchIndex, tree: string, path: string, content: string): Promise<string> {
  const oid = (await git(repo.root, ['hash-object', '-w', '--stdin'], { input: content })).trim();
  await git(repo.root, ['read-tree', tree], { env: index.env });
  await git(repo.root, ['update-index', '--add', '--cacheinfo', `100644,${oid},${path}`], { env: index.env });
  return (await git(repo.root, ['write-tree'], { env: index.env })).trim();
}

/** A file's text in a tree, or null when the tree has none. */
export async function fileIn(repo: Repo, tree: string, path: string): Promise<string | null> {
  return git(repo.root, ['cat-file', 'blob', `${tree}:${path}`]).catch(() => null);
}

/**
 * The identity commits are made with: the user's (git config), else
 * Stepwise's (a repository with no user.name must still get its branch).
 */
export async function commitIdentity(repo: Repo): Promise<NodeJS.ProcessEnv> {
  const ok = await git(repo.root, ['var', 'GIT_COMMITTER_IDENT']).then(
    () => true,
    () => false,
  );
  return ok ? {} : { ...SNAPSHOT_IDENTITY };
}

/** A commit of `tree` on `parent`, authored at `at` (ISO time) when given. */
export async function commitTree(repo: Repo, input: { tree: string; parent: string; message: string; identity: NodeJS.ProcessEnv; at?: string }): Promise<string> {
  const env = { ...input.identity, ...(input.at ? { GIT_AUTHOR_DATE: input.at } : {}) };
  return (await git(repo.root, ['commit-tree', input.tree, '-p', input.parent, '-F', '-'], { env, input: input.message })).trim();
}

/** The tree of a commit, tree or snapshot ref. */
export async function treeOf(repo: Repo, rev: string): Promise<string> {
  return (await git(repo.root, ['rev-parse', '--verify', '--quiet', `${rev}^{tree}`])).trim();
}
