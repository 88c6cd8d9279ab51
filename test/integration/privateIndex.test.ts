// Snapshots keep their own index between captures (.git/stepwise/): git
// status saves refreshed stat data and its untracked cache there. Whatever
// the user does in between (commit, checkout, stash, .gitignore edits, a
// same-size edit in the second git wrote that index) each snapshot's tree
// must be what `git add -A` makes of a copy of the user's index, and the
// user's index and config never change.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRepo } from '../../src/core/snapshots/git/exec';
import { warmPrivateIndex } from '../../src/core/snapshots/git/warm';
import { captureWorkTree, createSnapshot } from '../../src/core/snapshots/gitSnapshots';
import { addAllTree, committedCrate, gitIn, gitOut, userGitState } from '../helpers/gitRepo';
import { seededRandom } from '../helpers/random';
import { useTempDir } from '../helpers/tempDir';
import { write } from '../helpers/treeListing';
import { ageFolders, foldersOpened } from '../helpers/untrackedCache';

const tempDir = useTempDir('stepwise-private-index-');

const project = (): string => committedCrate(tempDir());

/** The private indexes in the git dir (names only). */
function privateIndexes(root: string): string[] {
  const dir = join(root, '.git', 'stepwise');
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.startsWith('index-')) : [];
}

/** Snapshots `root` and checks the tree against `git add -A` on a copy of the user's index, and that the user's state is untouched. */
async function snapshotLikeAddAll(root: string, label: string): Promise<string> {
  const before = userGitState(root);
  const snap = await createSnapshot(root, { label });
  expect(snap.tree, label).toBe(addAllTree(root));
  expect(userGitState(root), label).toEqual(before);
  return snap.commit;
}

const paths = (root: string, commit: string): string[] => gitOut(root, 'ls-tree', '-r', '--name-only', commit).trim().split('\n');

