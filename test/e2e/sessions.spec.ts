// Sessions are never lost (issue 13): a new session starts only after its plan
// is chosen, saying the current one stays; every session of the project is
// listed with its progress and can be opened again.
import { expect, test } from '@playwright/test';
import { useServerAndFixture } from './serverProcess';
import { openProject } from './workspace';

const env = useServerAndFixture('photondrift', { git: true });

test('the Sessions dialog lists every session, starts a new one from a chosen plan, and opens an earlier one', async ({ page }) => {
  await openProject(page, env.server.url, env.project);
  await page.locator('[data-step-id="record-toolchain"]').click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.locator('[data-step-id="record-toolchain"]')).toHaveAttribute('data-status', 'passed');
  await expect(page.locator('.topbar')).toContainText('session #1');

  await page.keyboard.press('Control+Shift+L');
  const dialog = page.getByRole('dialog', { name: 'Sessions' });
  // Progress counts the steps that apply, as the step list does ("1 / 38 steps done").
  const applying = /\/ (\d+) steps done/.exec((await page.locator('.progress').first().textContent()) ?? '')?.[1];
  expect(applying).toBeDefined();
  await expect(dialog.locator('[data-session-id="1"]')).toContainText(`1 / ${applying}`);
  await expect(dialog.locator('[data-session-id="1"]')).toContainText('open now');
  await expect(dialog).toContainText('Session #1 stays in the journal');
  await page.screenshot({ path: test.info().outputPath('sessions-one.png') });

  // A new session asks for its plan first; closing the picker starts nothing.
  await dialog.getByRole('button', { name: 'New session…' }).click();
  const picker = page.getByRole('dialog', { name: 'Choose a plan' });
  await expect(picker).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.locator('.topbar')).toContainText('session #1');
  await page.keyboard.press('Control+Shift+L');
  await expect(dialog.locator('[data-session-id]')).toHaveCount(1);
  await dialog.getByRole('button', { name: 'New session…' }).click();
  await picker.getByRole('button', { name: 'Use' }).first().click();
  await expect(page.locator('.topbar')).toContainText('session #2');
  await expect(page.locator('[data-step-id="record-toolchain"]')).toHaveAttribute('data-status', 'pending');

  // The first session, with its passed step, is one click away.
  await page.getByRole('button', { name: 'Sessions' }).click();
  await expect(dialog.locator('[data-session-id]')).toHaveCount(2);
  await expect(dialog.locator('[data-session-id="2"]')).toContainText('open now');
  await page.screenshot({ path: test.info().outputPath('sessions-two.png') });
  await dialog.locator('[data-session-id="1"]').getByRole('button', { name: 'Open' }).click();
  await expect(page.locator('.topbar')).toContainText('session #1');
  await expect(page.locator('[data-step-id="record-toolchain"]')).toHaveAttribute('data-status', 'passed');
});
