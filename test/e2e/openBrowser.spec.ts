// `stepwise serve` without --no-open: the browser gets the token through a
// private redirect page, never on a command line (any local user can read
// /proc/PID/cmdline). The opener on PATH here records what it was given instead
// of starting a desktop browser; the test then opens that page in Chromium.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import { pidsWithCommandLine } from '../helpers/processes';
import { startServer } from './serverProcess';

test('the browser is opened through a private redirect page, and the token is on no command line', async ({ page }) => {
  test.skip(process.platform !== 'linux', 'reads /proc and puts an xdg-open on PATH');
  const bin = mkdtempSync(join(tmpdir(), 'stepwise-opener-'));
  const calls = join(bin, 'calls.log');
  writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$@" >> '${calls}'\n`);
  chmodSync(join(bin, 'xdg-open'), 0o755);
  const server = await startServer({ open: true, env: { PATH: `${bin}:${process.env.PATH}` } });
  const redirect = join(server.dataDir, 'browser', 'open.html');
  // Looked at as the server exits, before stop() removes the data directory.
  let leftBehind: boolean | null = null;
  server.process.once('exit', () => (leftBehind = existsSync(redirect)));
  try {
    await expect.poll(() => existsSync(calls) && readFileSync(calls, 'utf8')).toBeTruthy();
    const args = readFileSync(calls, 'utf8').trim().split('\n');
    expect(args).toEqual([redirect]);
    expect(readFileSync(redirect, 'utf8')).toContain(server.url);
    expect(statSync(redirect).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(redirect)).mode & 0o777).toBe(0o700);
    expect(pidsWithCommandLine(server.token)).toEqual([]);

    // The redirect page, opened as the desktop's browser would, lands on a connected Stepwise without the token in view.
    await page.goto(pathToFileURL(redirect).href);
    await page.waitForURL(`http://127.0.0.1:${server.port}/`);
    await page.getByLabel('Project folder').fill('/nowhere');
    await expect(page.getByRole('button', { name: 'Open project' })).toBeEnabled();
  } finally {
    expect(await server.stop()).toBe(0);
    rmSync(bin, { recursive: true, force: true });
  }
  expect(leftBehind).toBe(false);
});
