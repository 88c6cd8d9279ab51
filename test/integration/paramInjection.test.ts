// Issue 10, finding 3: parameter values were pasted into shell commands as
// they were. The three attacks of the issue, through the built CLI in a real
// terminal, and the engine's session.start / session.setParams over the real
// WebSocket: a typed value is refused before anything runs, naming the
// parameter; a text value runs, but as one literal word. No marker file, ever.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripAnsi } from '../../src/shared/ansi';
import { EngineError } from '../../src/shared/client';
import { BuiltCli } from '../helpers/builtCli';
import { startHarness, type Harness } from '../helpers/engineHarness';
import { commitAll } from '../helpers/gitRepo';
import { shellHomeEnv } from '../helpers/shellHome';

const TEXT_PLAN = `id: echo-version
title: Echo a version
parameters:
  - name: ver
    default: "1"
phases:
  - id: only
    title: Only
    steps:
      - id: show
        title: Show the version
        kind: command
        command: echo version \${ver}
`;

const TYPED_PLAN = TEXT_PLAN.replace('  - name: ver\n', '  - name: ver\n    type: crate-version\n');

let work: string;
let project: string;
let cli: BuiltCli;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'stepwise-params-'));
  project = join(work, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'README.md'), '# a project\n');
  // A Rust project: the app and the CLI refuse a folder without Cargo.toml.
  writeFileSync(join(project, 'Cargo.toml'), '[package]\nname = "project"\nversion = "0.1.0"\n');
  commitAll(project);
  writeFileSync(join(work, 'text.yaml'), TEXT_PLAN);
  writeFileSync(join(work, 'typed.yaml'), TYPED_PLAN);
  cli = BuiltCli.build({ ...shellHomeEnv(), STEPWISE_HOME: join(work, 'data'), NO_COLOR: '1' });
});

