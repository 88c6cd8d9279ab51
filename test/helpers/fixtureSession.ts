// A real engine with a session open on a private copy of a Rust fixture and
// its terminal started: the common setup of the engine integration tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHarness, type Harness } from './engineHarness';
import { commitAll } from './gitRepo';
import { copyRustFixture } from './rustFixture';

export interface FixtureSession {
  h: Harness;
  project: string;
  sessionId: number;
  terminalId: string;
  close(): Promise<void>;
}

export async function openFixtureSession(fixture = 'photondrift', { git = false } = {}): Promise<FixtureSession> {
  const h = await startHarness();
  const project = mkdtempSync(join(tmpdir(), `stepwise-${fixture}-`));
  copyRustFixture(project, fixture);
  if (git) commitAll(project);
  const sessionId = (await h.client.request('project.open', { path: project })).session.id;
  // Asked for at once: the engine waits for the shell's first prompt.
  const terminalId = (await h.client.request('terminal.open', { sessionId, cols: 120, rows: 30 })).terminalId;
  return {
    h,
    project,
    sessionId,
    terminalId,
    async close() {
      await h.close();
      rmSync(project, { recursive: true, force: true });
    },
  };
}
