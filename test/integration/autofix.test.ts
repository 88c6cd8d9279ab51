// A known breakage's one-click fix, on a real project in git: the real rustup
// refuses wasm32-wasi, the knowledge base explains it, and the fix renames the
// target in every project file after pinning a snapshot.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssueRecord } from '../../src/shared/model';
import { openFixtureSession, type FixtureSession } from '../helpers/fixtureSession';
import { sessionIssues } from '../helpers/sessionLists';

describe('one-click fixes for known breakages', () => {
  let s: FixtureSession;

  beforeAll(async () => {
    s = await openFixtureSession('photondrift', { git: true });
  });
  afterAll(() => s.close());

  it('explains rustup refusing wasm32-wasi and renames the target everywhere', async () => {
    const finished = new Promise((resolve) => s.h.client.on('run.finished', resolve));
    s.h.client.notify('terminal.input', { terminalId: s.terminalId, data: 'RUSTUP_AUTO_INSTALL=0 rustup target add wasm32-wasi\r' });
    await finished;
    await s.h.engine.settled();
    const issues = await sessionIssues(s.h.client, s.sessionId);
    const issue = issues.find((i) => i.tool === 'rustup') as IssueRecord;
    expect(issue.known?.autofix?.kind).toBe('replace');
    expect(readFileSync(join(s.project, 'Makefile'), 'utf8')).toMatch(/wasm32-wasi\b(?!p)/);

    const result = await s.h.client.request('issue.autofix', { issueId: issue.id, terminalId: s.terminalId });
    expect(result.summary).toContain('Makefile');
    expect(readFileSync(join(s.project, 'Makefile'), 'utf8')).toContain('wasm32-wasip1');
    expect(readFileSync(join(s.project, 'Makefile'), 'utf8')).not.toMatch(/wasm32-wasi(?![\w-])/);
    // The snapshot taken first holds the file as it was, and is journaled.
    expect(result.snapshot).toMatchObject({ store: 'git', sessionId: s.sessionId, stepId: null });
    const ref = `refs/stepwise/snapshots/${result.snapshot.storeId}`;
    const before = execFileSync('git', ['-C', s.project, 'show', `${ref}:Makefile`], { encoding: 'utf8' });
    expect((await s.h.client.request('session.view', { sessionId: s.sessionId })).snapshots).toEqual([result.snapshot]);
    expect(before).toMatch(/wasm32-wasi(?![\w-])/);
    expect(result.edits.map((e) => e.file)).toContain('Makefile');
    expect(s.h.engine.journal.issues.events(issue.id).map((e) => e.state)).toContain('autofix');
  });
});
