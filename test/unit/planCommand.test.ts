import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { planCommand, planSchemaText } from '../../src/cli/commands/plan';
import { CliError } from '../../src/cli/cliError';
import { importMarkdownPlan } from '../../src/core/plans/markdownImport';
import { loadPlanFile } from '../../src/core/plans/planFile';
import { planJsonSchema } from '../../src/core/plans/planSchema';
import { resolveResourcesDir } from '../../src/core/platform/fs/paths';
import { captureOutput } from '../helpers/cliOutput';
import { useTempDir } from '../helpers/tempDir';

const SEED_FILE = join(__dirname, '..', 'fixtures', 'plans', 'RUST_WASMTIME_UPGRADE_PLAN.md');

/** Runs `stepwise plan ...` and returns what it printed. */
function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return captureOutput(() => planCommand(args));
}

describe('stepwise plan import', () => {
  const tempDir = useTempDir();
  afterEach(() => vi.restoreAllMocks());

  it('prints the phases and steps of the seed', async () => {
    const { code, stdout, stderr } = await run('import', SEED_FILE);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^PhotonDrift Rust 1\.79\+ & wasmtime v35\+ Upgrade Plan {2}\(id photondrift-rust-1\.79-wasmtime-v35-upgrade-plan, from RUST_WASMTIME_UPGRADE_PLAN\.md\)\n/);
    expect(stdout).toContain('\nPhase 1: Environment Preparation  [phase-1-environment-preparation]\n');
    expect(stdout).toContain('\nParameters: from_rust = 1.75 (rust-version), to_rust = 1.81 (rust-version), from_wasmtime = 25.0 (crate-version), to_wasmtime = 35.0 (crate-version)\n');
    expect(stdout).toContain(
      '  edit     Update Makefile  (2-3 days)\n           "RUST_VERSION ?= ${from_rust}" -> "RUST_VERSION ?= ${to_rust}" in **/Makefile, **/makefile, **/GNUmakefile, **/*.mk\n',
    );
    expect(stdout).toContain('  command  Install Rust 1.81 locally (1/3)  (1 day)\n           $ rustup install 1.81.0\n');
    expect(stdout).toContain('  manual   Update CI/CD workflows  (2-3 days)\n           3 checklist items\n');
    expect(stdout).toContain('  manual   Update Cargo.toml edition (optional)  (medium risk, 2-3 days)\n           1 snippet (toml)\n');
    expect(stdout).toContain('\n8 phases, 60 steps (3 edit, 40 manual, 17 command)\n');
    expect(stderr).toMatch(/^warning: repaired 35 garbled characters/);
  });

  it('prints the plan as JSON', async () => {
    const { stdout } = await run('import', SEED_FILE, '--json');
    const expected = importMarkdownPlan(readFileSync(SEED_FILE, 'utf8'), { source: 'RUST_WASMTIME_UPGRADE_PLAN.md' }).plan;
    expect(JSON.parse(stdout)).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  it('writes a YAML plan file that loads as the same plan', async () => {
    const out = join(tempDir(), 'plan.yaml');
    const { code, stdout, stderr } = await run('import', SEED_FILE, '--out', out);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toContain(`Wrote 8 phases, 60 steps to ${out}`);
    const expected = importMarkdownPlan(readFileSync(SEED_FILE, 'utf8'), { source: 'RUST_WASMTIME_UPGRADE_PLAN.md' }).plan;
    expect(loadPlanFile(out)).toEqual(expected);
    expect(readFileSync(out, 'utf8')).toMatch(/^# Imported from RUST_WASMTIME_UPGRADE_PLAN\.md by `stepwise plan import`\. Review before running\.\n/);
  });

  it('says what is wrong with a file it cannot use', async () => {
    const dir = tempDir();
    const empty = join(dir, 'empty.md');
    writeFileSync(empty, '# Nothing to do\n');
    await expect(run('import', empty)).rejects.toThrow(/^empty\.md:1:1: no tasks found/);
    await expect(run('import', join(dir, 'missing.md'))).rejects.toThrow(/^cannot read .*missing\.md/);
    await expect(run('import')).rejects.toThrow(/^plan import needs one Markdown file/);
    await expect(run('import', SEED_FILE, '--yaml')).rejects.toBeInstanceOf(CliError);
    await expect(run('frobnicate')).rejects.toThrow(/^unknown plan command "frobnicate"/);
  });
});

describe('stepwise plan schema', () => {
  const tempDir = useTempDir();

  it('prints the JSON Schema of plan files', async () => {
    const { stdout } = await run('schema');
    expect(JSON.parse(stdout)).toEqual(planJsonSchema());
  });

  it('writes it with --out', async () => {
    const out = join(tempDir(), 'plan.schema.json');
    await run('schema', '--out', out);
    expect(readFileSync(out, 'utf8')).toBe(planSchemaText());
  });

  it('resources/plans/plan.schema.json is up to date (regenerate: stepwise plan schema --out resources/plans/plan.schema.json)', () => {
    const committed = readFileSync(join(resolveResourcesDir(), 'plans', 'plan.schema.json'), 'utf8');
    expect(committed).toBe(planSchemaText());
  });
});

describe('stepwise plan show', () => {
  const tempDir = useTempDir();
  afterEach(() => vi.restoreAllMocks());

  /** A crate with a Makefile pin and no wasmtime, on this machine's real rustup. */
  function crate(): string {
    const dir = tempDir();
    writeFileSync(join(dir, 'Cargo.toml'), '[package]\nname = "shown"\nversion = "0.1.0"\nedition = "2021"\n');
    writeFileSync(join(dir, 'Makefile'), 'RUST_VERSION ?= 1.74\n');
    return dir;
  }

  it('--json prints exactly the title, the parameters with their sources, and each step with whether it applies', async () => {
    const { code, stdout } = await run('show', '--project', crate(), '--param', 'to_rust=1.86', '--json');
    expect(code).toBe(0);
    const shown = JSON.parse(stdout) as { title: string; parameters: Record<string, unknown>[]; phases: { steps: Record<string, unknown>[] }[] } & Record<string, unknown>;
    expect(Object.keys(shown)).toEqual(['title', 'parameters', 'phases']);
    expect(shown.title).toBe('Rust 1.74 → 1.86');
    expect(shown.parameters.find((p) => p.name === 'from_rust')).toMatchObject({ value: '1.74', source: expect.stringMatching(/^Makefile RUST_VERSION/) });
    expect(shown.parameters.find((p) => p.name === 'to_rust')).toEqual({ name: 'to_rust', value: '1.86', source: 'set by you' });
    for (const parameter of shown.parameters) expect(Object.keys(parameter)).toEqual(['name', 'value', 'source']);
    const steps = shown.phases.flatMap((p) => p.steps);
    for (const step of steps) expect(Object.keys(step)).toEqual(['id', 'title', 'kind', 'applies', 'reason']);
    expect(steps.find((s) => s.id === 'update-makefile')).toMatchObject({ applies: true, reason: 'RUST_VERSION pinned in: Makefile' });
    expect(steps.find((s) => s.id === 'update-docker')).toMatchObject({ applies: false, reason: 'no Dockerfile in this project' });
  });

  it('prints the plan as text, steps that do not apply marked n/a with why', async () => {
    const { code, stdout } = await run('show', '--project', crate(), '--param', 'to_rust=1.86');
    expect(code).toBe(0);
    expect(stdout).toContain('  from_rust = 1.74  (Makefile RUST_VERSION');
    expect(stdout).toContain('  n/a edit      Update the Docker base images  [update-docker]\n                no Dockerfile in this project\n');
  });

  it('refuses a folder that is not a Rust project, a lowered edition, and a run without --project', async () => {
    const lone = tempDir();
    await expect(run('show', '--project', lone)).rejects.toMatchObject({ exitCode: 1, message: expect.stringContaining('is not a Rust project') });
    await expect(run('show', '--project', crate(), '--param', 'edition=2018')).rejects.toThrow(/--param edition: "2018" is older than the project's edition 2021/);
    await expect(run('show')).rejects.toThrow(CliError);
  });
});
