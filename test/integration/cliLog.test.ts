// `stepwise serve` keeps logs/engine.log in its data directory: a start line,
// and never what it prints for the user on stdout (its URL carries a token).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuiltCli } from '../helpers/builtCli';
import { useTempDir } from '../helpers/tempDir';

const tempDir = useTempDir('stepwise-cli-log-');
let cli: BuiltCli;

beforeAll(() => {
  cli = BuiltCli.build({});
});

afterAll(async () => {
  await cli.remove();
});

describe('the engine log of the CLI', () => {
  it('stepwise serve writes logs/engine.log in its data directory, without what it printed on stdout', async () => {
    const home = tempDir();
    const log = join(home, 'logs', 'engine.log');
    const serve = cli.start(['serve', '--port', '0', '--no-open'], { STEPWISE_HOME: home });
    await expect.poll(() => existsSync(log) && readFileSync(log, 'utf8'), { timeout: 30_000 }).toMatch(/INFO {2}Stepwise engine \(server\) \S+ started: pid \d+/);
    // Serving: it printed its URL.
    await expect.poll(() => serve.stdout, { timeout: 30_000 }).toMatch(/http:\/\/127\.0\.0\.1:\d+/);
    serve.child.kill('SIGTERM');
    const result = await serve.done;
    expect(result.code).toBe(0);
    const text = readFileSync(log, 'utf8');
    for (const line of result.stdout.split('\n').filter(Boolean)) expect(text).not.toContain(line);
    expect(text).not.toMatch(/token/i);
  });
});
