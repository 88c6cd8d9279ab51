// A reload returns to where the user was: the same session, the same page,
// the step's terminal ready again (issue 13: reloading the tab landed on Welcome).
import { expect, test } from '@playwright/test';
import { useServerAndFixture } from './serverProcess';
import { openProject, terminalReady } from './workspace';

const env = useServerAndFixture('photondrift', { git: true });

test('a reload returns to the session and the step that was open; a new tab starts on Welcome', async ({ page, context }) => {
  await openProject(page, env.server.url, env.project);
  await page.locator('[data-step-id="record-toolchain"]').click();
  await expect(page.getByRole('heading', { name: 'Record the current toolchain' })).toBeVisible();

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Record the current toolchain' })).toBeVisible();
  await terminalReady(page);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.locator('[data-step-id="record-toolchain"]')).toHaveAttribute('data-status', 'passed');
  await page.screenshot({ path: test.info().outputPath('after-reload.png') });

  // Another page, another reload.
  await page.locator('[data-step-id="baseline-test"]').click();
  await page.reload();
  await expect(page.getByRole('heading', { name: "Build and test on today's toolchain" })).toBeVisible();

  // sessionStorage is the tab's: another tab opens on Welcome.
  const other = await context.newPage();
  await other.goto(env.server.url);
  await expect(other.getByLabel('Project folder')).toBeVisible();
});
