import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseCommand } from '../../src/cli/commands/parse';
import { MAX_LINE_BYTES } from '../../src/core/diagnostics/byteLines';
import { CliError } from '../../src/cli/cliError';
import { useTempDir } from '../helpers/tempDir';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/outputs/${name}`, import.meta.url));

/** Runs `stepwise parse ...` and returns what it printed. */
async function run(args: string[], stdin?: Readable): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  try {
    return { code: await parseCommand(args, stdin), stdout };
  } finally {
    vi.restoreAllMocks();
  }
}

describe('stepwise parse', () => {
  const tempDir = useTempDir();
  afterEach(() => vi.restoreAllMocks());

  it('prints one line per issue, then the test counts', async () => {
    const { code, stdout } = await run([fixture('cargo-test-failing.ansi.txt')]);
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        'error libtest - src/lib.rs:25:9 tests::bad panicked: assertion `left == right` failed: two and two',
        'error libtest - src/lib.rs:6:5 api_ratio_by_zero panicked: attempt to divide by zero',
        '2 issues (2 errors, 0 warnings)',
        'tests: 3 passed, 2 failed, 1 ignored',
        '  failed: tests::bad',
        '  failed: api_ratio_by_zero',
        '',
      ].join('\n'),
    );
  });

  it('prints issues without a location or a code with dashes, and says when no tests ran', async () => {
    const { stdout } = await run([fixture('make-wasm-build.ansi.txt')]);
    expect(stdout).toBe(
      [
        'error rustc target-unknown - error loading target specification: could not find specification for target "wasm32-wasi"',
        'error make - Makefile:10 target `wasm-build` failed: Error 101',
        '2 issues (2 errors, 0 warnings)',
        'tests: none run',
        '',
      ].join('\n'),
    );
  });

  it('prints JSON with --json', async () => {
    const { stdout } = await run([fixture('clippy-deny-warnings.ansi.txt'), '--json']);
    const parsed = JSON.parse(stdout);
    expect(parsed.tests).toBeNull();
    expect(parsed.issues).toHaveLength(4);
    expect(parsed.issues[1]).toEqual({
      severity: 'error',
      tool: 'clippy',
      code: 'clippy::len_zero',
      file: 'src/lib.rs',
      line: 2,
      column: 5,
      message: 'length comparison to zero',
    });
  });

  it('names the lint of every occurrence, in the same JSON shape', async () => {
    // Each lint's note is on its first occurrence only (clippy-lint-names.ansi.txt).
    const { stdout } = await run([fixture('clippy-lint-names.ansi.txt'), '--json']);
    const { issues } = JSON.parse(stdout) as { issues: { code: string | null }[] };
    expect(issues.map((i) => i.code)).toEqual([
      'clippy::must_use_candidate', 'clippy::must_use_candidate', 'clippy::must_use_candidate', 'clippy::cast_lossless',
      'clippy::must_use_candidate', 'clippy::cast_lossless', 'missing_docs', 'missing_docs',
    ]);
    expect(Object.keys(issues[0]!)).toEqual(['severity', 'tool', 'code', 'file', 'line', 'column', 'message']);
  });

  it('reads stdin for - (and by default), in chunks that split characters and lines', async () => {
    const text = 'test tests::é ... FAILED\ntest result: FAILED. 0 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s\n';
    const bytes = Buffer.from(text);
    const split = bytes.indexOf(0xa9); // inside the two bytes of é
    for (const args of [['-', '--json'], ['--json']]) {
      const stdin = Readable.from([bytes.subarray(0, split), bytes.subarray(split)], { objectMode: false });
      const { stdout } = await run(args, stdin);
      expect(JSON.parse(stdout)).toEqual({
        issues: [{ severity: 'error', tool: 'libtest', code: null, file: null, line: null, column: null, message: 'test tests::é failed' }],
        tests: { passed: 0, failed: 1, ignored: 0 },
        cutLines: { count: 0, first: [] },
      });
    }
  });

  it('says which lines were too long to read whole', async () => {
    const long = Buffer.alloc(MAX_LINE_BYTES + 10, 0x61);
    const stdin = Readable.from([Buffer.from('short\n'), long, Buffer.from('\nerror: after it\n')], { objectMode: false });
    const { stdout } = await run(['-'], stdin);
    expect(stdout).toContain(`error cargo - - after it`);
    expect(stdout).toContain(`1 line longer than ${MAX_LINE_BYTES.toLocaleString('en')} bytes, read only up to there: line 2 (${(MAX_LINE_BYTES + 10).toLocaleString('en')} bytes)`);
  });

  it('refuses a missing file, a folder and extra arguments', async () => {
    await expect(run([join(tempDir(), 'missing.txt')])).rejects.toThrow(/does not exist/);
    await expect(run([tempDir()])).rejects.toThrow(/is not a file/);
    const file = join(tempDir(), 'out.txt');
    writeFileSync(file, '');
    await expect(run([file, file])).rejects.toBeInstanceOf(CliError);
    await expect(run([file, '--yaml'])).rejects.toThrow(/--yaml/);
  });
});
