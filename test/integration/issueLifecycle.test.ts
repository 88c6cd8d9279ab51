// The issue lifecycle on the fixture crate with real cargo: break, run, fix,
// run again (resolved, with the diff that fixed it), break again (regressed).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssueRecord, RunRecord } from '../../src/shared/model';
import { openFixtureSession, type FixtureSession } from '../helpers/fixtureSession';
import { sessionIssues } from '../helpers/sessionLists';

describe('issues followed across runs', () => {
  let s: FixtureSession;

  const runCheck = async (): Promise<RunRecord> => {
    const finished = new Promise<RunRecord>((resolve) => {
      const off = s.h.client.on('run.finished', (run) => {
        if (run.stepId === 'check-all-features') {
          off();
          resolve(run);
        }
      });
    });
    await s.h.client.request('step.run', { sessionId: s.sessionId, stepId: 'check-all-features', terminalId: s.terminalId });
    return finished;
  };
  const issueWith = async (code: string): Promise<IssueRecord> => {
    await s.h.engine.settled();
    const issues = await sessionIssues(s.h.client, s.sessionId);
    return issues.find((i) => i.code === code)!;
  };
  const plugins = (): string => join(s.project, 'src/plugins.rs');

  beforeAll(async () => {
    s = await openFixtureSession('photondrift', { git: true });
  });
  afterAll(() => s.close());

  it('opens an issue for each problem the first run shows', async () => {
    await runCheck();
    expect(await issueWith('E0432')).toMatchObject({ state: 'open', occurrences: 1, file: 'src/plugins.rs', line: 7 });
    expect(await issueWith('unused_variables')).toMatchObject({ state: 'open', occurrences: 1, line: 15 });
  });

  it('keeps the same issue when lines shift', async () => {
    writeFileSync(plugins(), `// a comment pushes every line down\n\n${readFileSync(plugins(), 'utf8')}`);
    await runCheck();
    expect(await sessionIssues(s.h.client, s.sessionId)).toHaveLength(2);
    expect(await issueWith('E0432')).toMatchObject({ state: 'open', occurrences: 2, line: 9 });
  });

  it('resolves what a later run no longer shows, with the diff that fixed it', async () => {
    writeFileSync(plugins(), readFileSync(plugins(), 'utf8').replace(/^use wasmtime::WasiCtxBuilder;$/m, 'use wasmtime::p2::WasiCtxBuilder;'));
    const run = await runCheck();
    expect(run.exitCode).toBe(0);
    await s.h.engine.settled();
    const fixed = await issueWith('E0432');
    expect(fixed).toMatchObject({ state: 'resolved', fixedByRunId: run.id });
    expect(fixed.fixDiff).toContain('-use wasmtime::WasiCtxBuilder;');
    expect(fixed.fixDiff).toContain('+use wasmtime::p2::WasiCtxBuilder;');
    expect(await issueWith('unused_variables')).toMatchObject({ state: 'open', occurrences: 3 });
  });

  it('marks a resolved issue that comes back as regressed', async () => {
    writeFileSync(plugins(), readFileSync(plugins(), 'utf8').replace(/^use wasmtime::p2::WasiCtxBuilder;$/m, 'use wasmtime::WasiCtxBuilder;'));
    await runCheck();
    expect(await issueWith('E0432')).toMatchObject({ state: 'regressed', occurrences: 3 });
  });

  it("keeps a won't-fix decision across runs, and journals every change of state", async () => {
    const warning = await issueWith('unused_variables');
    await s.h.client.request('issue.wontfix', { issueId: warning.id, reason: 'removed with the plugin rewrite next sprint' });
    await s.h.client.request('issue.annotate', { issueId: warning.id, note: 'see ticket 42' });
    await runCheck();
    expect(await issueWith('unused_variables')).toMatchObject({ state: 'wontfix', note: 'see ticket 42', occurrences: 5 });
    const events = s.h.engine.journal.issues.events((await issueWith('E0432')).id).map((e) => e.state);
    expect(events).toEqual(['open', 'resolved', 'regressed']);
  });
});
