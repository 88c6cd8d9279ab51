// The unexpected_cfgs one-click fix on a real crate: memoffset 0.6.5 (Debian's
// packages), whose build script sets cfgs that Rust 1.80+ does not know. Built
// on stable in the session's terminal, every warning is named (not only the
// first); the fix declares their names in Cargo.toml after a snapshot, and the
// next build on stable says nothing of them.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/shared/model';
import { startHarness, type Harness } from '../helpers/engineHarness';
import { committedRegistryCrate, ladderSkipReason } from '../helpers/ladder';
import { sessionIssues } from '../helpers/sessionLists';

const reason = ladderSkipReason();

describe.skipIf(reason !== null)(`declaring unexpected cfgs on a real crate${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let h: Harness;
  let work: string;
  let project: string;
  let sessionId: number;
  let terminalId: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'stepwise-cfgs-'));
    project = committedRegistryCrate('memoffset', join(work, 'memoffset'), 'stable');
    h = await startHarness();
    sessionId = (await h.client.request('project.open', { path: project })).session.id;
    terminalId = (await h.client.request('terminal.open', { sessionId, cols: 120, rows: 30 })).terminalId;
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    rmSync(work, { recursive: true, force: true });
  });

  const build = async (): Promise<RunRecord> => {
    const finished = new Promise<RunRecord>((resolve) => {
      const off = h.client.on('run.finished', (run) => {
        if (run.command === 'cargo build --offline') {
          off();
          resolve(run);
        }
      });
    });
    h.client.notify('terminal.input', { terminalId, data: 'cargo build --offline\r' });
    const run = await finished;
    await h.engine.settled();
    return run;
  };

  it('names every unexpected cfg warning, declares them all in one click, and the next build is clean of them', async () => {
    expect(await build()).toMatchObject({ status: 'passed' });
    const warned = (await sessionIssues(h.client, sessionId)).filter((i) => i.message.startsWith('unexpected `cfg` condition name'));
    expect(warned.length).toBeGreaterThan(5);
    // Every occurrence carries its lint, and the knowledge base's fix.
    expect(warned.every((i) => i.code === 'unexpected_cfgs' && i.known?.autofix?.kind === 'declare-cfgs')).toBe(true);
    const names = [...new Set(warned.map((i) => /`([^`]+)`$/.exec(i.message)![1]))].sort();

    const result = await h.client.request('issue.autofix', { issueId: warned[0]!.id, terminalId });
    expect(result.summary).toBe('Changed 1 file: Cargo.toml');
    const manifest = readFileSync(join(project, 'Cargo.toml'), 'utf8');
    expect(manifest).toContain(`[lints.rust]\nunexpected_cfgs = { level = "warn", check-cfg = [${names.map((n) => `'cfg(${n})'`).join(', ')}] }\n`);
    expect(result.snapshot).toMatchObject({ store: 'git', sessionId });

    await build();
    const after = await sessionIssues(h.client, sessionId);
    expect(after.filter((i) => i.code === 'unexpected_cfgs' && i.state !== 'resolved')).toEqual([]);
  }, 240_000);
});
