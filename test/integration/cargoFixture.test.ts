// Runs the real cargo on the photondrift fixture (offline: it has no registry
// dependencies) and parses what it prints.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RustDiagnosticParser } from '../../src/core/diagnostics/rustcParser';
import type { Diagnostic } from '../../src/shared/model';
import { UNRESOLVED_IMPORT, UNUSED_VARIABLE } from '../helpers/photondrift';
import { copyRustFixture } from '../helpers/rustFixture';


interface CargoRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

let workDir: string;
let crateDir: string;

/** Runs cargo in the temp copy; its build output goes to the copy's own target/. */
function cargo(args: string[], env: Record<string, string> = {}): Promise<CargoRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('cargo', args, {
      cwd: crateDir,
      env: { ...process.env, CARGO_TARGET_DIR: join(crateDir, 'target'), CARGO_TERM_COLOR: 'never', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'stepwise-photondrift-'));
  crateDir = join(workDir, 'photondrift');
  copyRustFixture(crateDir);
});

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('photondrift fixture with real cargo', () => {
  it('checks cleanly with default features', async () => {
    const run = await cargo(['check', '--offline']);
    expect(run.stderr).toContain('Finished');
    expect(run.code).toBe(0);
  });

  it('fails with --all-features: E0432 in src/plugins.rs and an unused variable warning', async () => {
    // Coloured, as in a terminal, so the parser meets real escape sequences.
    const run = await cargo(['check', '--all-features', '--offline'], { CARGO_TERM_COLOR: 'always' });
    expect(run.code).toBe(101);
    expect(run.stderr).toContain('\x1b[');

    // Feed it in small chunks, as a pty would deliver it.
    const parser = new RustDiagnosticParser();
    const diagnostics: Diagnostic[] = [];
    for (let i = 0; i < run.stderr.length; i += 64) diagnostics.push(...parser.push(run.stderr.slice(i, i + 64)));
    diagnostics.push(...parser.end());

    expect(diagnostics).toHaveLength(2);
    expect(diagnostics[0]).toMatchObject(UNRESOLVED_IMPORT);
    expect(diagnostics[1]).toMatchObject(UNUSED_VARIABLE);
    for (const d of diagnostics) expect(d.rendered).not.toContain('\x1b');
  });

  it('passes its unit tests', async () => {
    const run = await cargo(['test', '--offline']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/test result: ok\. 5 passed; 0 failed/);
  });
});
