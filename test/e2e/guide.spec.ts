// The Export dialog's live preview in the browser mode: it follows the
// session as runs finish (here, started from a second window on the same
// engine), switches format and sections, shows HTML in a sandboxed frame,
// and saves the file it shows.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { useServerAndFixture } from './serverProcess';
import { openProject } from './workspace';

const env = useServerAndFixture('photondrift', { git: true });

test('the guide preview follows the session, in every format', async ({ page, context }) => {
  await openProject(page, env.server.url, env.project);

  await page.getByRole('button', { name: 'Export guide' }).click();
  const preview = page.getByTestId('guide-preview');
  await expect(preview).toContainText('Nothing has run in this session yet.');

  // A second window on the same session runs a failing check while the dialog stays open.
  const other = await context.newPage();
  await openProject(other, env.server.url, env.project);
  await other.locator('[data-step-id="check-all-features"]').click();
  await other.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(other.locator('[data-step-id="check-all-features"]')).toHaveAttribute('data-status', 'failed', { timeout: 90_000 });

  await expect(preview).toContainText('### 1\\. ❌ Validate base compilation', { timeout: 10_000 });
  await expect(preview).toContainText('unresolved import `wasmtime::WasiCtxBuilder`');
  await expect(page.getByTestId('guide-updated')).toContainText('Follows the session');

  // HTML, in a frame that runs no script and shares no origin with the app.
  await page.getByRole('radio', { name: 'HTML (one file)' }).click();
  const frame = page.frameLocator('iframe[title="Guide preview"]');
  await expect(frame.getByRole('heading', { name: 'Open and won\'t-fix issues' })).toBeVisible();
  await expect(page.locator('iframe[title="Guide preview"]')).toHaveAttribute('sandbox', '');
  await page.getByLabel('Summary').uncheck();
  await expect(frame.getByRole('heading', { name: 'Summary', exact: true })).toHaveCount(0);
  await expect(frame.getByRole('heading', { name: 'Environment' })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('guide-preview-html.png') });

  await expect(page.getByLabel('Save to')).toHaveValue(join(env.project, 'MIGRATION_GUIDE.html'));
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toContainText(`Saved to ${join(env.project, 'MIGRATION_GUIDE.html')}`);
  const html = readFileSync(join(env.project, 'MIGRATION_GUIDE.html'), 'utf8');
  expect(html).toMatch(/^<!doctype html>/);
  expect(html).not.toContain('<h2 id="summary">');

  await page.getByRole('radio', { name: 'ADR (MADR)' }).click();
  await expect(preview).toContainText('## Considered Options');
  await page.getByRole('radio', { name: 'JSON' }).click();
  await expect(preview).toContainText('"schemaVersion": 1');

  // The session as a plan to replay: nothing passed yet, so nothing to replay, said in words.
  await page.getByRole('radio', { name: 'Replay plan (YAML)' }).click();
  await expect(page.locator('.guide-modal .error')).toContainText('has no step that passed and no fix applied: there is nothing to replay');
  await expect(page.getByTestId('replay-plan-note')).toBeVisible();
  await expect(page.getByRole('group', { name: 'Sections' })).toHaveCount(0);
  await other.locator('[data-step-id="record-toolchain"]').click();
  await other.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(other.locator('[data-step-id="record-toolchain"]')).toHaveAttribute('data-status', 'passed', { timeout: 60_000 });
  await expect(preview).toContainText('id: rust-wasmtime-upgrade-replay', { timeout: 10_000 });
  await expect(preview).toContainText('- id: record-toolchain');
  await expect(preview).not.toContainText('- id: check-all-features');
  await expect(preview).toContainText('- step check-all-features (Validate base compilation): failed in the session');
  await page.screenshot({ path: test.info().outputPath('guide-preview-replay-plan.png') });
  await expect(page.getByLabel('Save to')).toHaveValue(join(env.project, 'replay-plan.yaml'));
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toContainText(`Saved to ${join(env.project, 'replay-plan.yaml')}`);
  expect(readFileSync(join(env.project, 'replay-plan.yaml'), 'utf8')).toContain('rustup show active-toolchain');

  // The session as a git branch: what no step changed (the files saved above) in a commit of its own; HEAD stays.
  const git = (...args: string[]): string => execFileSync('git', ['-C', env.project, ...args], { encoding: 'utf8' }).trim();
  const head = git('rev-parse', 'HEAD');
  const ship = page.getByLabel('Ship as a git branch');
  await ship.getByLabel('Branch name').fill('upgrade/from-the-dialog');
  await ship.getByRole('button', { name: 'Make branch' }).click();
  await expect(ship.getByTestId('shipped')).toContainText('Made upgrade/from-the-dialog: 1 commit on');
  await expect(ship.locator('[data-kind="outside"]')).toContainText("Changes made outside Stepwise's steps");
  expect(git('rev-parse', 'HEAD')).toBe(head);
  expect(git('show', '--name-only', '--format=', 'upgrade/from-the-dialog').split('\n').sort()).toEqual(['MIGRATION_GUIDE.html', 'replay-plan.yaml']);
  await page.screenshot({ path: test.info().outputPath('guide-shipped.png') });
  // Made again, it is refused in words: the branch exists.
  await ship.getByRole('button', { name: 'Make branch' }).click();
  await expect(ship.getByRole('alert')).toContainText('upgrade/from-the-dialog');
  await page.getByRole('radio', { name: 'Markdown' }).click();
  await expect(preview).toContainText('Shipped as a git branch', { timeout: 10_000 });
  await other.close();
});
