// Toolchain bisection on the Metrics page, in the browser mode: a crate whose
// `let ... else` (Rust 1.65) builds from debian-1.85 of the real ladder on,
// bisected from the page with its progress shown, the answer with its release
// notes link, and the same record in the exported guide.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { ladderSkipReason } from '../helpers/ladder';
import { useServerAndProject } from './serverProcess';
import { openProject } from './workspace';

const reason = ladderSkipReason();
test.skip(reason !== null, reason ?? '');

const env = useServerAndProject(() => {
  const project = mkdtempSync(join(tmpdir(), 'stepwise-letelse-'));
  mkdirSync(join(project, 'src'));
  writeFileSync(join(project, 'Cargo.toml'), '[package]\nname = "letelse"\nversion = "0.1.0"\nedition = "2021"\n');
  writeFileSync(join(project, 'src', 'main.rs'), 'fn main() {\n    let Ok(n) = "7".parse::<u32>() else {\n        return;\n    };\n    println!("{n}");\n}\n');
  return project;
});

test(`bisects the ladder from the Metrics page${reason ? ` (skipped: ${reason})` : ''}`, async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1400, height: 1000 });
  await openProject(page, env.server.url, env.project);
  await page.keyboard.press('Control+Shift+M');

  const bisect = page.getByLabel('Metrics', { exact: true }).getByLabel('Toolchain bisection');
  await expect(bisect).toContainText('Finds the first toolchain, oldest first, where the check changes outcome');
  await bisect.getByLabel('Toolchains, oldest first').fill('debian-1.63, debian-1.85, stable');
  await bisect.getByLabel('Check').selectOption('build');
  await bisect.getByRole('button', { name: 'Bisect' }).click();
  // While it runs: the toolchains it has started, and a way to stop.
  await expect(bisect.getByLabel('Bisection progress').locator('[data-toolchain="debian-1.63"]')).toBeVisible();
  await expect(bisect.getByRole('button', { name: 'Stop' })).toBeVisible();

  const first = bisect.locator('[data-first]');
  await expect(first).toContainText('build changes first with debian-1.85 (against debian-1.63)', { timeout: 120_000 });
  await expect(first.getByRole('link', { name: 'release notes' })).toHaveAttribute('href', 'https://releases.rs/docs/1.85.0/');
  await expect(bisect.locator('tr[data-toolchain="debian-1.63"]')).toContainText('E0658');
  await expect(bisect.locator('tr[data-toolchain="debian-1.85"]')).toContainText('passed');
  await expect(bisect.locator('tr.first-change')).toHaveAttribute('data-toolchain', 'debian-1.85');
  await bisect.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('bisect-result.png') });

  await page.getByRole('button', { name: 'Export guide' }).click();
  await expect(page.getByTestId('guide-preview')).toContainText('### Toolchain bisections');
  await expect(page.getByTestId('guide-preview')).toContainText('the outcome changes first with `debian-1.85`');
});
