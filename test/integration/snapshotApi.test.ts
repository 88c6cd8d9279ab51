// The snapshot API through a real engine and WebSocket client, on a real git
// work tree and on a folder outside git: create, list, diff, restore (all,
// selected files, emergency), undo, prune, and the journal's rows.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvents } from '../../src/shared/contract';
import type { RestoreRecord } from '../../src/shared/model';
import { SnapshotStores } from '../../src/core/snapshots';
import { startHarness, type Harness } from '../helpers/engineHarness';
import { commitAll, conflictingBranches, gitIn } from '../helpers/gitRepo';
import { listing, write } from '../helpers/treeListing';

function makeProject(git: boolean): string {
  const root = mkdtempSync(join(tmpdir(), `stepwise-api-${git ? 'git' : 'folder'}-`));
  write(root, 'Cargo.toml', '[package]\nname = "demo"\nrust-version = "1.75"\n');
  write(root, 'Cargo.lock', '# lock v1\n');
  write(root, 'src/lib.rs', 'pub fn one() -> u32 {\n    1\n}\n');
  write(root, 'README.md', 'demo\n');
  write(root, 'run.sh', '#!/bin/sh\n', 0o755);
  write(root, '.gitignore', '/target\n');
  write(root, 'target/debug/out', 'build output\n');
  if (git) commitAll(root);
  return root;
}

/** The next event of a kind, as a promise. */
function next<E extends keyof EngineEvents>(h: Harness, event: E): Promise<EngineEvents[E]> {
  return new Promise((resolve) => {
    const off = h.client.on(event, (payload) => {
      off();
      resolve(payload);
    });
  });
}

