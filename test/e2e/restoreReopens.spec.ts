// Issue 13: a restore that puts back the file an applied edit step changed
// takes the step's ✓ away; the step says which restore undid it, and its
// Apply is back. (Its own file: the specs in one file share a project.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { useServerAndFixture } from './serverProcess';
import { openProject } from './workspace';

const env = useServerAndFixture('photondrift', { git: true });

test("a restore that puts an edit step's file back takes its ✓ away, saying which restore", async ({ page }) => {
  await openProject(page, env.server.url, env.project);
  const pin = page.locator('[data-step-id="update-makefile"]');
  await pin.click();
  await page.getByRole('button', { name: 'Apply to 1 file' }).click();
  await expect(pin).toHaveAttribute('data-status', 'passed');

  await page.keyboard.press('Control+Shift+S');
  const snapshots = page.getByRole('region', { name: 'Snapshots' });
  const auto = snapshots.getByLabel('Snapshot timeline').locator('li.snap').first();
  await auto.click();
  const files = snapshots.getByLabel('Changed files');
  await files.getByLabel('Select Makefile').check();
  await snapshots.getByRole('button', { name: 'Restore 1 selected file…' }).click();
  await page.getByRole('dialog', { name: 'Confirm restore' }).getByRole('button', { name: 'Restore 1 file' }).click();
  await expect(snapshots.getByRole('status', { name: 'Restore result' })).toContainText('done');
  expect(readFileSync(join(env.project, 'Makefile'), 'utf8')).toContain('RUST_VERSION ?= 1.75');

  await expect(pin).toHaveAttribute('data-status', 'pending');
  await pin.click();
  await expect(page.getByTestId('step-note')).toHaveText(/^Pending: its change was undone by restoring snapshot #\d+$/);
  await expect(page.getByRole('button', { name: 'Apply to 1 file' })).toBeEnabled();
  await page.screenshot({ path: test.info().outputPath('edit-reopened-by-restore.png') });
});
