import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../src/shared/client';
import { startHarness, type Harness } from '../helpers/engineHarness';

describe('the engine contract over the real WebSocket transport', () => {
  let h: Harness;
  let project: string;
  beforeAll(async () => {
    h = await startHarness();
    project = mkdtempSync(join(tmpdir(), 'stepwise-project-'));
    // A Rust project (the engine refuses a folder without Cargo.toml), pinned to 1.75 (a Makefile too), without wasmtime.
    writeFileSync(join(project, 'Cargo.toml'), '[package]\nname = "p"\nversion = "0.1.0"\nedition = "2021"\nrust-version = "1.75"\n');
    writeFileSync(join(project, 'Makefile'), 'RUST_VERSION ?= 1.75\n');
  });
  afterAll(async () => {
    await h.close();
    rmSync(project, { recursive: true, force: true });
  });

  it('answers app.info with where the journal lives', async () => {
    const info = await h.client.request('app.info', {});
    expect(info.host).toBe('server');
    expect(info.journalPath).toBe(join(h.dataDir, 'journal.sqlite'));
  });

  it('opens a project: records it, starts a session with the built-in plan', async () => {
    const view = await h.client.request('project.open', { path: project });
    expect(view.project.path).toBe(project);
    // Fitted to the project: from its rust-version to the newest stable installed here; no wasmtime, so none in the title.
    expect(view.plan.title).toMatch(/^Rust 1\.75 → \d+\.\d+$/);
    expect(view.plan.phases).toHaveLength(3);
    expect(view.steps.every((s) => s.status === 'pending')).toBe(true);
    const again = await h.client.request('project.open', { path: project });
    expect(again.session.id).toBe(view.session.id); // resumes the latest session
    const fresh = await h.client.request('project.open', { path: project, newSession: true });
    expect(fresh.session.id).toBeGreaterThan(view.session.id);
    const recent = await h.client.request('projects.recent', { limit: 5 });
    expect(recent.map((p) => p.path)).toContain(project);
  });

  it('marks a manual step and emits step.changed to clients', async () => {
    const view = await h.client.request('project.open', { path: project });
    const changed = new Promise((resolve) => h.client.on('step.changed', resolve));
    const step = await h.client.request('step.mark', { sessionId: view.session.id, stepId: 'update-makefile', status: 'passed' });
    expect(step.status).toBe('passed');
    await expect(changed).resolves.toMatchObject({ sessionId: view.session.id, step: { stepId: 'update-makefile' } });
  });

  it('reports invalid params with the field that is wrong', async () => {
    const error = await h.client.request('project.open', { path: '' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).code).toBe('invalid-params');
    expect((error as EngineError).message).toMatch(/path: a project folder is required/);
  });

  it('says which folder does not exist', async () => {
    await expect(h.client.request('project.open', { path: join(project, 'nope') })).rejects.toThrow(`No such folder: ${join(project, 'nope')}`);
  });

  it('rejects unknown methods and unknown sessions', async () => {
    // @ts-expect-error: not a method of the contract
    await expect(h.client.request('shell.exec', {})).rejects.toMatchObject({ code: 'unknown-method' });
    await expect(h.client.request('session.view', { sessionId: 9999 })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('exports a guide in each format, written where asked, or its beginning as a preview', async () => {
    const view = await h.client.request('project.open', { path: project });
    const out = join(project, 'GUIDE.md');
    const text = await h.client.request('guide.export', { sessionId: view.session.id });
    expect(text).toMatchObject({ format: 'md', truncated: false, path: null, bytes: null });
    // The project has no wasmtime: the guide's title does not speak of it.
    expect(text.text).toMatch(/^# Upgrade to Rust \d+\.\d+\n/m);
    const written = await h.client.request('guide.export', { sessionId: view.session.id, outPath: out });
    expect(written).toMatchObject({ path: out, text: null, bytes: Buffer.byteLength(readFileSync(out, 'utf8')) });
    expect(readFileSync(out, 'utf8').replace(/written from .* by Stepwise/, '')).toBe(text.text!.replace(/written from .* by Stepwise/, ''));
    const preview = await h.client.request('guide.export', { sessionId: view.session.id, format: 'html', maxChars: 200 });
    expect(preview).toMatchObject({ format: 'html', truncated: true });
    expect(preview.text).toHaveLength(200);
    const json = await h.client.request('guide.export', { sessionId: view.session.id, format: 'json', options: { sections: ['summary'] } });
    expect(JSON.parse(json.text!)).toMatchObject({ schemaVersion: 1, session: { id: view.session.id } });
    await expect(h.client.request('guide.export', { sessionId: view.session.id, outPath: 'GUIDE.md' })).rejects.toThrow('Export path must be absolute');
    // @ts-expect-error: not a format
    await expect(h.client.request('guide.export', { sessionId: view.session.id, format: 'pdf' })).rejects.toMatchObject({ code: 'invalid-params' });
  });
});
