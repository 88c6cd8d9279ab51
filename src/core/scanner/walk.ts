// Which files of a project the scanner looks at. In a git work tree, git
// says (`git ls-files -co --exclude-standard`: tracked and untracked, not
// ignored), which is also the fast path. Elsewhere, a walk with fs/promises
// that honours the root .gitignore's simple patterns. Either way `target/`,
// `node_modules/` and `.git/` are skipped, and no symlink is followed.
import { execFile } from 'node:child_process';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { mapPool } from '../platform/async/pool';
import { IgnoreRules } from './gitignore';

const execFileAsync = promisify(execFile);

/** Directories never scanned, ignored by git or not: build output, packages, git's own. */
export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set(['target', 'node_modules', '.git']);

export interface Candidate {
  /** Relative to the root, `/`-separated. */
  path: string;
  /**
   * True when already known to be a regular file (a walk's dirent, a tracked
   * file's mode in git's index); undefined when only an lstat can tell (an
   * untracked file git lists). Symlinks and submodules are never candidates.
   */
  regular?: true;
}

export interface Listing {
  /** Sorted by path. */
  candidates: Candidate[];
  /** Whether git listed them (so git can also be asked about their contents). */
  fromGit: boolean;
  /** Folders the walk could not read, with why (`src/private: permission denied`): their files are not in `candidates`. */
  unreadable: string[];
}

/** The files to look at, after the ignore rules. */
export async function listCandidates(root: string): Promise<Listing> {
  const fromGit = await gitListFiles(root);
  // Nothing from git: not a work tree, no git, or a folder git ignores as a
  // whole (a project inside another's ignored directory). Walk it instead.
  if (fromGit && fromGit.length > 0) return { candidates: fromGit.sort(byPath), fromGit: true, unreadable: [] };
  const walked = await walkFiles(root);
  return { candidates: walked.files.sort(byPath), fromGit: false, unreadable: walked.unreadable.sort(compareStrings) };
}

/**
 * The regular files of the project (no symlinks), relative and `/`-separated,
 * sorted: for callers that go on to read them. Each is checked with lstat, as
 * git's index cannot know that a tracked file became a symlink since.
 */
export async function listProjectFiles(root: string): Promise<string[]> {
  const { candidates } = await listCandidates(root);
  const regular = await mapPool(candidates, 32, (candidate) => isRegularFile(join(root, candidate.path)));
  return candidates.filter((_, i) => regular[i]).map((candidate) => candidate.path);
}

export async function isRegularFile(file: string): Promise<boolean> {
  try {
    return (await lstat(file)).isFile();
  } catch {
    return false;
  }
}

/**
 * The files under `root` that contain `text`, as git reads them from the work
 * tree (tracked and untracked, not ignored; symlinks skipped): one C process
 * on all cores instead of a read of every file. Null when git cannot say.
 */
export async function gitFilesContaining(root: string, text: string): Promise<Set<string> | null> {
  try {
    // Outside a work tree, fail rather than search the folder as `--no-index` would if so configured.
    const args = ['-c', 'grep.fallbackToNoIndex=false', 'grep', '-l', '-z', '--no-color', '-F', '--untracked', '-e', text];
    const { stdout } = await execFileAsync('git', args, gitOptions(root));
    return new Set(stdout.split('\0').filter(Boolean));
  } catch (error) {
    // Exit status 1: nothing matched. Anything else: not a work tree, no git, an error.
    return (error as { code?: unknown }).code === 1 ? new Set() : null;
  }
}

/** Ask git about this folder, whatever a hook or wrapper set; never take a lock. */
function gitOptions(root: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_OPTIONAL_LOCKS: '0' };
  delete env.GIT_DIR;
  delete env.GIT_WORK_TREE;
  delete env.GIT_INDEX_FILE;
  return { cwd: root, env, encoding: 'utf8' as const, maxBuffer: 1024 * 1024 * 1024, windowsHide: true };
}

/** Regular-file modes in git's index (a symlink is 120000, a submodule 160000). */
const REGULAR_MODES = new Set(['100644', '100755']);

async function gitListFiles(root: string): Promise<Candidate[] | null> {
  let stdout: string;
  try {
    // -s: tracked files come with their mode (`100644 <sha> 0\tpath`), untracked ones as a bare path.
    ({ stdout } = await execFileAsync('git', ['ls-files', '-s', '-co', '--exclude-standard', '-z'], gitOptions(root)));
  } catch {
    return null;
  }
  const candidates = new Map<string, Candidate>();
  for (const entry of stdout.split('\0')) {
    if (!entry) continue;
    const tab = entry.indexOf('\t');
    const path = tab === -1 ? entry : entry.slice(tab + 1);
    if (inSkippedDirectory(path) || candidates.has(path)) continue; // unmerged paths come once per stage
    if (tab === -1) candidates.set(path, { path });
    else if (REGULAR_MODES.has(entry.slice(0, entry.indexOf(' ')))) candidates.set(path, { path, regular: true });
  }
  return [...candidates.values()];
}

function inSkippedDirectory(path: string): boolean {
  const parts = path.split('/');
  if (parts[parts.length - 1] === '.git') return true; // a submodule's or worktree's `.git` file
  for (let i = 0; i < parts.length - 1; i++) if (SKIPPED_DIRECTORIES.has(parts[i]!)) return true;
  return false;
}

async function walkFiles(root: string): Promise<{ files: Candidate[]; unreadable: string[] }> {
  const rules = await readIgnoreRules(join(root, '.gitignore'));
  const files: Candidate[] = [];
  const unreadable: string[] = [];
  const visit = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir ? join(root, dir) : root, { withFileTypes: true });
    } catch (error) {
      // Gone since it was listed: nothing to scan. Unreadable: said, so an empty scan is not taken for an empty project.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') unreadable.push(`${dir || '.'}: ${readFailure(error)}`);
      return;
    }
    const subdirectories: Promise<void>[] = [];
    for (const entry of entries) {
      const path = dir ? `${dir}/${entry.name}` : entry.name;
      // Dirent types come from readdir without following links: a symlink is neither.
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name) && !rules.ignores(path, true)) subdirectories.push(visit(path));
      } else if (entry.isFile()) {
        if (entry.name !== '.git' && !rules.ignores(path, false)) files.push({ path, regular: true });
      }
    }
    await Promise.all(subdirectories);
  };
  await visit('');
  return { files, unreadable };
}

/** Why a file or folder could not be read, in a few words. */
export function readFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return code ?? (error as Error).message;
}

async function readIgnoreRules(file: string): Promise<IgnoreRules> {
  try {
    // Not through a symlink: nothing outside the project is read.
    if (!(await lstat(file)).isFile()) return IgnoreRules.none;
    return IgnoreRules.parse(await readFile(file, 'utf8'));
  } catch {
    return IgnoreRules.none;
  }
}

function byPath(a: Candidate, b: Candidate): number {
  return compareStrings(a.path, b.path);
}

/** Plain code-unit order: the same on every machine and locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