afterAll(async () => {
  await cli?.remove();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The marker every attack tries to create, in the project (the shell's folder) or here. */
const markerMade = (): boolean => existsSync(join(project, 'X')) || existsSync(join(work, 'X'));

describe('stepwise run --param', () => {
  it('refuses an injected Rust version for the built-in plan before anything runs (exit 2, the parameter named)', async () => {
    const result = await cli.run(['run', 'rust-wasmtime-upgrade', '--project', project, '--param', 'to_rust=1.86;touch${IFS}X;#', '--steps', 'backup-branch']);
    expect(result.code, result.stdout).toBe(2);
    expect(result.stderr).toContain('--param to_rust: "1.86;touch${IFS}X;#" is not a rustup toolchain name (expected e.g. stable, 1.86.0, nightly-2025-01-01 or 1.86.0-x86_64-unknown-linux-gnu)');
    expect(result.stdout).not.toContain('Session');
    expect(markerMade()).toBe(false);
  });

  it('refuses a value its declared type does not take in a plan file', async () => {
    const result = await cli.run(['run', join(work, 'typed.yaml'), '--project', project, '--yes', '--param', 'ver=1; touch X']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--param ver: "1; touch X" is not a crate version');
    expect(markerMade()).toBe(false);
  });

  it.each(['1; touch X', '$(touch X)', '`touch X`" \'; touch X'])('runs a text parameter as one literal word: %s', async (value) => {
    const result = await cli.run(['run', join(work, 'text.yaml'), '--project', project, '--yes', '--new-session', '--param', `ver=${value}`]);
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(stripAnsi(result.stdout)).toContain(`version ${value}\r\n`);
    expect(markerMade()).toBe(false);
  });

  it('refuses a plan file with a NUL byte, naming its line and column', async () => {
    const file = join(work, 'nul.yaml');
    writeFileSync(file, TEXT_PLAN.replace('echo version', 'echo ver\0sion'));
    const result = await cli.run(['run', file, '--project', project, '--yes']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:13:26: a NUL byte`);
  });
});

describe('the engine refuses a bad value, naming the parameter', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const refusal = async (request: Promise<unknown>): Promise<EngineError> => {
    const error = await request.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EngineError);
    return error as EngineError;
  };

  it('session.start', async () => {
    const error = await refusal(h.client.request('session.start', { path: project, plan: { builtin: 'rust-wasmtime-upgrade' }, params: { to_rust: '1.86;touch${IFS}X;#' } }));
    expect({ code: error.code, param: error.param }).toEqual({ code: 'invalid-params', param: 'to_rust' });
    expect(error.message).toBe('to_rust: "1.86;touch${IFS}X;#" is not a rustup toolchain name (expected e.g. stable, 1.86.0, nightly-2025-01-01 or 1.86.0-x86_64-unknown-linux-gnu)');
    const fromFile = await refusal(h.client.request('session.start', { path: project, plan: { fileName: 'typed.yaml', content: TYPED_PLAN }, params: { ver: '$(touch X)' } }));
    expect(fromFile.param).toBe('ver');
  });

  it('session.setParams (what the app\'s parameter fields send), leaving the session as it was', async () => {
    const view = await h.client.request('session.start', { path: project, plan: { builtin: 'rust-wasmtime-upgrade' }, params: {} });
    const error = await refusal(h.client.request('session.setParams', { sessionId: view.session.id, params: { edition: '2021', to_wasmtime: '35 && touch X' } }));
    expect({ code: error.code, param: error.param }).toEqual({ code: 'invalid-params', param: 'to_wasmtime' });
    expect(error.message).toMatch(/^to_wasmtime: "35 && touch X" is not a crate version/);
    const unknown = await refusal(h.client.request('session.setParams', { sessionId: view.session.id, params: { to_ruts: '1.86' } }));
    expect(unknown.param).toBe('to_ruts');
    expect((await h.client.request('session.view', { sessionId: view.session.id })).session.params.to_wasmtime).toBe('35');
    const changed = await h.client.request('session.setParams', { sessionId: view.session.id, params: { to_rust: '1.86' } });
    expect(changed.plan.phases[0]!.steps.find((s) => s.id === 'backup-branch')!.command).toBe(
      'git rev-parse --verify --quiet refs/heads/backup/before-rust-1.86 >/dev/null && echo "backup/before-rust-1.86 already exists: kept where it is" || git branch backup/before-rust-1.86 && git branch --list \'backup/*\'',
    );
  });

  it('a session an earlier version kept with an injected value runs nothing: its steps are resolved afresh, and refused', async () => {
    const view = await h.client.request('session.start', { path: project, plan: { builtin: 'rust-wasmtime-upgrade' }, params: {} });
    // What an earlier version wrote: the value as given, and a command filled in with it unquoted.
    const db = new Database(join(h.dataDir, 'journal.sqlite'));
    const row = db.prepare('SELECT params_json, plan_json FROM sessions WHERE id = ?').get(view.session.id) as { params_json: string; plan_json: string };
    const injected = '1.86;touch${IFS}X;#';
    db.prepare('UPDATE sessions SET params_json = ?, plan_json = ? WHERE id = ?').run(
      JSON.stringify({ ...(JSON.parse(row.params_json) as object), to_rust: injected }),
      row.plan_json.replaceAll('backup/before-rust-1.81', `backup/before-rust-${injected}`),
      view.session.id,
    );
    db.close();
    const { terminalId } = await h.client.request('terminal.open', { sessionId: view.session.id, cols: 80, rows: 24 });
    const error = await refusal(h.client.request('step.run', { sessionId: view.session.id, stepId: 'backup-branch', terminalId }));
    expect(error.code).toBe('invalid-params');
    expect(error.message).toBe(`session ${view.session.id} has a parameter no step may run with: to_rust: "${injected}" is not a rustup toolchain name (expected e.g. stable, 1.86.0, nightly-2025-01-01 or 1.86.0-x86_64-unknown-linux-gnu); set it again first`);
    expect(markerMade()).toBe(false);
  });

  it('plan.parse and session.start refuse plan content with a control character, naming line and column', async () => {
    const content = TEXT_PLAN.replace('echo version', 'echo version\u001b[2K');
    await expect(h.client.request('plan.parse', { fileName: 'esc.yaml', content })).rejects.toMatchObject({ code: 'invalid-plan', message: expect.stringMatching(/^esc\.yaml:13:30: a control character \(U\+001B\)/) });
    await expect(h.client.request('session.start', { path: project, plan: { fileName: 'esc.md', content: `# T\n\n- [ ] Run\n  \`\`\`bash\n  cargo\u0000 build\n  \`\`\`\n` }, params: {} })).rejects.toMatchObject({
      code: 'invalid-plan',
      message: expect.stringMatching(/^esc\.md:5:8: a NUL byte/),
    });
  });
});
