// Snapshots of a real git work tree: create, list, diff, restore (full and
// partial, crash recovery), with odd names, symlinks and the exec bit, and a
// seeded property test of random edit sequences.
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmdirSync,
  rmSync,
  symlinkSync,
  unlinkSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createSnapshot,
  deleteSnapshot,
  diffSnapshot,
  listSnapshots,
  recoverInterruptedRestore,
  restoreSnapshot,
  SimulatedCrash,
} from '../../src/core/snapshots/gitSnapshots';
import { addAllTree, commitAll, conflictingBranches, gitOut as git, userGitState as userState } from '../helpers/gitRepo';
import { useTempDir } from '../helpers/tempDir';
import { seededRandom } from '../helpers/random';
import { abs, listing, write } from '../helpers/treeListing';

const tempDir = useTempDir('stepwise-snap-');
const ODD = Buffer.from([0x66, 0xff, 0x2e, 0x74, 0x78, 0x74]); // "f\xff.txt": not UTF-8

function project(): string {
  const root = tempDir();
  write(root, 'Cargo.toml', '[package]\nname = "demo"\n');
  write(root, 'src/main.rs', 'fn main() {}\n');
  write(root, 'run.sh', '#!/bin/sh\necho hi\n', 0o755);
  write(root, '.gitignore', '/target\n*.log\n');
  symlinkSync('src/main.rs', join(root, 'main-link'));
  commitAll(root);
  return root;
}

