// A restore that puts a file back to before an edit step's change takes the
// step's ✓ away: through the real engine, journal and git snapshots, the
// step goes back to pending with a note naming the restore. A restore of
// other files, or of a snapshot taken after the edit, leaves it passed.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitAll } from '../helpers/gitRepo';
import { startPlanSession, type PlanSession } from '../helpers/planSession';

const PLAN = `
id: restore-reopens
title: Restore reopens
phases:
  - id: steps
    title: Steps
    steps:
      - { id: pin, title: Pin the Makefile, kind: edit, edit: { pins: { kinds: [makefile-rust-version], to: "1.81" } } }
`;

describe('a restore that undoes an edit step', () => {
  let work: string;
  let project: string;
  let s: PlanSession;
  const makefile = (): string => readFileSync(join(project, 'Makefile'), 'utf8');
  const pinState = async () => (await s.h.client.request('session.view', { sessionId: s.sessionId })).steps.find((st) => st.stepId === 'pin');
  const restore = (snapshotId: number, mode: 'all' | 'files', files: string[] = []) =>
    s.h.client.request('snapshot.restore', { sessionId: s.sessionId, snapshotId, mode, files });

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'stepwise-restore-reopens-'));
    project = join(work, 'crate');
    mkdirSync(project, { recursive: true });
    writeFileSync(join(project, 'Cargo.toml'), '[package]\nname = "reopen"\nversion = "0.1.0"\nedition = "2021"\n');
    writeFileSync(join(project, 'Makefile'), 'RUST_VERSION ?= 1.75\n');
    writeFileSync(join(project, 'notes.txt'), 'one\n');
    commitAll(project);
    s = await startPlanSession(project, 'restore-reopens.yaml', PLAN);
  });
  afterAll(async () => {
    await s?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('leaves the step passed when the restore covers other files, or came after the edit', async () => {
    const before = await s.h.client.request('snapshot.create', { sessionId: s.sessionId, label: 'before the pin' });
    expect(await s.applyEdit('pin')).toMatchObject({ step: { status: 'passed' } });
    expect(makefile()).toBe('RUST_VERSION ?= 1.81\n');
    writeFileSync(join(project, 'notes.txt'), 'two\n');
    await restore(before.id, 'files', ['notes.txt']);
    expect(readFileSync(join(project, 'notes.txt'), 'utf8')).toBe('one\n');
    expect(await pinState()).toMatchObject({ status: 'passed' });

    const after = await s.h.client.request('snapshot.create', { sessionId: s.sessionId, label: 'after the pin' });
    await restore(after.id, 'all');
    expect(makefile()).toBe('RUST_VERSION ?= 1.81\n');
    expect(await pinState()).toMatchObject({ status: 'passed' });
  });

  it('reopens it, saying which restore undid it, when the restore puts its file back', async () => {
    const snapshots = (await s.h.client.request('snapshots.list', { sessionId: s.sessionId })).snapshots;
    const before = snapshots.find((x) => x.label === 'before the pin')!;
    await restore(before.id, 'files', ['Makefile']);
    expect(makefile()).toBe('RUST_VERSION ?= 1.75\n');
    expect(await pinState()).toMatchObject({ status: 'pending', note: `its change was undone by restoring snapshot #${before.id}` });
    const guide = await s.h.client.request('guide.export', { sessionId: s.sessionId, format: 'md' });
    expect(JSON.stringify(guide)).toContain(`reopened: its change was undone by restoring snapshot #${before.id}`);
    // The diff is back, and applying it passes the step again.
    expect(await s.applyEdit('pin')).toMatchObject({ step: { status: 'passed', note: null } });
    expect(makefile()).toBe('RUST_VERSION ?= 1.81\n');
  });
});
