// A step's Run waits for new parameters to be applied (issue 13): a run asked
// for while they were still on their way ran the command shown before them
// (realUpgrade.spec.ts had to wait for the new command to show). The page's
// setParams request is held back, so "being applied" lasts as long as the
// test needs.
import { expect, test } from '@playwright/test';
import { holdRequests } from './holdRequests';
import { useServerAndFixture } from './serverProcess';
import { openProject } from './workspace';

const env = useServerAndFixture('photondrift');

test('Run is disabled while new parameters are applied, and enabled with the new command once they are', async ({ page }) => {
  const setParams = await holdRequests(page, 'session.setParams');
  await openProject(page, env.server.url, env.project);

  const params = page.getByLabel('Parameters');
  await params.getByRole('textbox', { name: 'features' }).fill('--features=wasm');
  await params.getByRole('button', { name: 'Apply parameters' }).click();
  await expect.poll(() => setParams.count()).toBe(1);

  await page.locator('[data-step-id="check-all-features"]').click();
  const step = page.getByRole('region', { name: 'Step' });
  const run = step.getByRole('button', { name: 'Run', exact: true });
  await expect(step.locator('pre.command')).not.toContainText('--features=wasm'); // still the old command
  await expect(run).toBeDisabled();
  await expect(run).toHaveAttribute('title', /new parameters are being applied/);
  await expect(step.getByRole('status')).toHaveText('Applying the new parameters…');
  await page.screenshot({ path: test.info().outputPath('run-while-applying.png') });
  await page.keyboard.press('Control+Enter'); // nor by its shortcut
  await expect(page.locator('[data-step-id="check-all-features"]')).toHaveAttribute('data-status', 'pending');

  await setParams.release();
  await expect(step.locator('pre.command')).toContainText("cargo check '--features=wasm'");
  await expect(run).toBeEnabled();
  await expect(step.getByRole('status')).toHaveCount(0);
});
