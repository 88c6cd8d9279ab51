// An imported Markdown plan in a real engine session: its parameters are the
// session's (so the preflight finds from_rust/to_rust), a value set in the app
// reaches its edits, and its Docker step changes the Dockerfile, not the docs
// or the plan document beside it.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyRustFixture } from '../helpers/rustFixture';
import { startHarness, type Harness } from '../helpers/engineHarness';
import { useTempDir } from '../helpers/tempDir';

const SEED_NAME = 'RUST_WASMTIME_UPGRADE_PLAN.md';
const SEED = readFileSync(join(__dirname, '..', 'fixtures', 'plans', SEED_NAME), 'utf8');

describe('a session of the imported seed plan', () => {
  const tempDir = useTempDir('stepwise-md-session-');
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('has parameters the preflight reads, and edits the Dockerfile with the value set', async () => {
    const project = copyRustFixture(join(tempDir(), 'photondrift'));
    writeFileSync(join(project, SEED_NAME), SEED);
    mkdirSync(join(project, 'docs'));
    writeFileSync(join(project, 'docs', 'docker.md'), 'The image: `FROM rust:1.75-alpine AS builder`.\n');

    const started = await h.client.request('session.start', { path: project, plan: { fileName: SEED_NAME, content: SEED }, params: {} });
    const sessionId = started.session.id;
    expect(started.plan.parameters.map((p) => p.name)).toEqual(['from_rust', 'to_rust', 'from_wasmtime', 'to_wasmtime']);
    expect(started.session.params).toEqual({ from_rust: '1.75', to_rust: '1.81', from_wasmtime: '25.0', to_wasmtime: '35.0' });

    const report = await h.client.request('session.preflight', { sessionId });
    expect(report.findings.filter((f) => f.id.startsWith('invalid-param-')).map((f) => f.message)).toEqual([]);

    await h.client.request('session.setParams', { sessionId, params: { to_rust: '1.86' } });
    await h.client.request('session.trust', { sessionId });
    const preview = await h.client.request('step.preview', { sessionId, stepId: '1-update-docker-configuration' });
    expect(preview.files.map((f) => f.file)).toEqual(['Dockerfile']);
    expect(preview.files[0]!.diff).toContain('+FROM rust:1.86-alpine AS builder');
    await h.client.request('step.apply', { sessionId, stepId: '1-update-docker-configuration', digest: preview.digest });
    expect(readFileSync(join(project, 'Dockerfile'), 'utf8')).toContain('\nFROM rust:1.86-alpine AS builder\n');
    expect(readFileSync(join(project, 'docs', 'docker.md'), 'utf8')).toBe('The image: `FROM rust:1.75-alpine AS builder`.\n');
    expect(readFileSync(join(project, SEED_NAME), 'utf8')).toBe(SEED);
  });
});
