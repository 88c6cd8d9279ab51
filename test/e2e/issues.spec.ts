// Issue 4 end to end: an issue explained by the knowledge base, fixed in the
// project, resolved by the next run with the diff that fixed it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { useServerAndFixture } from './serverProcess';
import { openProject } from './workspace';

const env = useServerAndFixture('photondrift', { git: true });

test('an explained issue, fixed, resolved with its diff', async ({ page }) => {
  await openProject(page, env.server.url, env.project, { waitForTerminal: false });
  const step = page.locator('[data-step-id="check-all-features"]');
  await step.click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(step).toHaveAttribute('data-status', 'failed');

  await page.getByRole('tab', { name: /Issues/ }).click();
  const issues = page.getByLabel('Issues', { exact: true });
  const importIssue = issues.locator('li', { hasText: 'E0432' });
  await expect(importIssue).toContainText('Known breakage');
  await expect(importIssue).toContainText('open');

  // The user fixes the import in their editor; the next run no longer shows it.
  const plugins = join(env.project, 'src/plugins.rs');
  writeFileSync(plugins, readFileSync(plugins, 'utf8').replace(/^use wasmtime::WasiCtxBuilder;$/m, 'use wasmtime::p2::WasiCtxBuilder;'));
  await page.getByRole('button', { name: 'Run again' }).click();
  await expect(step).toHaveAttribute('data-status', 'passed');
  await expect(issues.locator('li', { hasText: 'E0432' })).toHaveCount(0); // the Open filter
  await issues.getByRole('button', { name: /^Fixed/ }).click();
  const fixed = issues.locator('li', { hasText: 'E0432' });
  await expect(fixed).toContainText('resolved');
  await fixed.locator('.issue-head').click();
  await expect(fixed.getByTestId('diff')).toContainText('+use wasmtime::p2::WasiCtxBuilder;');
  await page.screenshot({ path: test.info().outputPath('issues.png') });
});
