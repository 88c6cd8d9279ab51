// The output parser's worker thread, built from the sources as the app
// bundles it: output crosses as transferred bytes, and the reply holds one
// diagnostic per fingerprint, as the issue tracker keeps them.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { distinctResult, ParserService } from '../../src/core/diagnostics/offThreadParser';
import { parseOutput } from '../../src/core/diagnostics/outputParser';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const output = (name: string): string => readFileSync(join(ROOT, 'test/fixtures/outputs', name), 'utf8');

let dir = '';
let workerFile = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stepwise-worker-'));
  workerFile = join(dir, 'parserWorker.js');
  await build({
    input: join(ROOT, 'src/core/diagnostics/parserWorker.ts'),
    platform: 'node',
    output: { file: workerFile, format: 'cjs' },
    logLevel: 'silent',
  });
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Pushes `text` in chunks of `size` characters and ends the run. */
async function parseInWorker(service: ParserService, text: string, size: number) {
  const run = service.begin();
  for (let i = 0; i < text.length; i += size) run.push(text.slice(i, i + size));
  return run.end(text);
}

describe('ParserService with its worker', () => {
  it('gives what parsing on the thread gives, in small chunks and in chunks larger than a batch', async () => {
    const text = ['cargo-check-all-features.ansi.txt', 'cargo-test-failing.ansi.txt', 'cargo-check-json.ansi.txt', 'cargo-audit.txt'].map(output).join('') + 'error: crate `🦀 é` not found\n';
    const service = new ParserService(workerFile);
    try {
      const expected = distinctResult(parseOutput(text));
      expect(expected.diagnostics.length).toBeGreaterThan(5);
      for (const size of [7, 4096, 1 << 20]) expect(await parseInWorker(service, text, size)).toEqual(expected);
    } finally {
      await service.dispose();
    }
  });

  it('replies with one diagnostic per fingerprint, however often a flood repeats it, across many batches', async () => {
    const copy = output('clippy-deny-warnings.ansi.txt');
    const flood = copy.repeat(400); // about 1.1 MiB: several batches
    const service = new ParserService(workerFile);
    try {
      const result = await parseInWorker(service, flood, 4096);
      expect(parseOutput(flood).diagnostics).toHaveLength(4 * 400);
      expect(result).toEqual(distinctResult(parseOutput(copy)));
    } finally {
      await service.dispose();
    }
  });

  it('parses a run on the calling thread from its kept output when the worker is gone', async () => {
    const text = output('cargo-test-failing.ansi.txt');
    const service = new ParserService(workerFile);
    const run = service.begin();
    run.push(text.slice(0, 100));
    await service.dispose();
    expect(await run.end(text)).toEqual(distinctResult(parseOutput(text)));
  });

  it('lets the worker leave by itself when disposed, mid-run, rather than terminating it', async () => {
    const errors = vi.spyOn(console, 'error');
    try {
      const service = new ParserService(workerFile);
      const run = service.begin();
      run.push(output('cargo-test-failing.ansi.txt'));
      await service.dispose();
      expect(errors.mock.calls.flat().join('\n')).not.toMatch(/terminating it/);
    } finally {
      errors.mockRestore();
    }
  });

  it('says when it falls behind a flood, and when it has caught up', async () => {
    const service = new ParserService(workerFile);
    const said: boolean[] = [];
    service.onBacklog((behind) => said.push(behind));
    try {
      const run = service.begin();
      // 48 MiB handed over in one go: the worker cannot have parsed any of it yet.
      const line = `${'x'.repeat(1023)}\n`.repeat(1024);
      for (let i = 0; i < 48; i++) run.push(line);
      expect(said).toEqual([true]);
      expect(service.backlogged).toBe(true);
      const result = await run.end('');
      expect(result.diagnostics).toEqual([]);
      expect(said).toEqual([true, false]);
      expect(service.backlogged).toBe(false);
    } finally {
      await service.dispose();
    }
  });
});
