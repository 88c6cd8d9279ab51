// A known breakage's one-click fix, on a real project in git: the real rustup
// refuses wasm32-wasi, the knowledge base explains it, and the fix renames the
// target in every project file after pinning a snapshot.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssueRecord } from '../../src/shared/model';
import { startHarness, type Harness } from '../helpers/engineHarness';
import { commitAll } from '../helpers/gitRepo';

describe('one-click fixes for known breakages', () => {
  let h: Harness;
  let project: string;
  let sessionId: number;
  let terminalId: string;

  beforeAll(async () => {
    h = await startHarness();
    project = mkdtempSync(join(tmpdir(), 'stepwise-autofix-'));
    cpSync(join(__dirname, '../fixtures/rust/photondrift'), project, { recursive: true });
    commitAll(project);
    sessionId = (await h.client.request('project.open', { path: project })).session.id;
    terminalId = (await h.client.request('terminal.open', { sessionId, cols: 120, rows: 30 })).terminalId;
  });
  afterAll(async () => {
    await h.close();
    rmSync(project, { recursive: true, force: true });
  });

  it('explains rustup refusing wasm32-wasi and renames the target everywhere', async () => {
    const finished = new Promise((resolve) => h.client.on('run.finished', resolve));
    h.client.notify('terminal.input', { terminalId, data: 'RUSTUP_AUTO_INSTALL=0 rustup target add wasm32-wasi\r' });
    await finished;
    await h.engine.settled();
    const { issues } = await h.client.request('session.view', { sessionId });
    const issue = issues.find((i) => i.tool === 'rustup') as IssueRecord;
    expect(issue.known?.autofix?.kind).toBe('replace');
    expect(readFileSync(join(project, 'Makefile'), 'utf8')).toMatch(/wasm32-wasi\b(?!p)/);

    const result = await h.client.request('issue.autofix', { issueId: issue.id, terminalId });
    expect(result.summary).toContain('Makefile');
    expect(readFileSync(join(project, 'Makefile'), 'utf8')).toContain('wasm32-wasip1');
    expect(readFileSync(join(project, 'Makefile'), 'utf8')).not.toMatch(/wasm32-wasi(?![\w-])/);
    // The snapshot taken first holds the file as it was.
    expect(result.snapshot).toMatch(/^refs\/stepwise\/snapshots\//);
    const before = execFileSync('git', ['-C', project, 'show', `${result.snapshot}:Makefile`], { encoding: 'utf8' });
    expect(before).toMatch(/wasm32-wasi(?![\w-])/);
    expect(result.edits.map((e) => e.file)).toContain('Makefile');
    expect(h.engine.journal.issueEvents(issue.id).map((e) => e.state)).toContain('autofix');
  });
});
