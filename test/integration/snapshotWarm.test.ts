// Opening a git project warms the snapshots' private index in the background
// (src/core/snapshots/git/warm.ts): the first snapshot then reads no folder
// again. Through a real engine and WebSocket client on real repositories.
// An fsmonitor hook that waits for a gate file holds a git status in flight
// for as long as a test needs (and logs it), which shows that the request
// does not wait for the warm, that a snapshot asked for meanwhile waits for it
// rather than running beside it, and that shutdown ends it.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvents } from '../../src/shared/contract';
import { startHarness, type Harness } from '../helpers/engineHarness';
import { addAllTree, commitAll, gitOut, userRepoView } from '../helpers/gitRepo';
import { holdGitStatus } from '../helpers/heldGitStatus';
import { alive } from '../helpers/processes';
import { useTempDir } from '../helpers/tempDir';
import { write } from '../helpers/treeListing';
import { ageFolders, foldersOpened } from '../helpers/untrackedCache';

const tempDir = useTempDir('stepwise-warm-');
const harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

async function engine(): Promise<Harness> {
  const h = await startHarness();
  harnesses.push(h);
  return h;
}

/** A committed project in nested folders, with untracked files, its folders aged so git trusts its cache of them. */
function project(): string {
  const root = tempDir();
  write(root, 'Cargo.toml', '[package]\nname = "demo"\n');
  write(root, '.gitignore', '/target\n');
  for (const dir of ['src', 'src/a', 'src/a/b', 'src/c', 'tests']) for (const n of [1, 2, 3]) write(root, `${dir}/f${n}.rs`, `// ${dir} ${n}\n`);
  commitAll(root);
  write(root, 'notes/todo.txt', 'untracked\n');
  write(root, 'src/a/new.rs', 'untracked beside tracked files\n');
  write(root, 'target/debug/out', 'ignored\n');
  ageFolders(root);
  return root;
}

const privateIndexes = (root: string): string[] => (existsSync(join(root, '.git/stepwise')) ? readdirSync(join(root, '.git/stepwise')) : []);

