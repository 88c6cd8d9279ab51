// A project git cannot open (its .git a file pointing nowhere, a repository
// git distrusts as another user's): snapshots, the run start tree and the
// snapshot index warm say so, naming the folder and git's reason, rather than
// taking the project for a plain folder (folder copies, no run trees, nothing
// said). A folder in no repository, and a machine without git, stay quiet.
import { chownSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SnapshotStores } from '../../src/core/snapshots';
import { captureWorkTree } from '../../src/core/snapshots/gitSnapshots';
import { IndexWarmer } from '../../src/core/snapshots/indexWarmer';
import { committedCrate } from '../helpers/gitRepo';
import { useTempDir } from '../helpers/tempDir';

const tempDir = useTempDir('stepwise-broken-repo-');

/** The ways in: each must refuse `root` with `reason`, leaving the folder as it was. */
async function refusedEverywhere(root: string, reason: RegExp): Promise<void> {
  const before = readdirSync(root).sort();
  const data = tempDir();
  const warmer = new IndexWarmer();
  try {
    await expect(warmer.warmNow(root)).rejects.toThrow(reason);
    await expect(captureWorkTree(root)).rejects.toThrow(reason);
    await expect(new SnapshotStores(data).take(root, 'before a step')).rejects.toThrow(reason);
  } finally {
    await warmer.close();
  }
  expect(readdirSync(root).sort()).toEqual(before);
  expect(readdirSync(data)).toEqual([]);
}

describe('a project git cannot open', () => {
  it('whose .git is a file pointing nowhere: refused, with the folder and git\'s reason', async () => {
    const root = tempDir();
    writeFileSync(join(root, '.git'), 'gitdir: /nowhere/at/all\n');
    writeFileSync(join(root, 'Cargo.toml'), '[package]\nname = "demo"\n');
    await refusedEverywhere(root, new RegExp(`^git cannot open the repository of ${root}: fatal: not a git repository: /nowhere/at/all`));
    expect(readFileSync(join(root, '.git'), 'utf8')).toBe('gitdir: /nowhere/at/all\n');
  });

  it('whose .git is a file that is not a gitfile: refused', async () => {
    const root = tempDir();
    writeFileSync(join(root, '.git'), 'garbage\n');
    await refusedEverywhere(root, /^git cannot open the repository of .*: fatal: invalid gitfile format/);
  });

  it('owned by another user (git distrusts it): refused, saying how to trust it', async () => {
    const root = committedCrate(tempDir());
    chownSync(join(root, '.git'), 65534, 65534);
    await refusedEverywhere(root, /^git cannot open the repository of .*: fatal: detected dubious ownership .*safe\.directory/s);
  });

  it('a folder in no repository is still a plain folder, quietly', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'src'));
    const warmer = new IndexWarmer();
    expect(await warmer.warmNow(root)).toBeNull();
    expect(await captureWorkTree(root)).toBeNull();
    await warmer.close();
  });
});
