// A throwaway copy of a project to run a check in, so that the user's tree
// (files, mtimes, target/, git index) is never touched. In a git work tree
// the copy is the tree a snapshot would capture (captureWorkTree: HEAD plus
// every uncommitted and untracked-not-ignored change, never target/ or other
// ignored files, files over the snapshot size limit left out), written out
// with `git archive`; outside git, the folder copied without target/ and .git.
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { captureWorkTree, findRepo } from '../snapshots/gitSnapshots';

export interface ScratchCopy {
  /** The project's folder inside the copy (a subfolder when the project is one inside its repository). */
  project: string;
  /** The copy's own top folder: room for per-toolchain target folders beside the project. */
  root: string;
  /** A temporary folder inside the copy (TMPDIR for what runs there): what a killed compiler leaves goes with the copy. */
  tmp: string;
  /** How the copy was made, for reports. */
  source: 'git work tree' | 'folder copy';
  remove(): Promise<void>;
}

/** Copies `project` (an absolute, resolved folder) into a fresh temporary folder. */
export async function scratchCopy(project: string, prefix = 'stepwise-scratch-', signal?: AbortSignal): Promise<ScratchCopy> {
  const root = await mkdtemp(join(tmpdir(), prefix));
  const remove = (): Promise<void> => rm(root, { recursive: true, force: true });
  const tmp = join(root, 'tmp');
  try {
    await mkdir(tmp);
    const repo = await findRepo(project);
    const tree = repo && (await captureWorkTree(project, signal));
    if (repo && tree) {
      const top = join(root, 'tree');
      await archiveTree(repo.root, tree, top);
      // The repository's root and the project may be reached by different paths (symlinks): compare resolved ones.
      const inside = relative(await realpath(repo.root), await realpath(project));
      return { project: join(top, inside), root, tmp, source: 'git work tree', remove };
    }
    const copy = join(root, basename(project) || 'project');
    await cp(project, copy, {
      recursive: true,
      verbatimSymlinks: true,
      filter: (from) => {
        const rel = relative(project, from);
        return rel !== 'target' && rel !== '.git';
      },
    });
    return { project: copy, root, tmp, source: 'folder copy', remove };
  } catch (error) {
    await remove();
    throw error;
  }
}

/** `git archive TREE | tar -x -C dest`: the tree's files, modes and symlinks, written without any index. */
async function archiveTree(repoRoot: string, tree: string, dest: string): Promise<void> {
  await mkdir(dest, { recursive: true });
  await new Promise<void>((resolve, reject) => {
    const archive = spawn('git', ['-C', repoRoot, 'archive', '--format=tar', tree], { stdio: ['ignore', 'pipe', 'pipe'] });
    const untar = spawn('tar', ['-x', '-C', dest], { stdio: ['pipe', 'ignore', 'pipe'] });
    const errors: string[] = [];
    archive.stderr.on('data', (chunk: Buffer) => errors.push(chunk.toString()));
    untar.stderr.on('data', (chunk: Buffer) => errors.push(chunk.toString()));
    archive.stdout.pipe(untar.stdin);
    let pending = 2;
    const failed: string[] = [];
    const exited = (what: string) => (code: number | null) => {
      if (code !== 0) failed.push(`${what} exited with ${code}`);
      if (--pending > 0) return;
      if (failed.length === 0) resolve();
      else reject(new Error(`could not copy the work tree of ${repoRoot} (${failed.join(', ')}): ${errors.join('').trim()}`));
    };
    archive.on('error', reject);
    untar.on('error', reject);
    archive.on('close', exited(`git archive ${tree}`));
    untar.on('close', exited('tar -x'));
  });
}