describe('git snapshots', () => {
  it('restores the tree byte for byte without touching index, HEAD, branches or ignored files', async () => {
    const root = project();
    write(root, 'src/main.rs', 'fn main() { println!("staged"); }\n');
    git(root, 'add', 'src/main.rs'); // a staged change the snapshot must not disturb
    git(root, 'stash', 'create'); // (no stash entry: stash list stays empty, checked below)
    write(root, 'notes.txt', 'untracked but not ignored\n');
    write(root, 'target/debug/app', 'build output\n');
    write(root, 'big.bin', Buffer.alloc(5000, 1));
    const before = userState(root);

    const snap = await createSnapshot(root, { label: 'before upgrade', maxFileBytes: 4096 });
    expect(snap.id).toMatch(/^\d{8}T\d{6}Z-[0-9a-f]{8}$/);
    expect(snap.ref).toBe(`refs/stepwise/snapshots/${snap.id}`);
    expect(snap.leftOut).toEqual([{ path: 'big.bin', reason: 'too-large', size: 5000 }]);
    expect(snap.fileCount).toBe(6); // .gitignore Cargo.toml main-link notes.txt run.sh src/main.rs
    const files = git(root, 'ls-tree', '-r', '--name-only', snap.commit).trim().split('\n');
    expect(files).toContain('notes.txt');
    expect(files).not.toContain('big.bin');
    expect(files.some((file) => file.startsWith('target'))).toBe(false);
    expect(git(root, 'rev-parse', `${snap.commit}^`)).toBe(before.head);
    expect(userState(root)).toEqual(before);
    const atCreate = listing(root, ['target', 'big.bin']);

    write(root, 'src/main.rs', 'fn main() { broken }\n');
    rmSync(join(root, 'notes.txt'));
    write(root, 'new.txt', 'added later\n');
    write(root, 'src/extra/mod.rs', 'mod x;\n');
    chmodSync(join(root, 'run.sh'), 0o644);
    rmSync(join(root, 'main-link'));
    symlinkSync('Cargo.toml', join(root, 'main-link'));
    write(root, 'target/debug/app', 'rebuilt\n');
    write(root, 'big.bin', Buffer.alloc(6000, 2));
    const targetBefore = listing(join(root, 'target'), []);

    const result = await restoreSnapshot(root, snap.id);
    expect(listing(root, ['target', 'big.bin'])).toEqual(atCreate);
    expect(result.removed.sort()).toEqual(['new.txt', 'src/extra/mod.rs']);
    expect(result.restored.sort()).toEqual(['main-link', 'notes.txt', 'run.sh', 'src/main.rs']);
    expect(existsSync(join(root, 'src/extra'))).toBe(false); // left empty by the removal
    expect(listing(join(root, 'target'), [])).toEqual(targetBefore);
    expect(readFileSync(join(root, 'big.bin'))).toEqual(Buffer.alloc(6000, 2)); // never captured, never touched
    expect(lstatSync(join(root, 'main-link')).isSymbolicLink()).toBe(true);
    expect(userState(root)).toEqual(before);

    // The safety snapshot holds the state just before the restore: restoring it undoes the restore.
    await restoreSnapshot(root, result.safetySnapshotId);
    expect(readFileSync(join(root, 'src/main.rs'), 'utf8')).toBe('fn main() { broken }\n');
    expect(existsSync(join(root, 'new.txt'))).toBe(true);
    expect(userState(root)).toEqual(before);
  });

  it('lists snapshots with their metadata and deletes them', async () => {
    const root = project();
    write(root, 'huge file.bin', Buffer.alloc(300));
    write(root, ODD, Buffer.alloc(300));
    const a = await createSnapshot(root, { label: 'first\nline two', maxFileBytes: 100 });
    const b = await createSnapshot(root, { label: 'second' });
    const list = await listSnapshots(root);
    expect(list.map((s) => s.id)).toEqual([a.id, b.id]);
    expect(list[0]).toEqual({ ...a, label: 'first line two' });
    expect(list[0]!.leftOut.map((entry) => entry.pathBytes ?? Buffer.from(entry.path))).toEqual([ODD, Buffer.from('huge file.bin')]); // git's (byte) order
    expect(list[1]).toEqual(b);
    expect(b.fileCount).toBe(a.fileCount + 2);
    expect(b.bytes).toBe(a.bytes + 600);
    await deleteSnapshot(root, a.id);
    expect((await listSnapshots(root)).map((s) => s.id)).toEqual([b.id]);
    await expect(deleteSnapshot(root, a.id)).rejects.toThrow(/No snapshot/);
  });

  it('handles spaces, non-UTF-8 names, symlinks and the exec bit, and restores selected paths only', async () => {
    const root = project();
    write(root, 'dir with space/a b.txt', 'spaces\n');
    write(root, ODD, 'odd name\n');
    write(root, 'tool', '#!/bin/sh\n', 0o755);
    symlinkSync('dir with space/a b.txt', join(root, 'link to spaces'));
    const snap = await createSnapshot(root, { label: 'odd' });
    const atCreate = listing(root);

    write(root, 'dir with space/a b.txt', 'changed\n');
    rmSync(abs(root, ODD));
    chmodSync(join(root, 'tool'), 0o644);
    rmSync(join(root, 'link to spaces'));
    write(root, 'link to spaces', 'now a file\n');
    write(root, 'added.txt', 'new\n');
    const diff = await diffSnapshot(root, snap.id, 'worktree');
    const byPath = Object.fromEntries(diff.files.map((file) => [file.path, file.status]));
    expect(byPath).toMatchObject({
      'dir with space/a b.txt': 'modified',
      tool: 'mode',
      'link to spaces': 'modified',
      'added.txt': 'added',
    });
    const odd = diff.files.find((file) => file.pathBytes?.equals(ODD));
    expect(odd?.status).toBe('deleted');

    // Partial: the odd file and the exec bit only.
    const partial = await restoreSnapshot(root, snap.id, { paths: [ODD, 'tool'] });
    expect(partial.restored.length).toBe(2);
    expect(readFileSync(abs(root, ODD), 'utf8')).toBe('odd name\n');
    expect(lstatSync(join(root, 'tool')).mode & 0o111).toBe(0o111);
    expect(readFileSync(join(root, 'dir with space/a b.txt'), 'utf8')).toBe('changed\n');
    expect(existsSync(join(root, 'added.txt'))).toBe(true);

    // A directory path selects everything below it; an added file is removed when its path is listed.
    await restoreSnapshot(root, snap.id, { paths: ['dir with space/', 'added.txt'] });
    expect(readFileSync(join(root, 'dir with space/a b.txt'), 'utf8')).toBe('spaces\n');
    expect(existsSync(join(root, 'added.txt'))).toBe(false);
    expect(lstatSync(join(root, 'link to spaces')).isFile()).toBe(true);

    await restoreSnapshot(root, snap.id);
    expect(listing(root)).toEqual(atCreate);
    expect(readlinkSync(join(root, 'link to spaces'))).toBe('dir with space/a b.txt');
  });

  it('diffs against the working tree and between snapshots', async () => {
    const root = project();
    write(root, 'old name.txt', 'some content that is long enough to be detected as a rename\n'.repeat(5));
    const a = await createSnapshot(root, { label: 'a' });
    expect((await diffSnapshot(root, a.id, 'worktree')).files).toEqual([]);
    renameSync(join(root, 'old name.txt'), join(root, 'new name.txt'));
    chmodSync(join(root, 'run.sh'), 0o644);
    rmSync(join(root, 'Cargo.toml'));
    write(root, 'src/main.rs', 'fn main() { changed() }\n');
    write(root, 'fresh.rs', '// new\n');
    const b = await createSnapshot(root, { label: 'b' });
    const diff = await diffSnapshot(root, a.id, { snapshot: b.id });
    const sorted = [...diff.files].sort((x, y) => x.path.localeCompare(y.path));
    expect(sorted).toEqual([
      { path: 'Cargo.toml', status: 'deleted' },
      { path: 'fresh.rs', status: 'added' },
      { path: 'new name.txt', status: 'renamed', oldPath: 'old name.txt' },
      { path: 'run.sh', status: 'mode' },
      { path: 'src/main.rs', status: 'modified' },
    ]);
    expect(diff.patch).toContain('+fn main() { changed() }');
    expect(diff.patch).toContain('old mode 100755');
    expect(await diffSnapshot(root, a.id, 'worktree')).toEqual(diff);
    expect((await diffSnapshot(root, b.id, 'worktree')).files).toEqual([]);
  });

  it('refuses to snapshot or restore in the middle of a merge', async () => {
    const root = project();
    const snap = await createSnapshot(root, { label: 'clean' });
    conflictingBranches(root, 'other');
    expect(() => git(root, 'merge', 'other')).toThrow();
    expect(existsSync(join(root, '.git/MERGE_HEAD'))).toBe(true);
    await expect(createSnapshot(root, { label: 'x' })).rejects.toThrow(/middle of a merge.*git merge --abort/);
    await expect(restoreSnapshot(root, snap.id)).rejects.toThrow(/Cannot restore a snapshot: .* middle of a merge/);
    git(root, 'merge', '--abort');
    await expect(createSnapshot(root, { label: 'after abort' })).resolves.toMatchObject({ label: 'after abort' });
  });

  it('refuses to snapshot or restore in the middle of a rebase, saying how to finish it', async () => {
    const root = project();
    const snap = await createSnapshot(root, { label: 'clean' });
    conflictingBranches(root, 'topic');
    git(root, 'checkout', '-q', 'topic');
    expect(() => git(root, 'rebase', 'main')).toThrow();
    expect(existsSync(join(root, '.git/rebase-merge')) || existsSync(join(root, '.git/rebase-apply'))).toBe(true);
    await expect(createSnapshot(root, { label: 'x' })).rejects.toThrow(/Cannot take a snapshot: .* middle of a rebase.*git rebase --abort/);
    await expect(restoreSnapshot(root, snap.id)).rejects.toThrow(/Cannot restore a snapshot: .* middle of a rebase/);
    git(root, 'rebase', '--abort');
    await expect(createSnapshot(root, { label: 'after abort' })).resolves.toMatchObject({ label: 'after abort' });
  });

  it('sees a same-size edit made in the second the index was written ("racy git")', async () => {
    // Git trusts an index entry's stat data only for files older than the index file: the copy must keep its time.
    let root: string;
    for (;;) {
      const second = Math.floor(Date.now() / 1000);
      root = project();
      write(root, 'src/main.rs', 'fn mein() {}\n'); // same size as 'fn main() {}\n'
      if (Math.floor(Date.now() / 1000) === second) break; // the commit and the edit fell in one second
    }
    await new Promise((resolve) => setTimeout(resolve, 1100 - (Date.now() % 1000))); // the snapshot comes a second later
    const snap = await createSnapshot(root, { label: 'racy' });
    expect(git(root, 'show', `${snap.commit}:src/main.rs`)).toBe('fn mein() {}\n');
  });

  it('leaves empty directories alone, and removes only the ones its removals empty', async () => {
    const root = project();
    mkdirSync(join(root, 'empty before'));
    const snap = await createSnapshot(root, { label: 'with an empty dir' });
    write(root, 'added/deep/file.txt', 'added since\n');
    mkdirSync(join(root, 'empty since'));
    const result = await restoreSnapshot(root, snap.id);
    expect(result.removed).toEqual(['added/deep/file.txt']);
    expect(existsSync(join(root, 'added'))).toBe(false);
    expect(lstatSync(join(root, 'empty before')).isDirectory()).toBe(true);
    expect(lstatSync(join(root, 'empty since')).isDirectory()).toBe(true);
  });

  it('replaces a directory by a file and a file by a directory', async () => {
    const root = project();
    write(root, 'd/e', 'in dir\n');
    write(root, 'f', 'a file\n');
    const snap = await createSnapshot(root, { label: 'x' });
    const atCreate = listing(root);
    rmSync(join(root, 'd'), { recursive: true });
    write(root, 'd', 'now a file\n');
    rmSync(join(root, 'f'));
    write(root, 'f/g/h', 'now a dir\n');
    await restoreSnapshot(root, snap.id);
    expect(listing(root)).toEqual(atCreate);
    // An ignored file inside a directory that must become a file: refused before anything changes.
    rmSync(join(root, 'f'));
    write(root, 'f/build.log', 'ignored\n');
    const now = listing(root);
    await expect(restoreSnapshot(root, snap.id)).rejects.toThrow(/would be lost/);
    expect(listing(root)).toEqual(now);
    expect(existsSync(join(root, '.git/stepwise-restore.json'))).toBe(false);
  });

  it('recovers a restore cut short: before the renames it rolls back, during them it completes', async () => {
    const root = project();
    write(root, 'a.txt', 'a0\n');
    write(root, 'sub/b.txt', 'b0\n');
    const snap = await createSnapshot(root, { label: 'x' });
    const after = listing(root);
    write(root, 'a.txt', 'a1\n');
    rmSync(join(root, 'sub'), { recursive: true });
    write(root, 'sub', 'file now\n');
    write(root, 'c.txt', 'c1\n');
    chmodSync(join(root, 'run.sh'), 0o644);
    const before = listing(root);
    const journal = join(root, '.git/stepwise-restore.json');

    // Crash while writing temp files: the tree is untouched, the temps wait in the git directory; recovery rolls back.
    await expect(restoreSnapshot(root, snap.id, { testOnlyCrash: { afterTempFiles: 1 } })).rejects.toBeInstanceOf(SimulatedCrash);
    expect(existsSync(journal)).toBe(true);
    expect(listing(root)).toEqual(before);
    const staging = (): string[] => readdirSync(join(root, '.git/stepwise')).filter((name) => name.startsWith('restore-'));
    expect(staging()).toHaveLength(1);
    await expect(createSnapshot(root, { label: 'y' })).rejects.toThrow(/recoverInterruptedRestore/);
    await expect(recoverInterruptedRestore(root)).resolves.toMatchObject({ recovered: true, outcome: 'rolled-back', snapshotId: snap.id });
    expect(listing(root)).toEqual(before);
    expect(staging()).toEqual([]);

    // Crash half-way through the commit phase: recovery completes the restore.
    await expect(restoreSnapshot(root, snap.id, { testOnlyCrash: { afterCommitOps: 0 } })).rejects.toBeInstanceOf(SimulatedCrash);
    const total = (JSON.parse(readFileSync(journal, 'utf8')) as { ops: unknown[]; state: string }).ops.length;
    expect(total).toBeGreaterThan(4);
    expect(listing(root)).toEqual(before); // nothing renamed yet, and no temp file in the work tree
    const first = await recoverInterruptedRestore(root);
    expect(first).toMatchObject({ recovered: true, outcome: 'completed' });
    expect(listing(root)).toEqual(after);
    expect(staging()).toEqual([]);
    if (first.recovered) await restoreSnapshot(root, first.safetySnapshotId);
    expect(listing(root)).toEqual(before);

    for (let n = 1; n < total; n++) {
      await expect(restoreSnapshot(root, snap.id, { testOnlyCrash: { afterCommitOps: n } })).rejects.toBeInstanceOf(SimulatedCrash);
      const recovery = await recoverInterruptedRestore(root);
      expect(recovery).toMatchObject({ recovered: true, outcome: 'completed' });
      expect(listing(root)).toEqual(after);
      expect(existsSync(journal)).toBe(false);
      if (recovery.recovered) await restoreSnapshot(root, recovery.safetySnapshotId);
      expect(listing(root)).toEqual(before);
    }
    await expect(recoverInterruptedRestore(root)).resolves.toEqual({ recovered: false });
  });
});