describe('warming the snapshot index when a project is opened', () => {
  it("prepares the private index and git's untracked cache, writing nothing of the user's", async () => {
    const h = await engine();
    const root = project();
    const before = userRepoView(root);

    const { session } = await h.client.request('project.open', { path: root });
    await h.engine.settled();
    const [index, ...others] = privateIndexes(root);
    expect(others).toEqual([]);
    expect(index).toMatch(/^index-[0-9a-f]{16}\.uc$/);
    expect(readFileSync(join(root, '.git/stepwise', index!)).includes('UNTR')).toBe(true);
    expect(userRepoView(root)).toEqual(before); // index bytes and times, HEAD, branches, stash, config, status, no ref

    // The first snapshot finds every folder in the cache the warm built.
    let snapshot: EngineEvents['snapshot.taken'] | undefined;
    expect(await foldersOpened(async () => (snapshot = await h.client.request('snapshot.create', { sessionId: session.id, label: 'first' })))).toBe(0);
    expect(gitOut(root, 'rev-parse', `refs/stepwise/snapshots/${snapshot!.storeId}^{tree}`).trim()).toBe(addAllTree(root));
  });

  it('does not hold up the request; a snapshot asked for meanwhile waits for it, then sees the files as they are', async () => {
    const h = await engine();
    const root = project();
    const held = holdGitStatus(root, tempDir());

    const { session } = await h.client.request('project.open', { path: root });
    await held.started(); // the warm's git status is under way, and cannot end while held
    expect(held.log().some((line) => line.startsWith('end'))).toBe(false);

    // Changes after the warm's git status started: the snapshot must have them all.
    write(root, 'src/a/f1.rs', '// changed after the warm started\n');
    rmSync(join(root, 'src/c/f2.rs'));
    write(root, 'src/a/later.rs', 'untracked, after the warm started\n');
    write(root, 'fresh/deep/x.txt', 'a new folder\n');
    const taken = h.client.request('snapshot.create', { sessionId: session.id, label: 'during the warm' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(held.starts()).toHaveLength(1); // no second git status beside the warm's

    held.release();
    const snapshot = await taken;
    expect(gitOut(root, 'rev-parse', `refs/stepwise/snapshots/${snapshot.storeId}^{tree}`).trim()).toBe(addAllTree(root));
    const files = gitOut(root, 'ls-tree', '-r', '--name-only', `refs/stepwise/snapshots/${snapshot.storeId}`).split('\n');
    expect(files).toEqual(expect.arrayContaining(['src/a/later.rs', 'fresh/deep/x.txt', 'notes/todo.txt']));
    expect(files).not.toContain('src/c/f2.rs');
    // Each git status (two hook calls each: protocol 2, then 1) ran alone.
    expect(held.log().map((line) => line.split(' ')[0])).toEqual(Array(held.log().length / 2).fill(['start', 'end']).flat());
  });

  it('ends the warm at shutdown: its git and what git started are gone, nothing half made is left', async () => {
    const h = await engine();
    const root = project();
    const held = holdGitStatus(root, tempDir());
    const before = userRepoView(root);

    await h.client.request('project.open', { path: root });
    const { hook, git } = await held.started();
    expect(alive(git) && alive(hook)).toBe(true);
    harnesses.splice(harnesses.indexOf(h), 1);
    // Settles only if the held git was ended (the gate stays shut), and what it started with it: they hold its output open.
    const closed = h.close().then(() => 'closed');
    expect(await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 10_000, 'still waiting after 10 s'))])).toBe('closed');
    expect(alive(git)).toBe(false);
    expect(alive(hook)).toBe(false);
    expect(privateIndexes(root)).toEqual([]); // the cut-short private index and git's lock are removed
    held.release();
    expect(userRepoView(root)).toEqual(before);
  });

  it('logs a warm that fails, and the project opens all the same', async () => {
    const h = await engine();
    const root = project();
    writeFileSync(join(root, '.git/stepwise'), 'a file where the private index folder goes\n');
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const view = await h.client.request('project.open', { path: root });
      expect(view.session.id).toBeGreaterThan(0);
      await h.engine.settled();
      expect(logged).toHaveBeenCalledWith(expect.stringMatching(new RegExp(`^\\[stepwise\\] could not prepare the snapshot index of ${root}: .*EEXIST`)));
    } finally {
      logged.mockRestore();
    }
  });

  it('prepares a new one after a command that took a path out of the index', async () => {
    const h = await engine();
    const root = project();
    const { session } = await h.client.request('project.open', { path: root });
    const { terminalId } = await h.client.request('terminal.open', { sessionId: session.id, cols: 120, rows: 30 });
    await h.engine.settled();
    const [first] = privateIndexes(root);

    // src/a/f2.rs stays as an untracked file: git's cache of the old index cannot be carried over to this one.
    const finished = new Promise<EngineEvents['run.finished']>((resolve) => {
      const off = h.client.on('run.finished', (run) => {
        off();
        resolve(run);
      });
    });
    const command = `cd '${root}' && git rm -q --cached src/a/f2.rs && git -c user.name=t -c user.email=t@example.com commit -qm untrack\r`;
    for (const key of command) h.client.notify('terminal.input', { terminalId, data: key });
    expect(await finished).toMatchObject({ exitCode: 0 });
    await h.engine.settled();
    // A new one for the new user index (the old one is swept by a later capture, once no capture can be reading it),
    // and one for the index between git rm and git commit if the run's start tree was captured then.
    expect(privateIndexes(root)).toEqual(expect.arrayContaining([first]));
    expect(privateIndexes(root).filter((name) => name !== first).length).toBeOneOf([1, 2]);

    let snapshot: EngineEvents['snapshot.taken'] | undefined;
    expect(await foldersOpened(async () => (snapshot = await h.client.request('snapshot.create', { sessionId: session.id, label: 'after' })))).toBe(0);
    const files = gitOut(root, 'ls-tree', '-r', '--name-only', `refs/stepwise/snapshots/${snapshot!.storeId}`).split('\n');
    expect(files).toContain('src/a/f2.rs');
    expect(gitOut(root, 'rev-parse', `refs/stepwise/snapshots/${snapshot!.storeId}^{tree}`).trim()).toBe(addAllTree(root));
  });
});
