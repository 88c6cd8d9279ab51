// A restore cut short is settled when the engine next starts: the store's own
// recovery finishes it (past its commit point) or rolls it back, and with no
// store journal left the tree says which; the journal row says what happened.
// The crash is the stores' test hook here; restoreSigkill.test.ts kills a real process.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine/engine';
import { EventBus } from '../../src/core/engine/eventBus';
import { resolveResourcesDir } from '../../src/core/platform/fs/paths';
import { PlanRegistry } from '../../src/core/plans/registry';
import { sessionInput } from '../../src/core/plans/resolvePlan';
import { SnapshotStores } from '../../src/core/snapshots';
import { takeSnapshot, type SnapshotDeps } from '../../src/core/snapshots/snapshotBefore';
import { restoreSnapshot as gitRestore, SimulatedCrash } from '../../src/core/snapshots/gitSnapshots';
import { SimulatedCrashError } from '../../src/core/snapshots/casStore';
import type { RestoreStatus, SnapshotRecord } from '../../src/shared/model';
import { commitAll } from '../helpers/gitRepo';
import { listing, write } from '../helpers/treeListing';

const cleanup: string[] = [];
afterEach(() => {
  for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const temp = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanup.push(dir);
  return dir;
};

const open = (dataDir: string): Engine => Engine.open({ dataDir, resourcesDir: resolveResourcesDir(), host: 'server', version: 'test' });

interface Scene {
  dataDir: string;
  root: string;
  deps: SnapshotDeps;
  engine: Engine;
  sessionId: number;
  target: SnapshotRecord;
  safety: SnapshotRecord;
  before: string[];
  after: string[];
}

/** A project with a snapshot (the after state), then changed (the before state) and a safety snapshot of that, as a restore starts. */
async function scene(kind: 'git' | 'folder'): Promise<Scene> {
  const dataDir = temp('stepwise-recovery-data-');
  const root = temp(`stepwise-recovery-${kind}-`);
  for (let i = 0; i < 30; i++) write(root, `src/file${i}.rs`, `// ${i}\n`);
  write(root, 'Cargo.toml', '[package]\nname = "r"\n');
  if (kind === 'git') commitAll(root);
  const engine = open(dataDir);
  const journal = engine.journal;
  const project = journal.projects.open(root);
  const sessionId = journal.sessions.create(project.id, sessionInput(new PlanRegistry(resolveResourcesDir()).default, {}, 'builtin', true)).id;
  const deps: SnapshotDeps = { journal, bus: new EventBus(), stores: new SnapshotStores(dataDir) };
  const target = await takeSnapshot(deps, sessionId, { label: 'target', kind: 'manual' });
  const after = listing(root);
  for (let i = 0; i < 30; i++) write(root, `src/file${i}.rs`, `// changed ${i}\n`);
  write(root, 'added.txt', 'added since\n');
  const before = listing(root);
  const safety = await takeSnapshot(deps, sessionId, { label: 'safety', kind: 'safety' });
  journal.restores.start({ sessionId, snapshotId: target.id, safetySnapshotId: safety.id, mode: 'all', files: [], toolchainCommands: [] });
  return { dataDir, root, deps, engine, sessionId, target, safety, before, after };
}

/** Kills the engine's state as a crash would (no shutdown of the restore), then starts a new engine on the same data directory. */
async function restart(s: Scene): Promise<{ status: RestoreStatus; tree: string[] }> {
  await s.engine.shutdown();
  const engine = open(s.dataDir);
  try {
    const settled = await engine.startupRecovery;
    expect(settled).toHaveLength(1);
    const rows = engine.journal.restores.forSession(s.sessionId);
    expect(rows.map((r) => r.status)).toEqual([settled[0]!.status]);
    return { status: rows[0]!.status, tree: listing(s.root) };
  } finally {
    await engine.shutdown();
  }
}

describe('restores settled at engine start', () => {
  it('git: past the commit point the restore is finished', async () => {
    const s = await scene('git');
    await expect(gitRestore(s.root, s.target.storeId, { safetyId: s.safety.storeId, testOnlyCrash: { afterCommitOps: 5 } })).rejects.toThrow(SimulatedCrash);
    expect(await restart(s)).toEqual({ status: 'finished-at-start', tree: s.after });
  });

  it('git: before the commit point it is rolled back', async () => {
    const s = await scene('git');
    await expect(gitRestore(s.root, s.target.storeId, { safetyId: s.safety.storeId, testOnlyCrash: { afterTempFiles: 10 } })).rejects.toThrow(SimulatedCrash);
    expect(await restart(s)).toEqual({ status: 'rolled-back-at-start', tree: s.before });
  });

  it('folder: past the commit point the restore is finished', async () => {
    const s = await scene('folder');
    const store = s.deps.stores.folder.cas(s.root);
    await expect(store.restore(s.root, s.target.storeId, { testOnly: { crashAfterRenames: 7 } })).rejects.toThrow(SimulatedCrashError);
    expect(await restart(s)).toEqual({ status: 'finished-at-start', tree: s.after });
  });

  for (const kind of ['git', 'folder'] as const) {
    it(`${kind}: with no store journal, a tree still as before was rolled back`, async () => {
      const s = await scene(kind);
      expect(await restart(s)).toEqual({ status: 'rolled-back-at-start', tree: s.before });
    });

    it(`${kind}: with no store journal, a tree equal to the snapshot was finished`, async () => {
      const s = await scene(kind);
      await s.deps.stores.of(s.target.store).restore(s.root, s.target.storeId, s.safety.storeId, { mode: 'all' }); // the crash came just before the row was marked done
      expect(await restart(s)).toEqual({ status: 'finished-at-start', tree: s.after });
    });
  }

  it('a restore that cannot be settled is marked failed with the reason, and the engine still starts', async () => {
    const s = await scene('git');
    await expect(gitRestore(s.root, s.target.storeId, { safetyId: s.safety.storeId, testOnlyCrash: { afterCommitOps: 5 } })).rejects.toThrow(SimulatedCrash);
    writeFileSync(join(s.root, '.git', 'stepwise-restore.json'), '{ not json');
    const { status } = await restart(s);
    expect(status).toBe('failed');
    const engine = open(s.dataDir);
    expect(engine.journal.restores.forSession(s.sessionId)[0]!.error).toMatch(/Could not be settled at start/);
    await engine.shutdown();
  });
});