const NAMES: Buffer[] = ['a', 'b c', 'd', 'd/e', 'd/f g', 'h/i/j', 'h/k'].map((name) => Buffer.from(name)).concat([ODD]);

describe('git snapshots: property', () => {
  it('200 random edit sequences restore byte for byte', { timeout: 120_000 }, async () => {
    const root = tempDir();
    const fixture = (): void => {
      write(root, 'a', 'alpha\n');
      write(root, 'd/e', 'echo\n', 0o755);
      write(root, '.gitignore', 'target/\n');
    };
    fixture();
    commitAll(root);
    const user = userState(root);
    const rand = seededRandom(20261124);
    const pick = <T>(items: T[]): T => items[Math.floor(rand() * items.length)]!;
    const exists = (rel: Buffer): boolean => {
      try {
        lstatSync(abs(root, rel));
        return true;
      } catch {
        return false;
      }
    };
    const pruneEmptyParents = (rel: Buffer): void => {
      for (let slash = rel.lastIndexOf(0x2f); slash > 0; slash = rel.lastIndexOf(0x2f, slash - 1)) {
        try {
          rmdirSync(abs(root, rel.subarray(0, slash)));
        } catch {
          return;
        }
      }
    };
    const op = (): void => {
      const name = pick(NAMES);
      const kind = pick(['write', 'write', 'delete', 'rename', 'chmod', 'symlink']);
      try {
        if (kind === 'write') {
          const bytes = Buffer.from(Array.from({ length: Math.floor(rand() * 64) }, () => Math.floor(rand() * 256)));
          if (exists(name) && lstatSync(abs(root, name)).isSymbolicLink()) unlinkSync(abs(root, name));
          write(root, name, bytes);
        } else if (kind === 'delete') {
          if (exists(name) && !lstatSync(abs(root, name)).isDirectory()) unlinkSync(abs(root, name));
          pruneEmptyParents(name);
        } else if (kind === 'rename') {
          const to = pick(NAMES);
          if (!exists(name) || lstatSync(abs(root, name)).isDirectory() || exists(to)) return;
          const slash = to.lastIndexOf(0x2f);
          if (slash >= 0) mkdirSync(abs(root, to.subarray(0, slash)), { recursive: true });
          renameSync(abs(root, name), abs(root, to));
          pruneEmptyParents(name);
        } else if (kind === 'chmod') {
          const stat = lstatSync(abs(root, name));
          if (stat.isFile()) chmodSync(abs(root, name), stat.mode & 0o100 ? 0o644 : 0o755);
        } else {
          if (exists(name)) return;
          const slash = name.lastIndexOf(0x2f);
          if (slash >= 0) mkdirSync(abs(root, name.subarray(0, slash)), { recursive: true });
          symlinkSync(pick(['a', '../a', 'missing target', 'd']), abs(root, name));
        }
      } catch {
        // an op that does not fit the current tree (a file where a directory is, ...) is skipped
      }
    };

    const started = Date.now();
    for (let sequence = 0; sequence < 200; sequence++) {
      for (const name of readdirSync(root)) if (name !== '.git') rmSync(join(root, name), { recursive: true, force: true });
      fixture();
      const before = Math.floor(rand() * 4);
      for (let i = 0; i < before; i++) op();
      const snap = await createSnapshot(root, { label: `seq ${sequence}` });
      // The capture touches only what changed; it must equal what `git add -A` makes of the whole tree.
      expect(snap.tree, `sequence ${sequence}`).toBe(addAllTree(root));
      const expected = listing(root);
      const more = 1 + Math.floor(rand() * 5);
      for (let i = 0; i < more; i++) op();
      if (sequence % 5 === 4) {
        // Crash somewhere in the commit phase, then recover: the tree ends in the snapshot's state.
        try {
          await restoreSnapshot(root, snap.id, { testOnlyCrash: { afterCommitOps: Math.floor(rand() * 4) } });
        } catch (error) {
          expect(error).toBeInstanceOf(SimulatedCrash);
        }
        await recoverInterruptedRestore(root);
      } else {
        await restoreSnapshot(root, snap.id);
      }
      expect(listing(root), `sequence ${sequence}`).toEqual(expected);
    }
    expect(userState(root)).toEqual(user);
    console.log(`property test: 200 sequences in ${Date.now() - started} ms`);
  });
});
