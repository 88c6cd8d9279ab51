// `stepwise export` on a real journal file: formats, sections and options,
// --project for a project's latest session, atomic files, clear errors.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CliError } from '../../src/cli/cliError';
import { exportCommand } from '../../src/cli/commands/export';
import { Journal } from '../../src/core/journal/journal';
import { JOURNAL_FILE, resolveResourcesDir } from '../../src/core/platform/fs/paths';
import { PlanRegistry } from '../../src/core/plans/registry';
import { sessionInput } from '../../src/core/plans/resolvePlan';
import { useTempDir } from '../helpers/tempDir';

const TOKEN = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void (stderr += `${parts.join(' ')}\n`));
  try {
    return { code: await exportCommand(args), stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}

describe('stepwise export', () => {
  const tempDir = useTempDir('stepwise-export-');
  const saved = { home: process.env.HOME, data: process.env.STEPWISE_HOME };
  let home: string;
  let project: string;
  let sessions: number[];

  beforeEach(() => {
    home = tempDir();
    project = join(home, 'src', 'photondrift');
    mkdirSync(project, { recursive: true });
    process.env.HOME = home;
    process.env.STEPWISE_HOME = join(home, 'data');
    const journal = Journal.open(join(home, 'data', JOURNAL_FILE));
    const plan = new PlanRegistry(resolveResourcesDir()).default;
    const { id: projectId } = journal.projects.open(project);
    sessions = [1, 2].map(() => journal.sessions.create(projectId, sessionInput(plan, {}, 'builtin', true)).id);
    const last = sessions[1] as number;
    const ok = journal.runs.start({ sessionId: last, stepId: 'check-all-features', origin: 'step', command: 'cargo check --all-features', cwd: project, startedAt: new Date() });
    journal.runs.finish(ok.id, { exitCode: 0, endedAt: new Date(), output: 'Finished\n', passed: true });
    const bad = journal.runs.start({ sessionId: last, stepId: null, origin: 'typed', command: `GITHUB_TOKEN=${TOKEN} cargo publish`, cwd: project, startedAt: new Date() });
    journal.runs.finish(bad.id, { exitCode: 101, endedAt: new Date(), output: `error: failed to publish to https://bot:${TOKEN}@crates.example\n`, passed: false });
    journal.close();
  });
  afterEach(() => {
    process.env.HOME = saved.home;
    process.env.STEPWISE_HOME = saved.data;
  });

  it('exports the latest session of --project, redacted, with the home folder as ~', async () => {
    const { code, stdout } = await run(['--project', project]);
    expect(code).toBe(0);
    expect(stdout).toContain(`written from Stepwise session #${sessions[1]}`);
    expect(stdout).toContain('`~/src/photondrift`');
    expect(stdout).toContain('GITHUB_TOKEN=[redacted] cargo publish');
    expect(stdout).toContain('https://[redacted]@crates.example');
    expect(stdout).not.toContain(TOKEN);
  });

  it('keeps secrets and full paths only when told to', async () => {
    const { stdout } = await run(['--session', String(sessions[1]), '--no-redact', '--full-paths']);
    expect(stdout).toContain(`GITHUB_TOKEN=${TOKEN} cargo publish`);
    expect(stdout).toContain(`\`${project}\``);
  });

  it('leaves out output excerpts with --no-excerpts', async () => {
    expect((await run(['--session', String(sessions[1])])).stdout).toContain('End of the output of run #2');
    expect((await run(['--session', String(sessions[1]), '--no-excerpts'])).stdout).not.toContain('End of the output');
  });

  it('writes only the sections asked for, or all but those omitted', async () => {
    const only = (await run(['--session', String(sessions[1]), '--sections', 'summary,rollback'])).stdout;
    expect(only.match(/^## .*/gm)).toEqual(['## Summary', '## Rollback procedure']);
    const omitted = (await run(['--session', String(sessions[1]), '--omit', 'steps,notes,metrics'])).stdout;
    expect(omitted.match(/^## .*/gm)).toEqual(['## Summary', '## Environment', '## Breaking changes met', '## Rollback procedure', "## Open and won't-fix issues"]);
    const json = JSON.parse((await run(['--session', String(sessions[1]), '--format', 'json', '--sections', 'summary'])).stdout) as Record<string, unknown>;
    expect(json).toHaveProperty('counts');
    expect(json).not.toHaveProperty('timeline');
    expect(json).not.toHaveProperty('issues');
  });

  it.each([
    ['html', /^<!doctype html>/],
    ['json', /^\{\n {2}"schemaVersion": 1,/],
    ['adr', /^---\nstatus: proposed\ndate: \d{4}-\d\d-\d\d\n---\n\n# Upgrade to Rust 1\.81 and wasmtime 35\n/],
  ])('writes --format %s to --out atomically, saying where', async (format, start) => {
    const out = join(home, `guide.${format}`);
    const { code, stderr } = await run(['--session', String(sessions[1]), '--format', format, '--out', out]);
    expect(code).toBe(0);
    expect(stderr).toMatch(new RegExp(`Wrote the migration guide for session ${sessions[1]} to ${out} \\(${format}, [\\d,]+ bytes\\)`));
    expect(readFileSync(out, 'utf8')).toMatch(start);
    expect(readdirSync(home).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses what it cannot do, saying what and where', async () => {
    const error = (args: string[]): Promise<Error> =>
      run(args).then(
        () => new Error(`expected export ${args.join(' ')} to fail`),
        (e: Error) => e,
      );
    expect(await error(['--session', '1', '--format', 'pdf'])).toBeInstanceOf(CliError);
    expect((await error([])).message).toMatch(/export needs --session ID or --project DIR/);
    expect((await error(['--session', '1', '--project', project])).message).toBe('give --session or --project, not both');
    expect((await error(['--session', '1', '--format', 'pdf'])).message).toBe('--format must be one of md, html, json, adr, plan, not "pdf"');
    expect((await error(['--session', '1', '--sections', 'summary,intro'])).message).toMatch(/^--sections: no section "intro"; the sections are summary, environment/);
    expect((await error(['--session', '99'])).message).toBe('no session 99 in the journal');
    expect((await error(['--project', home])).message).toMatch(/--project: .* was never opened in Stepwise/);
    expect((await error(['--project', join(home, 'nope')])).message).toMatch(/--project: no such folder/);
    const out = join(home, 'missing-folder', 'guide.md');
    expect((await error(['--session', '1', '--out', out])).message).toMatch(`Could not write ${out}`);
    expect(existsSync(out)).toBe(false);
  });
});
