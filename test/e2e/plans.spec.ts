// Issue 3 end to end: the scan page, the preflight finding before step one,
// changing a parameter, an edit shown as a diff and applied, and a Markdown
// plan imported, untrusted until reviewed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { root, useServerAndFixture } from './serverProcess';
import { openProject } from './workspace';

const env = useServerAndFixture('photondrift');

test('scan, preflight, change a parameter, apply an edit, import a Markdown plan', async ({ page }) => {
  await openProject(page, env.server.url, env.project, { waitForTerminal: false });

  // A new session opens on the scan page. The floor, from the resolved dependency graph: the vendored wasmtime 35 sets it.
  const overview = page.getByLabel('Overview');
  const floor = overview.getByLabel('Toolchain floor');
  await expect(floor).toContainText('Toolchain floor: Rust 1.86');
  await expect(floor.locator('[data-floor-pin="wasmtime"]')).toContainText('wasmtime 35 needs Rust 1.86 (knowledge base)');
  const scan = page.getByLabel('Project scan');
  await expect(scan).toContainText('Makefile');
  await expect(scan).toContainText('RUST_VERSION ?= 1.75');
  await expect(scan).toContainText('.github/workflows/ci.yml');

  // The seed's own target, Rust 1.81, set by hand: the blocker before step one.
  const params = page.getByLabel('Parameters');
  const toRust = params.getByRole('textbox', { name: 'to_rust' });
  await toRust.fill('1.81');
  await params.getByRole('button', { name: 'Apply parameters' }).click();
  const blocker = overview.locator('[data-finding="wasmtime-msrv"]');
  await expect(blocker).toContainText('wasmtime 35 requires Rust 1.86');
  await expect(blocker).toContainText('blocker');

  // Take the way out the finding offers: target Rust 1.86.
  await blocker.getByRole('button', { name: /Rust 1\.86/ }).click();
  await expect(overview.locator('[data-finding="wasmtime-msrv"]')).toHaveCount(0);
  await expect(page.getByText('Rust 1.75 → 1.86 + wasmtime 35 → 35').first()).toBeVisible();
  await expect(toRust).toHaveValue('1.86');

  // A value the parameter's type does not take is refused beside its field, as typed; nothing is sent.
  await toRust.fill('1.86;touch X');
  await expect(toRust).toHaveAttribute('aria-invalid', 'true');
  await expect(params.getByRole('alert')).toHaveText('"1.86;touch X" is not a rustup toolchain name (expected e.g. stable, 1.86.0, nightly-2025-01-01 or 1.86.0-x86_64-unknown-linux-gnu)');
  await expect(params.getByRole('button', { name: 'Apply parameters' })).toBeDisabled();
  await toRust.fill('1.86');
  await expect(params.getByRole('alert')).toHaveCount(0);

  // The Makefile edit: a diff first, then Apply writes exactly it.
  await page.locator('[data-step-id="update-makefile"]').click();
  const diff = page.getByTestId('diff');
  await expect(diff).toContainText('-RUST_VERSION ?= 1.75');
  await expect(diff).toContainText('+RUST_VERSION ?= 1.86');
  expect(readFileSync(join(env.project, 'Makefile'), 'utf8')).toContain('RUST_VERSION ?= 1.75');
  await page.getByRole('button', { name: /^Apply to 1 file/ }).click();
  await expect(page.locator('[data-step-id="update-makefile"]')).toHaveAttribute('data-status', 'passed');
  expect(readFileSync(join(env.project, 'Makefile'), 'utf8')).toContain('RUST_VERSION ?= 1.86');
  await expect(page.getByLabel('Snapshots')).toContainText('Snapshot before this step');
  await expect(page.getByText('Already at the target: Makefile:2 says 1.86.')).toBeVisible();

  // The seed itself, imported as a Markdown plan: untrusted until reviewed.
  await page.locator('.overview-link').click();
  await page.getByRole('button', { name: 'Change plan…' }).click();
  await page.getByLabel('Open a plan file').setInputFiles(join(root, 'test/fixtures/plans/RUST_WASMTIME_UPGRADE_PLAN.md'));
  const parsed = page.getByLabel('Plan from file');
  await expect(parsed).toContainText('Phase 1');
  await parsed.getByRole('button', { name: 'Start a session with this plan' }).click();
  await expect(page.getByText('This plan comes from a file').first()).toBeVisible();

  await page.locator('[data-step-id]').filter({ hasText: /check|compilation/i }).first().click();
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeDisabled();
  await page.getByRole('button', { name: 'Review commands…' }).click();
  const review = page.getByRole('dialog', { name: 'Review plan' });
  await expect(review).toContainText('cargo check --all-features');
  await review.getByRole('button', { name: 'Trust this plan' }).click();
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
  await page.screenshot({ path: test.info().outputPath('plans.png') });
});
