// The built-in plan's "Create a backup branch for rollback" step makes a real
// branch at the current commit, in a real git repository, through the real
// terminal; the user's branch and HEAD stay where they were.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/shared/model';
import { openFixtureSession, type FixtureSession } from '../helpers/fixtureSession';

describe('the backup branch step', () => {
  let s: FixtureSession;
  beforeAll(async () => {
    s = await openFixtureSession('photondrift', { git: true });
    // The target set as a user would: fitted, it would be the newest stable installed on this machine.
    await s.h.client.request('session.setParams', { sessionId: s.sessionId, params: { to_rust: '1.81' } });
  });
  afterAll(() => s.close());

  const git = (...args: string[]): string => execFileSync('git', ['-C', s.project, ...args], { encoding: 'utf8' }).trim();
  const runStep = async (stepId: string): Promise<RunRecord> => {
    const finished = new Promise<RunRecord>((resolve) => {
      const off = s.h.client.on('run.finished', (run) => {
        if (run.stepId === stepId) {
          off();
          resolve(run);
        }
      });
    });
    await s.h.client.request('step.run', { sessionId: s.sessionId, stepId, terminalId: s.terminalId });
    return finished;
  };

  it('creates backup/before-rust-<to_rust> at HEAD and leaves the current branch alone', async () => {
    const head = git('rev-parse', 'HEAD');
    const run = await runStep('backup-branch');
    expect(run).toMatchObject({ status: 'passed', exitCode: 0, command: expect.stringContaining('git branch backup/before-rust-1.81') });
    expect(git('rev-parse', 'refs/heads/backup/before-rust-1.81')).toBe(head);
    expect(git('symbolic-ref', '--short', 'HEAD')).toBe('main');
    const { output } = await s.h.client.request('run.output', { runId: run.id });
    expect(output).toContain('backup/before-rust-1.81');
    expect(output).not.toContain('already exists');
  });

  it('run again after a commit, keeps the branch at the state before the upgrade and passes, saying so', async () => {
    const before = git('rev-parse', 'refs/heads/backup/before-rust-1.81');
    git('-c', 'user.name=Stepwise test', '-c', 'user.email=test@stepwise.invalid', 'commit', '--allow-empty', '-m', 'a change made during the upgrade');
    expect(git('rev-parse', 'HEAD')).not.toBe(before);
    const again = await runStep('backup-branch');
    expect(again).toMatchObject({ status: 'passed', exitCode: 0 });
    expect((await s.h.client.request('run.output', { runId: again.id })).output).toContain('backup/before-rust-1.81 already exists: kept where it is');
    expect(git('rev-parse', 'refs/heads/backup/before-rust-1.81')).toBe(before);
  });
});