describe('the private index kept between snapshots', () => {
  it("is reused with git's untracked cache, and holds exactly the user's entries", async () => {
    const root = project();
    write(root, 'notes/todo.txt', 'untracked\n');
    await snapshotLikeAddAll(root, 'first');
    const [kept, ...others] = privateIndexes(root);
    expect(others).toEqual([]);
    expect(kept).toMatch(/\.uc$/); // this file system updates folder times: the untracked cache is on
    expect(readFileSync(join(root, '.git/stepwise', kept!)).includes('UNTR')).toBe(true);

    write(root, 'notes/more.txt', 'a new file in a cached folder\n');
    write(root, 'notes/deep/er.txt', 'a new folder\n');
    rmSync(join(root, 'notes/todo.txt'));
    write(root, 'src/main.rs', 'fn main() { changed(); }\n');
    const second = await snapshotLikeAddAll(root, 'second');
    expect(paths(root, second)).toContain('notes/deep/er.txt');
    expect(paths(root, second)).not.toContain('notes/todo.txt');
    expect(privateIndexes(root)).toEqual([kept]);
    // Untracked files went into the snapshot, never into the private index.
    const own = { ...process.env, GIT_INDEX_FILE: join(root, '.git/stepwise', kept!) };
    expect(execFileSync('git', ['-C', root, 'ls-files', '-s'], { env: own, encoding: 'utf8' })).toBe(gitOut(root, 'ls-files', '-s'));
  });

  it("starts again from the user's index after a commit, a checkout of another branch and a stash", async () => {
    const root = project();
    await snapshotLikeAddAll(root, 'start');
    const seen = new Set(privateIndexes(root));

    write(root, 'src/new.rs', 'pub fn new() {}\n');
    gitIn(root, 'add', '-A');
    gitIn(root, 'commit', '-q', '-m', 'add new.rs');
    write(root, 'src/new.rs', 'pub fn newer() {}\n');
    await snapshotLikeAddAll(root, 'after a commit');

    gitIn(root, 'checkout', '-q', '--', 'src/new.rs');
    gitIn(root, 'checkout', '-q', '-b', 'other', 'HEAD~1'); // no src/new.rs on this branch
    write(root, 'src/new.rs', 'untracked here\n');
    write(root, 'other.txt', 'only on other\n');
    gitIn(root, 'add', 'other.txt');
    await snapshotLikeAddAll(root, 'after a checkout');

    write(root, 'src/lib.rs', 'pub fn stashed() {}\n');
    gitIn(root, 'stash', 'push', '-q'); // takes lib.rs and the staged other.txt away
    const stashed = await snapshotLikeAddAll(root, 'after a stash');
    expect(paths(root, stashed)).not.toContain('other.txt');

    gitIn(root, 'stash', 'pop', '-q');
    await snapshotLikeAddAll(root, 'after the stash is popped');
    for (const name of privateIndexes(root)) seen.add(name);
    expect(seen.size).toBeGreaterThanOrEqual(5); // one per state of the user's index
  });

  it('sees a same-size edit made in the second git wrote the private index ("racy git")', async () => {
    const root = project();
    await snapshotLikeAddAll(root, 'the private index exists');
    for (;;) {
      const second = Math.floor(Date.now() / 1000);
      write(root, 'src/main.rs', 'fn main() {}\n'); // same content, new times: git status refreshes the entry ...
      await createSnapshot(root, { label: 'refreshes' }); // ... and writes the private index in this second
      write(root, 'src/main.rs', 'fn mein() {}\n'); // same size, same second
      if (Math.floor(Date.now() / 1000) === second) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 1100 - (Date.now() % 1000)));
    const commit = await snapshotLikeAddAll(root, 'racy');
    expect(gitOut(root, 'show', `${commit}:src/main.rs`)).toBe('fn mein() {}\n');
  });

  it('follows .gitignore and info/exclude when they change', async () => {
    const root = project();
    write(root, 'notes.txt', 'untracked\n');
    write(root, 'gen/out.txt', 'generated\n');
    expect(paths(root, await snapshotLikeAddAll(root, 'both captured'))).toEqual(expect.arrayContaining(['notes.txt', 'gen/out.txt']));

    write(root, '.gitignore', '/target\nnotes.txt\n');
    writeFileSync(join(root, '.git/info/exclude'), 'gen/\n');
    const ignored = paths(root, await snapshotLikeAddAll(root, 'both ignored'));
    expect(ignored).not.toContain('notes.txt');
    expect(ignored).not.toContain('gen/out.txt');

    write(root, '.gitignore', '/target\n');
    writeFileSync(join(root, '.git/info/exclude'), '');
    expect(paths(root, await snapshotLikeAddAll(root, 'both back'))).toEqual(expect.arrayContaining(['notes.txt', 'gen/out.txt']));
  });

  it('starts afresh from an unreadable private index, and clears a lock a killed git left', async () => {
    const root = project();
    await snapshotLikeAddAll(root, 'first');
    const [name] = privateIndexes(root);
    const file = join(root, '.git/stepwise', name!);
    writeFileSync(file, 'cut short by a power cut');
    write(root, 'src/main.rs', 'fn main() { after(); }\n');
    await snapshotLikeAddAll(root, 'after the damage');
    expect(readFileSync(file).subarray(0, 4).toString()).toBe('DIRC');

    const lock = `${file}.lock`;
    writeFileSync(lock, '');
    const old = new Date(Date.now() - 20 * 60_000);
    utimesSync(lock, old, old);
    await snapshotLikeAddAll(root, 'with an old lock');
    expect(existsSync(lock)).toBe(false);
    writeFileSync(lock, ''); // a git holding it now: left alone, and the snapshot is still right
    write(root, 'src/lib.rs', 'pub fn locked() {}\n');
    await snapshotLikeAddAll(root, 'with a current lock');
    expect(existsSync(lock)).toBe(true);
  });

  it('when its folder cannot be written, refuses saying where it keeps the index, leaving nothing behind', async () => {
    const root = project();
    const before = userGitState(root);
    const own = join(root, '.git', 'stepwise');
    writeFileSync(own, 'a file where the folder goes\n');
    const refusal = /^Snapshots keep their own index of this work tree in .*\.git\/stepwise, and could not write there: EEXIST/;
    await expect(createSnapshot(root, { label: 'blocked' })).rejects.toThrow(refusal);
    await expect(captureWorkTree(root)).rejects.toThrow(refusal);
    await expect(warmPrivateIndex(await openRepo(root), new AbortController().signal)).rejects.toThrow(refusal);
    expect(readdirSync(join(root, '.git')).filter((name) => name.startsWith('stepwise'))).toEqual(['stepwise']);
    expect(userGitState(root)).toEqual(before);
  });

  it('serves two snapshots taken at once', async () => {
    const root = project();
    write(root, 'untracked.txt', 'both see it\n');
    write(root, 'src/main.rs', 'fn main() { both(); }\n');
    const expected = addAllTree(root);
    const trees = await Promise.all([1, 2].map(async (n) => (await createSnapshot(root, { label: `at once ${n}` })).tree));
    expect(trees).toEqual([expected, expected]);
  });

  it('works in a repository with no commit and no index yet, and after the first add', async () => {
    const root = tempDir();
    gitIn(root, 'init', '-q');
    write(root, 'a.txt', 'first\n');
    const first = await createSnapshot(root, { label: 'no index' });
    expect(first.tree).toBe(addAllTree(root));
    gitIn(root, 'add', 'a.txt');
    write(root, 'a.txt', 'changed after add\n');
    write(root, 'b.txt', 'untracked\n');
    const second = await createSnapshot(root, { label: 'after add' });
    expect(second.tree).toBe(addAllTree(root));
  });

  it("keeps git's untracked cache across a user's index change that drops no path", async () => {
    const root = project();
    write(root, 'notes/todo.txt', 'untracked\n');
    ageFolders(root);
    expect(await foldersOpened(() => snapshotLikeAddAll(root, 'builds the cache'))).toBeGreaterThan(0);
    expect(await foldersOpened(() => snapshotLikeAddAll(root, 'reads the cache'))).toBe(0);

    write(root, 'src/main.rs', 'fn main() { staged(); }\n');
    gitIn(root, 'add', 'src/main.rs'); // a new user index, with the same paths (no folder changed)
    expect(await foldersOpened(() => snapshotLikeAddAll(root, 'after git add'))).toBe(0);

    write(root, 'notes/todo.txt', 'tracked now\n');
    gitIn(root, 'add', 'notes/todo.txt'); // a path joins the index: the cache still holds, git drops the name
    gitIn(root, 'commit', '-q', '-m', 'todo');
    const committed = paths(root, await snapshotLikeAddAll(root, 'after a commit adding a path'));
    expect(committed).toContain('notes/todo.txt');
  });

  it('rebuilds the untracked cache when a path left the index but its file stayed', async () => {
    for (const leave of [['rm', '-q', '--cached', 'src/lib.rs'], ['restore', '--staged', 'src/new.rs']]) {
      const root = project();
      write(root, 'src/new.rs', 'pub fn new() {}\n');
      gitIn(root, 'add', 'src/new.rs');
      ageFolders(root);
      await snapshotLikeAddAll(root, 'builds the cache');
      gitIn(root, ...leave); // the file is untracked now, and its folder's times did not change
      const commit = await snapshotLikeAddAll(root, `after git ${leave[0]}`);
      expect(paths(root, commit)).toContain(leave[leave.length - 1]);
    }
  });

  it('matches git add -A through 150 random mixes of edits and index changes', { timeout: 120_000 }, async () => {
    const root = project();
    const rand = seededRandom(20261125);
    const pick = <T>(items: T[]): T => items[Math.floor(rand() * items.length)]!;
    const files = ['a.txt', 'src/main.rs', 'src/lib.rs', 'src/deep/x.rs', 'docs/y.md', 'docs/z/w.md', 'gen/out.txt'];
    const quietly = (...args: string[]): void => {
      try {
        gitIn(root, ...args);
      } catch {
        // an index change that does not apply now (nothing to commit, a path git does not know) is skipped
      }
    };
    for (let step = 0; step < 150; step++) {
      const file = pick(files);
      const action = pick(['write', 'write', 'delete', 'add', 'rm --cached', 'unstage', 'commit', 'ignore', 'age']);
      if (action === 'write') write(root, file, `${step} ${rand()}\n`);
      else if (action === 'delete') rmSync(join(root, file), { force: true });
      else if (action === 'add') quietly('add', '-A', '--', file);
      else if (action === 'rm --cached') quietly('rm', '-q', '--cached', '--', file);
      else if (action === 'unstage') quietly('reset', '-q', '--', file);
      else if (action === 'commit') quietly('commit', '-q', '-m', `step ${step}`);
      else if (action === 'ignore') write(root, '.gitignore', rand() < 0.5 ? '/target\ngen/\n' : '/target\n');
      else ageFolders(root);
      await snapshotLikeAddAll(root, `step ${step}: ${action} ${file}`);
    }
  });
});
