// `git status` on Stepwise's private index (privateIndex.ts): what a capture
// must take besides the index's entries, and the work that keeps the private
// index quick to use. Git may save what it learnt there (refreshed stat data,
// its untracked cache), so the next status has less to read.
import { gitBuffer, type Repo } from './exec';
import { splitNul } from './paths';
import type { PrivateIndex } from './privateIndex';

/** Settings for every git command on Stepwise's indexes: whole index files, never split into the git dir's shared ones. */
export const OWN_INDEX_CONFIG = ['-c', 'core.splitIndex=false'];

/**
 * What differs from the private index: the tracked paths whose work tree
 * content differs (or that are gone) and the untracked, not ignored, files.
 * Its git status may write the private index: the untracked cache is kept
 * only for the exact flags used here, so every status on it runs this one.
 */
export async function changedPaths(repo: Repo, own: PrivateIndex, signal?: AbortSignal): Promise<Buffer[]> {
  const config = [...OWN_INDEX_CONFIG, '-c', `core.untrackedCache=${own.untrackedCache}`, '-c', 'status.showUntrackedFiles=all'];
  const out = await gitBuffer(
    repo.root,
    [...config, 'status', '--porcelain', '-z', '--untracked-files=all', '--no-renames', '--ignore-submodules=dirty'],
    { env: { GIT_INDEX_FILE: own.file }, optionalLocks: true, maxBuffer: 1024 * 1024 * 1024, signal },
  );
  const paths: Buffer[] = [];
  const records = splitNul(out);
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    // "XY path": X is the index against HEAD, Y the work tree against the index ('?' untracked). A rename or
    // copy (never asked for) would carry its old path as the next record.
    if (record.length < 4 || record[2] !== 0x20) throw new Error(`git status printed an unexpected record: ${JSON.stringify(record.toString('utf8'))}`);
    if (record[0] === 0x52 || record[0] === 0x43) i++;
    if (record[1] !== 0x20) paths.push(record.subarray(3));
  }
  return paths;
}
