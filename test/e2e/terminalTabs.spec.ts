// Issue 13, problem 7, in the browser: terminals as tabs. A second terminal
// opened beside the session's main one runs what is typed there, plan steps
// still run in the main one, a reload finds the tab again, and closing it
// (a command running there: it asks first) ends its shell and what it ran.
import { expect, test, type Page } from '@playwright/test';
import { processesWith } from '../helpers/processes';
import { useServerAndFixture } from './serverProcess';
import { openProject, terminalReady } from './workspace';

const env = useServerAndFixture('photondrift', { git: true });

async function type(page: Page, command: string): Promise<void> {
  await page.getByTestId('terminal').click();
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
}

test('open a terminal tab, type there, steps still run in the main one, close the tab', async ({ page }) => {
  await openProject(page, env.server.url, env.project);
  const tabs = page.getByRole('tablist', { name: 'Terminals' });
  const mainTab = tabs.getByRole('tab', { name: 'Terminal', exact: true });
  const secondTab = tabs.getByRole('tab', { name: 'Terminal 2' });
  await expect(mainTab).toHaveAttribute('aria-selected', 'true');
  await type(page, 'echo main-$((40 + 2))');
  await expect(page.getByTestId('terminal')).toContainText('main-42');

  // A second terminal: its own shell, shown in place of the main one.
  await page.getByRole('button', { name: 'New terminal' }).click();
  await expect(secondTab).toHaveAttribute('aria-selected', 'true');
  await terminalReady(page);
  await type(page, 'echo tab-$((6 * 7))');
  await expect(page.getByTestId('terminal')).toContainText('tab-42');
  await expect(page.getByTestId('terminal')).not.toContainText('main-42');
  // Journaled like the main terminal's commands.
  await page.getByRole('tab', { name: /Journal/ }).click();
  await expect(page.getByLabel('Journal').locator('li', { hasText: 'echo tab-$((6 * 7))' })).toContainText(/typed in the terminal/i);
  await page.screenshot({ path: test.info().outputPath('terminal-tabs.png') });

  // Back to the main one by keyboard (Alt+Shift+←: a browser keeps Ctrl+PageUp for its own tabs).
  await page.getByTestId('terminal').click();
  await page.keyboard.press('Alt+Shift+ArrowLeft');
  await expect(mainTab).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('terminal')).toContainText('main-42');
  // And forward again, then back by clicking.
  await page.keyboard.press('Alt+Shift+ArrowRight');
  await expect(secondTab).toHaveAttribute('aria-selected', 'true');
  await mainTab.click();

  // A plan step runs in the main terminal, whichever tab was used last.
  const step = page.locator('[data-step-id="record-toolchain"]');
  await step.click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(step).toHaveAttribute('data-status', 'passed', { timeout: 60_000 });
  await expect(page.getByTestId('terminal')).toContainText('rustc 1.');
  await secondTab.click();
  await expect(page.getByTestId('terminal')).toContainText('tab-42');
  await expect(page.getByTestId('terminal')).not.toContainText('rustc 1.');

  // A reload finds the tab, with what it showed.
  await page.reload();
  await expect(secondTab).toBeVisible();
  await secondTab.click();
  await expect(page.getByTestId('terminal')).toContainText('tab-42');

  // Closing it while a command runs asks first; then its shell and the command end.
  await type(page, 'sleep 6127');
  await expect(page.locator('.terminal-bar')).toContainText('running');
  expect(processesWith('sleep 6127')).toHaveLength(1);
  await page.getByRole('button', { name: 'Close Terminal 2' }).click();
  const confirm = page.getByRole('group', { name: 'Close Terminal 2?' });
  await expect(confirm).toContainText('A command is running in Terminal 2');
  await page.screenshot({ path: test.info().outputPath('terminal-tab-close.png') });
  await confirm.getByRole('button', { name: 'Close Terminal 2' }).click();
  await expect(secondTab).toHaveCount(0);
  await expect(mainTab).toHaveAttribute('aria-selected', 'true');
  await expect.poll(() => processesWith('sleep 6127')).toEqual([]);
  // The main terminal has no close button, and goes on.
  await expect(page.getByRole('button', { name: 'Close Terminal', exact: true })).toHaveCount(0);
  await type(page, 'echo still-$((1 + 1))');
  await expect(page.getByTestId('terminal')).toContainText('still-2');
});
