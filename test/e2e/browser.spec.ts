// The browser mode end to end: the real server, the real engine and shell,
// real cargo on the fixture crate, in Debian's Chromium.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { processesWithEnv } from '../helpers/processes';
import { planShow, root, useServerAndFixture } from './serverProcess';
import { terminalReady } from './workspace';

const env = useServerAndFixture('photondrift');

test('open the fixture, run a failing step, see the issue, export the guide', async ({ page }) => {
  await page.goto(env.server.url);
  await expect(page.getByText('No projects yet')).toBeVisible();

  await page.getByLabel('Project folder').fill(env.project);
  await page.getByRole('button', { name: 'Open project' }).click();
  // The plan as `stepwise plan show` fits it to the fixture: the app shows the same.
  const shown = planShow(env.project);
  await expect(page.getByText(shown.title).first()).toBeVisible();
  await expect(page.getByText('Phase 1: Environment preparation')).toBeVisible();
  await expect(page.getByText('Phase 3: Validation and deployment')).toBeVisible();

  // The terminal is a real shell: wait until it is ready.
  const terminal = page.getByTestId('terminal');
  await terminalReady(page);

  // `cargo check --all-features` fails on the fixture: wasmtime 35 moved WasiCtxBuilder.
  const step = page.locator('[data-step-id="check-all-features"]');
  await step.click();
  await expect(page.getByRole('heading', { name: 'Validate base compilation' })).toBeVisible();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(step).toHaveAttribute('data-status', 'failed', { timeout: 90_000 });
  await expect(terminal).toContainText('error[E0432]');
  await expect(page.getByTestId('step-status')).toHaveText('Failed');
  await expect(page.getByText('Last run: exit 101')).toBeVisible();

  await page.getByRole('tab', { name: /Issues/ }).click();
  const issues = page.getByLabel('Issues', { exact: true });
  await expect(issues).toContainText('E0432');
  await expect(issues).toContainText('unresolved import `wasmtime::WasiCtxBuilder`');
  await expect(issues).toContainText('src/plugins.rs:7:5');
  await expect(issues).toContainText('unused_variables');

  // What the user types is journaled too.
  await terminal.click();
  await page.keyboard.type('echo typed-by-hand && (exit 3)');
  await page.keyboard.press('Enter');
  await page.getByRole('tab', { name: /Journal/ }).click();
  const journal = page.getByLabel('Journal');
  const typedRun = journal.locator('li', { hasText: 'echo typed-by-hand' });
  await expect(typedRun).toContainText('exit 3');
  await expect(typedRun).toContainText('Typed in the terminal');
  await expect(journal.locator('li', { hasText: 'cargo check --all-features' })).toContainText('exit 101');

  await page.screenshot({ path: test.info().outputPath('wizard.png') });

  // Export the guide and read what was written to disk.
  await page.getByRole('button', { name: 'Export guide' }).click();
  await expect(page.getByTestId('guide-preview')).toContainText(`# Upgrade to Rust ${shown.value('to_rust')} and wasmtime 35`);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toContainText('Saved to');
  const guide = readFileSync(join(env.project, 'MIGRATION_GUIDE.md'), 'utf8');
  expect(guide).toContain(`\`${env.project}\``);
  expect(guide).toMatch(/^### 1\\. ❌ Validate base compilation$/m);
  expect(guide).toMatch(/❌ run #1 `cargo check --all-features` — exit 101/);
  expect(guide).toContain('`E0432` unresolved import `wasmtime::WasiCtxBuilder` at `src/plugins.rs:7:5`');
  expect(guide).toMatch(/❌ run #2 `echo typed-by-hand && \(exit 3\)` — exit 3/);

  // The CLI exports the same guide from the same journal, while the app runs.
  const session = /written from Stepwise session #(\d+)/.exec(guide)?.[1];
  const cliOut = join(env.project, 'CLI_GUIDE.md');
  const cli = spawnSync(process.execPath, [join(root, 'bin', 'stepwise.js'), 'export', '--session', session!, '--out', cliOut], {
    env: { ...process.env, STEPWISE_HOME: env.server.dataDir },
    encoding: 'utf8',
  });
  expect(cli.stderr).toContain(`Wrote the migration guide for session ${session} to ${cliOut} (md, `);
  expect(cli.status).toBe(0);
  const withoutTime = (text: string): string => text.replace(/ on \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC by /, '');
  expect(withoutTime(readFileSync(cliOut, 'utf8'))).toBe(withoutTime(guide));

  // The server runs a shell for the session; stopping it must end both (checked after all tests).
  expect(processesWithEnv('STEPWISE_HOME', env.server.dataDir).length).toBeGreaterThan(1);
});

test('a tab opened without the printed URL, or kept from an earlier server, says how to connect', async ({ context }) => {
  const accessHeading = (page: Page): Locator => page.getByRole('heading', { name: 'Open Stepwise from its URL' });
  const connected = async (page: Page): Promise<void> => {
    await page.getByLabel('Project folder').fill('/nowhere');
    await expect(page.getByRole('button', { name: 'Open project' })).toBeEnabled();
  };

  // A new tab on the bare URL: the page loads, and tells the user which URL to open.
  const bare = await context.newPage();
  await bare.goto(`http://127.0.0.1:${env.server.port}/`);
  await expect(accessHeading(bare)).toBeVisible();
  await expect(bare.getByRole('alert')).toContainText('opened without the key');
  await expect(bare.getByRole('alert')).toContainText('stepwise serve');

  // A tab whose token the server does not know (it restarted since): refused, said so, not retried.
  const stale = await context.newPage();
  await stale.goto(`http://127.0.0.1:${env.server.port}/#token=${'A'.repeat(32)}`);
  await expect(accessHeading(stale)).toBeVisible();
  await expect(stale.getByRole('alert')).toContainText('restarted since this tab was opened');
  expect(stale.url()).not.toContain('token');

  // The printed URL connects; the token leaves the address bar and a reload still connects.
  const good = await context.newPage();
  await good.goto(env.server.url);
  await connected(good);
  expect(good.url()).toBe(`http://127.0.0.1:${env.server.port}/`);
  await good.reload();
  await connected(good);
  await expect(accessHeading(good)).toHaveCount(0);
});