for (const kind of ['git', 'folder'] as const) {
  describe(`the snapshot API on a ${kind === 'git' ? 'git work tree' : 'folder outside git'}`, () => {
    let h: Harness;
    let root: string;
    let sessionId: number;
    beforeAll(async () => {
      h = await startHarness();
      root = makeProject(kind === 'git');
      sessionId = (await h.client.request('project.open', { path: root })).session.id;
    });
    afterAll(async () => {
      await h.close();
      rmSync(root, { recursive: true, force: true });
    });

    it('creates a labelled snapshot with the toolchain, lists it, diffs it per file', async () => {
      const original = listing(root);
      const first = await h.client.request('snapshot.create', { sessionId, label: '  before the upgrade  ' });
      expect(first).toMatchObject({ sessionId, kind: 'manual', store: kind, label: 'before the upgrade', stepId: null });
      expect(first.toolchain).not.toBeNull();
      expect(first.toolchain!.active ?? first.toolchain!.error).toBeTruthy();

      write(root, 'src/lib.rs', 'pub fn one() -> u32 {\n    2\n}\n');
      write(root, 'Cargo.toml', '[package]\nname = "demo"\nrust-version = "1.81"\n');
      write(root, 'notes.txt', 'new\n');
      unlinkSync(join(root, 'README.md'));
      write(root, 'target/debug/out', 'rebuilt\n'); // ignored: never part of a diff

      const diff = await h.client.request('snapshot.diff', { sessionId, snapshotId: first.id });
      expect(diff.truncated).toBe(false);
      expect(diff.files.map((f) => [f.path, f.status])).toEqual([
        ['Cargo.toml', 'modified'],
        ['README.md', 'deleted'],
        ['notes.txt', 'added'],
        ['src/lib.rs', 'modified'],
      ]);
      const lib = diff.files.find((f) => f.path === 'src/lib.rs')!;
      expect(lib).toMatchObject({ additions: 1, deletions: 1, binary: false });
      expect(lib.diff).toContain('-    1\n+    2');

      const { snapshots } = await h.client.request('snapshots.list', { sessionId });
      expect(snapshots).toHaveLength(1);
      expect(snapshots[0]).toMatchObject({ id: first.id, changedFiles: 4, protectedReason: 'one of the 3 newest snapshots' });

      // Between two snapshots.
      const second = await h.client.request('snapshot.create', { sessionId, label: 'after edits' });
      const between = await h.client.request('snapshot.diff', { sessionId, snapshotId: first.id, against: second.id });
      expect(between.files.map((f) => f.path)).toEqual(diff.files.map((f) => f.path));

      // Selected files only: the others stay as they are.
      const restored = next(h, 'snapshot.restored');
      const partial = await h.client.request('snapshot.restore', { sessionId, snapshotId: first.id, mode: 'files', files: ['src/lib.rs'] });
      expect(partial.restore).toMatchObject({ status: 'done', mode: 'files', files: ['src/lib.rs'], snapshotId: first.id, safetySnapshotId: partial.safety.id });
      expect(partial.safety.kind).toBe('safety');
      expect(await restored).toEqual(partial.restore);
      expect(readFileSync(join(root, 'src/lib.rs'), 'utf8')).toContain('    1\n');
      expect(existsSync(join(root, 'notes.txt'))).toBe(true);
      expect(readFileSync(join(root, 'Cargo.toml'), 'utf8')).toContain('1.81');

      // Emergency: the manifests come back, nothing else.
      const emergency = await h.client.request('snapshot.restore', { sessionId, snapshotId: first.id, mode: 'emergency' });
      expect(emergency.restore).toMatchObject({ status: 'done', mode: 'emergency', files: [] });
      expect(readFileSync(join(root, 'Cargo.toml'), 'utf8')).toContain('1.75');
      expect(existsSync(join(root, 'notes.txt'))).toBe(true);
      expect(existsSync(join(root, 'README.md'))).toBe(false);

      // Everything: the tree is the snapshot's, byte for byte; ignored output untouched.
      const beforeAll = listing(root);
      const all = await h.client.request('snapshot.restore', { sessionId, snapshotId: first.id, mode: 'all' });
      expect(all.restore.status).toBe('done');
      expect(listing(root)).toEqual(original);
      expect(readFileSync(join(root, 'target/debug/out'), 'utf8')).toBe('rebuilt\n');

      // Undo: back to the tree just before that restore.
      const undone = await h.client.request('restore.undo', { sessionId, restoreId: all.restore.id });
      expect(undone.restore).toMatchObject({ status: 'done', mode: 'all', snapshotId: all.safety.id });
      expect(listing(root)).toEqual(beforeAll);

      const view = await h.client.request('session.view', { sessionId });
      expect(view.restores.map((r: RestoreRecord) => r.id)).toEqual([partial.restore.id, emergency.restore.id, all.restore.id, undone.restore.id]);
      expect(view.snapshots.filter((s) => s.kind === 'safety')).toHaveLength(4);
    });

    it('refuses unknown files and empty selections without changing anything', async () => {
      const { snapshots } = await h.client.request('snapshots.list', { sessionId });
      const before = listing(root);
      await expect(
        h.client.request('snapshot.restore', { sessionId, snapshotId: snapshots[0]!.id, mode: 'files', files: ['no/such/file.rs'] }),
      ).rejects.toThrow(/Nothing to restore at "no\/such\/file.rs"/);
      await expect(h.client.request('snapshot.restore', { sessionId, snapshotId: snapshots[0]!.id, mode: 'files' })).rejects.toThrow(
        /needs at least one file/,
      );
      expect(listing(root)).toEqual(before);
      const { restores } = await h.client.request('snapshots.list', { sessionId });
      const failed = restores[restores.length - 1]!;
      expect(failed).toMatchObject({ status: 'failed', mode: 'files' });
      expect(failed.error).toMatch(/Nothing to restore/);
      await expect(h.client.request('restore.undo', { sessionId, restoreId: failed.id })).rejects.toThrow(/nothing to undo/);
    });

    // Only a git work tree can be mid-merge: the folder store has no such test to skip.
    if (kind === 'git') it('refuses clearly in the middle of a merge, changing nothing', async () => {
      conflictingBranches(root, 'other');
      expect(() => gitIn(root, 'merge', 'other')).toThrow();
      const before = listing(root);
      const { snapshots, restores } = await h.client.request('snapshots.list', { sessionId });
      await expect(h.client.request('snapshot.create', { sessionId, label: 'mid-merge' })).rejects.toThrow(
        /The snapshot could not be taken: Cannot take a snapshot: .* middle of a merge\. Finish it or abort it first \(git merge --continue or git merge --abort\)/,
      );
      await expect(h.client.request('snapshot.restore', { sessionId, snapshotId: snapshots[0]!.id, mode: 'all' })).rejects.toThrow(
        /Nothing was restored: the safety snapshot could not be taken \(Cannot take a snapshot: .* middle of a merge/,
      );
      expect(listing(root)).toEqual(before);
      expect((await h.client.request('snapshots.list', { sessionId })).restores).toEqual(restores);
      gitIn(root, 'merge', '--abort');
    });

    it('prunes what is not protected: from the store and the journal', async () => {
      const journal = h.engine.journal;
      // A snapshot taken before an issue's one-click fix, the issue since resolved.
      const run = journal.runs.start({ sessionId, stepId: null, origin: 'typed', command: 'cargo build', cwd: root, startedAt: new Date() });
      const issue = journal.issues.insert(
        run,
        { severity: 'error', tool: 'rustc', code: 'E0432', message: 'unresolved import', file: 'src/lib.rs', line: 1, column: 1, rendered: 'error' },
        'fp-1',
      );
      journal.issues.update(issue.id, { state: 'resolved' });
      const taken = await new SnapshotStores(h.dataDir).take(root, 'before the fix');
      const linked = journal.snapshots.record(sessionId, null, taken, { kind: 'auto', issueId: issue.id });
      write(root, 'only-in-one.txt', 'content no kept snapshot has\n');
      await h.client.request('snapshot.create', { sessionId, label: 'doomed' });
      unlinkSync(join(root, 'only-in-one.txt'));
      for (const label of ['n1', 'n2', 'n3']) await h.client.request('snapshot.create', { sessionId, label });

      const { snapshots, restores } = await h.client.request('snapshots.list', { sessionId });
      const latestSafety = restores.filter((r) => r.status === 'done').at(-1)!.safetySnapshotId;
      const pruned = next(h, 'snapshots.pruned');
      const result = await h.client.request('snapshots.prune', { sessionId, snapshotIds: snapshots.map((s) => s.id) });
      const newest = snapshots.slice(-3).map((s) => s.id);
      expect(result.kept.map((k) => k.id).sort((a, b) => a - b)).toEqual([linked.id, latestSafety!, ...newest].sort((a, b) => a - b));
      expect(result.kept.find((k) => k.id === linked.id)!.reason).toBe(`taken before the fix of issue #${issue.id} (resolved)`);
      expect(result.kept.find((k) => k.id === latestSafety)!.reason).toMatch(/safety snapshot of the latest restore/);
      expect(result.removed).toHaveLength(snapshots.length - 5);
      expect(await pruned).toEqual({ sessionId, snapshotIds: result.removed });

      const left = (await h.client.request('snapshots.list', { sessionId })).snapshots;
      expect(left.map((s) => s.id)).toEqual(snapshots.map((s) => s.id).filter((id) => !result.removed.includes(id)));
      const removedStoreIds = snapshots.filter((s) => result.removed.includes(s.id)).map((s) => s.storeId);
      if (kind === 'git') {
        const refs = execFileSync('git', ['-C', root, 'for-each-ref', '--format=%(refname)', 'refs/stepwise/'], { encoding: 'utf8' });
        for (const id of removedStoreIds) expect(refs).not.toContain(id);
        for (const s of left) expect(refs).toContain(s.storeId);
      } else {
        const store = new SnapshotStores(h.dataDir).folder.cas(root);
        const manifests = readdirSync(join(store.storeDir, 'manifests'));
        expect(manifests.sort()).toEqual(left.map((s) => `${s.storeId}.json`).sort());
        // Content only pruned snapshots had is gone; what the others share stays.
        const objects = readdirSync(join(store.storeDir, 'objects')).flatMap((shard) =>
          readdirSync(join(store.storeDir, 'objects', shard)).map((name) => shard + name),
        );
        const referenced = new Set<string>();
        for (const s of left) for (const file of (await store.read(s.storeId)).files) if (file.hash) referenced.add(file.hash);
        expect(objects.sort()).toEqual([...referenced].sort());
      }
      // What is left still restores.
      const oldest = left[0]!;
      await expect(h.client.request('snapshot.diff', { sessionId, snapshotId: oldest.id })).resolves.toHaveProperty('files');
      await expect(h.client.request('snapshots.prune', { sessionId, snapshotIds: [999_999] })).rejects.toThrow(/no snapshot 999999/);
    });
  });
}
