// The Journal reads like a terminal: the newest run at the bottom, followed as
// runs arrive while the list is at its bottom; scrolled up, it stays put and
// offers "Jump to latest" (issue 13).
import { expect, test } from '@playwright/test';
import { useServerAndFixture } from './serverProcess';
import { openProject } from './workspace';

const env = useServerAndFixture('photondrift', { git: true });

test('the journal follows the newest run, and jumps back to it once scrolled away', async ({ page }) => {
  await openProject(page, env.server.url, env.project);
  const terminal = page.getByTestId('terminal');

  await page.getByRole('tab', { name: /Journal/ }).click();
  const journal = page.getByLabel('Journal');
  const scroller = page.locator('.run-scroll');
  await terminal.click();
  // More runs than the panel shows at once: each Enter is a run of its own.
  for (let i = 1; i <= 25; i++) {
    await page.keyboard.type(`echo run-${i}`);
    await page.keyboard.press('Enter');
    await expect(journal.locator('li', { hasText: `echo run-${i}` })).toHaveCount(1);
  }
  await expect(journal.locator('li', { hasText: 'echo run-25' })).toBeInViewport();
  await expect(page.getByRole('button', { name: /Jump to latest/ })).toHaveCount(0);

  // Scrolled to the top, a new run does not pull the list down.
  await scroller.evaluate((el) => el.scrollTo(0, 0));
  await expect(page.getByRole('button', { name: /Jump to latest/ })).toBeVisible();
  await terminal.click();
  await page.keyboard.type('echo run-26');
  await page.keyboard.press('Enter');
  await expect(journal.locator('li', { hasText: 'echo run-1' }).first()).toBeInViewport();
  await expect(journal.locator('li', { hasText: 'echo run-26' })).not.toBeInViewport();
  await page.screenshot({ path: test.info().outputPath('journal-scrolled-up.png') });

  await page.getByRole('button', { name: /Jump to latest/ }).click();
  await expect(journal.locator('li', { hasText: 'echo run-26' })).toBeInViewport();
  await expect(page.getByRole('button', { name: /Jump to latest/ })).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('journal-following.png') });
});
