// Risky changes are preceded by a journaled rollback snapshot: an edit step's
// apply (here in a folder that is not a git work tree: the data directory's
// store), and nothing is changed when the snapshot cannot be taken.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnapshotStores } from '../../src/core/snapshots';
import { openFixtureSession, type FixtureSession } from '../helpers/fixtureSession';

describe('a snapshot before every edit', () => {
  let s: FixtureSession;
  beforeAll(async () => {
    s = await openFixtureSession('photondrift');
    // The target set as a user would: fitted, it would be the newest stable installed on this machine.
    await s.h.client.request('session.setParams', { sessionId: s.sessionId, params: { to_rust: '1.81' } });
  });
  afterAll(() => s.close());

  it('snapshots the project before applying an edit step, in the folder store outside git', async () => {
    const { sessionId } = s;
    const preview = await s.h.client.request('step.preview', { sessionId, stepId: 'update-makefile' });
    expect(preview.files.map((f) => f.file)).toEqual(['Makefile']);
    const taken = new Promise((resolve) => s.h.client.on('snapshot.taken', resolve));
    const { edits } = await s.h.client.request('step.apply', { sessionId, stepId: 'update-makefile', digest: preview.digest });
    expect(edits.map((e) => e.file)).toEqual(['Makefile']);
    const snapshot = await taken;
    expect(snapshot).toMatchObject({ store: 'folder', stepId: 'update-makefile', label: 'Before "Update the Makefile pin"' });

    // The snapshot holds the Makefile as it was before the edit.
    const store = new SnapshotStores(s.h.dataDir).folder.cas(s.project);
    const manifest = await store.read((snapshot as { storeId: string }).storeId);
    expect(manifest.files.some((f) => f.path === 'Makefile')).toBe(true);
    const diff = await store.diff(s.project, manifest.id, 'worktree');
    expect(diff.files).toEqual([{ path: 'Makefile', status: 'modified' }]);
    expect(readFileSync(join(s.project, 'Makefile'), 'utf8')).toContain('RUST_VERSION ?= 1.81');

    const view = await s.h.client.request('session.view', { sessionId });
    expect(view.snapshots).toHaveLength(1);
  });

  it('changes nothing when the snapshot cannot be taken', async () => {
    const { sessionId } = s;
    // A folder store that cannot be written (root ignores permissions): its manifests folder is a file.
    const storeDir = new SnapshotStores(s.h.dataDir).folder.cas(s.project).storeDir;
    rmSync(join(storeDir, 'manifests'), { recursive: true, force: true });
    writeFileSync(join(storeDir, 'manifests'), 'not a directory');
    const before = readFileSync(join(s.project, 'clippy.toml'), 'utf8');
    const preview = await s.h.client.request('step.preview', { sessionId, stepId: 'update-toolchain-pins' });
    await expect(s.h.client.request('step.apply', { sessionId, stepId: 'update-toolchain-pins', digest: preview.digest })).rejects.toThrow(
      /No change was made: the snapshot before it could not be taken/,
    );
    expect(readFileSync(join(s.project, 'clippy.toml'), 'utf8')).toBe(before);
  });
});
