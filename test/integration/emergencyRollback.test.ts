// The seed's emergency rollback through the engine, on a git copy of the
// photondrift fixture with its real terminal and real cargo: the manifests
// come back (other files stay as they are), then the toolchain commands and
// `cargo clean && cargo build --release` run in the session's terminal.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/shared/model';
import { EMERGENCY_REBUILD } from '../../src/core/snapshots/restores';
import { openFixtureSession, type FixtureSession } from '../helpers/fixtureSession';

describe('emergency rollback', () => {
  let s: FixtureSession;
  beforeAll(async () => {
    s = await openFixtureSession('photondrift', { git: true });
  });
  afterAll(() => s.close());

  it('restores the manifests and rebuilds in the terminal', async () => {
    const { sessionId, terminalId, project } = s;
    const snapshot = await s.h.client.request('snapshot.create', { sessionId, label: 'known good' });
    const manifest = join(project, 'Cargo.toml');
    const good = readFileSync(manifest, 'utf8');
    // A rust-version no toolchain here has: cargo refuses to build until the manifest is rolled back.
    writeFileSync(manifest, good.replace('rust-version = "1.75"', 'rust-version = "1.999"'));
    writeFileSync(join(project, 'NOTES.md'), 'kept\n');

    const finished = new Promise<RunRecord>((resolve) => {
      const off = s.h.client.on('run.finished', (run) => {
        if (run.command.includes(EMERGENCY_REBUILD)) {
          off();
          resolve(run);
        }
      });
    });
    const result = await s.h.client.request('snapshot.restore', { sessionId, snapshotId: snapshot.id, mode: 'emergency', terminalId });
    expect(result.restore).toMatchObject({ status: 'done', mode: 'emergency', toolchainCommands: [] });
    expect(readFileSync(manifest, 'utf8')).toBe(good);
    expect(readFileSync(join(project, 'NOTES.md'), 'utf8')).toBe('kept\n');

    const run = await finished;
    expect(run.command).toBe(EMERGENCY_REBUILD);
    expect(run.exitCode).toBe(0);
  }, 180_000);
});
