// `stepwise preflight <dir>` checks the plan as a session of the project would
// start it: the values `stepwise plan show` gives the project, not the seed's.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { planCommand } from '../../src/cli/commands/plan';
import { preflightCommand } from '../../src/cli/commands/preflight';
import { captureOutput } from '../helpers/cliOutput';
import { useTempDir } from '../helpers/tempDir';

/** Runs a command that must succeed, returning what it wrote to stdout. */
async function stdoutOf(command: () => Promise<number>): Promise<string> {
  const { code, stdout } = await captureOutput(command);
  expect(code).toBe(0);
  return stdout;
}

describe('stepwise preflight', () => {
  const tempDir = useTempDir();
  afterEach(() => vi.restoreAllMocks());

  /** A crate on edition 2024 with no wasmtime: the seed's 1.75 -> 1.81 would block it twice over. */
  function crate(): string {
    const dir = tempDir();
    writeFileSync(join(dir, 'Cargo.toml'), '[package]\nname = "fresh"\nversion = "0.1.0"\nedition = "2024"\nrust-version = "1.85"\n');
    return dir;
  }

  it('checks the values the project gives the plan, as plan show lists them', async () => {
    const dir = crate();
    const shown = JSON.parse(await stdoutOf(() => planCommand(['show', '--project', dir, '--json']))) as { parameters: { name: string; value: string }[] };
    const value = (name: string): string => shown.parameters.find((p) => p.name === name)!.value;
    const report = JSON.parse(await stdoutOf(() => preflightCommand([dir, '--json']))) as { params: Record<string, string>; findings: { id: string }[] };
    expect(report.params).toMatchObject({ from_rust: value('from_rust'), to_rust: value('to_rust'), edition: '2024' });
    expect(report.params.from_rust).toBe('1.85');
    const ids = report.findings.map((f) => f.id);
    expect(ids).not.toContain('wasmtime-msrv');
    expect(ids).not.toContain('invalid-param-to_wasmtime');
  });

  it('keeps a value given with --param, and refuses a folder that is not a Rust project', async () => {
    const report = JSON.parse(await stdoutOf(() => preflightCommand([crate(), '--param', 'to_rust=1.84', '--json']))) as { params: Record<string, string>; findings: { id: string }[] };
    expect(report.params.to_rust).toBe('1.84');
    expect(report.findings.map((f) => f.id)).toContain('edition-2024');
    await expect(preflightCommand([tempDir()])).rejects.toMatchObject({ exitCode: 1, message: expect.stringContaining('is not a Rust project') });
  });
});
