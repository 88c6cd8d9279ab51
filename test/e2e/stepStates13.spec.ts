// Issue 13, states that mislead, in the browser: an edit step offers nothing
// to click until its diff is worked out, then "Apply to N files"; passing it
// unapplied asks first and names the files left unchanged. Ctrl+C on a
// running step shows Stopped, not Failed (a restore reopening a step: restoreReopens.spec.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { useServerAndFixture } from './serverProcess';
import { openProject } from './workspace';

const env = useServerAndFixture('photondrift', { git: true });

test('an edit step cannot be marked done before its diff is ready, and marking it unapplied names the files', async ({ page }) => {
  await openProject(page, env.server.url, env.project);
  const makefile = join(env.project, 'Makefile');
  const before = readFileSync(makefile, 'utf8');
  // Every state the step's primary button takes, recorded in the page from before the step is opened.
  // (A script string: the specs are typed without the DOM's types.)
  await page.evaluate(`(() => {
    const seen = (window.primarySeen = []);
    const record = () => {
      const b = document.querySelector('.step-detail .actions button.primary');
      const state = b ? b.textContent + '|' + (b.disabled ? 'disabled' : 'enabled') : 'none';
      if (seen[seen.length - 1] !== state) seen.push(state);
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  })()`);
  const pin = page.locator('[data-step-id="update-makefile"]');
  await pin.click();
  const apply = page.getByRole('button', { name: 'Apply to 1 file' });
  await expect(apply).toBeEnabled();
  const seen = (await page.evaluate('window.primarySeen')) as string[];
  const onThisStep = seen.slice(seen.lastIndexOf('Working out the change…|disabled'));
  expect(seen, 'the loading state was shown, disabled').toContain('Working out the change…|disabled');
  expect(onThisStep.filter((s) => s.startsWith('Mark done'))).toEqual([]);
  expect(onThisStep.at(-1)).toBe('Apply to 1 file|enabled');
  await page.screenshot({ path: test.info().outputPath('edit-ready.png') });

  await page.getByRole('button', { name: 'Mark done without applying…' }).click();
  const ask = page.getByRole('group', { name: 'Mark done without applying?' });
  await expect(ask).toContainText('1 file stays unchanged: Makefile.');
  await page.screenshot({ path: test.info().outputPath('edit-mark-unapplied-asks.png') });
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(ask).toHaveCount(0);
  await expect(pin).toHaveAttribute('data-status', 'pending');

  await page.getByRole('button', { name: 'Mark done without applying…' }).click();
  await ask.getByRole('button', { name: 'Yes, mark done without applying' }).click();
  await expect(pin).toHaveAttribute('data-status', 'passed');
  expect(readFileSync(makefile, 'utf8')).toBe(before);
  await expect(page.getByRole('button', { name: 'Mark done without applying…' })).toHaveCount(0);
});

const SLEEP_PLAN = `id: stop-me
title: Stop me
phases:
  - id: steps
    title: Steps
    steps:
      - { id: wait, title: Wait a while, kind: command, command: "sleep 30" }
`;

test('Ctrl+C on a running step shows Stopped, and the step runs again', async ({ page }) => {
  await openProject(page, env.server.url, env.project);
  await page.locator('.overview-link').click();
  await page.getByRole('button', { name: 'Change plan…' }).click();
  await page.getByLabel('Open a plan file').setInputFiles({ name: 'stop-me.yaml', mimeType: 'text/yaml', buffer: Buffer.from(SLEEP_PLAN) });
  await page.getByLabel('Plan from file').getByRole('button', { name: 'Start a session with this plan' }).click();
  const wait = page.locator('[data-step-id="wait"]');
  await wait.click();
  await page.getByRole('button', { name: 'Review commands…' }).click();
  await page.getByRole('dialog', { name: 'Review plan' }).getByRole('button', { name: 'Trust this plan' }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(wait).toHaveAttribute('data-status', 'running');
  await page.getByTestId('terminal').click();
  await page.keyboard.press('Control+C');
  await expect(wait).toHaveAttribute('data-status', 'stopped', { timeout: 10_000 });
  await expect(page.getByTestId('step-status')).toHaveText('Stopped');
  await expect(page.locator('.last-run')).toContainText('Last run: stopped by you (exit 130)');
  await page.getByRole('tab', { name: /Journal/ }).click();
  await expect(page.getByLabel('Journal').locator('li', { hasText: 'sleep 30' })).toContainText('stopped, exit 130');
  await page.screenshot({ path: test.info().outputPath('step-stopped.png') });

  // Like a failed step: running it again asks first, then runs.
  await page.getByRole('button', { name: 'Run again' }).click();
  await page.getByRole('group', { name: 'Run again?' }).getByRole('button', { name: 'Yes, run it again' }).click();
  await expect(wait).toHaveAttribute('data-status', 'running');
  await page.screenshot({ path: test.info().outputPath('step-running-again.png') });
  await page.getByTestId('terminal').click();
  await page.keyboard.press('Control+C');
  await expect(wait).toHaveAttribute('data-status', 'stopped', { timeout: 10_000 });
});
