// Issue 12, steps that know their state, in the browser: beside "Run again"
// the step says whether running it again is safe; one whose rerun repeats
// what it changed asks first, inline; an edit step whose project already
// says what it would write says "Already at the target" and passes as done.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { root, useServerAndFixture } from './serverProcess';
import { openProject } from './workspace';

const env = useServerAndFixture('photondrift', { git: true });

/** The target Rust the plan is fitted to on this machine, as `stepwise plan show --json` says. */
function toRust(project: string): string {
  const cli = spawnSync(process.execPath, [join(root, 'bin', 'stepwise.js'), 'plan', 'show', '--project', project, '--json'], { encoding: 'utf8' });
  expect(cli.status, cli.stderr).toBe(0);
  return (JSON.parse(cli.stdout) as { parameters: { name: string; value: string }[] }).parameters.find((p) => p.name === 'to_rust')!.value;
}

test('rerun wording, an inline confirm before repeating a command, and an edit already at its target', async ({ page }) => {
  await openProject(page, env.server.url, env.project);
  const runAgain = page.getByRole('button', { name: 'Run again' });
  const rerunNote = page.getByTestId('rerun-note');

  // The backup branch is idempotent: the plan declares it safe to run again, and it runs again without asking.
  const backup = page.locator('[data-step-id="backup-branch"]');
  await backup.click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(backup).toHaveAttribute('data-status', 'passed', { timeout: 30_000 });
  await expect(rerunNote).toHaveText('Safe to run again: the plan says running it again changes nothing more');
  await runAgain.click();
  await expect(page.getByRole('group', { name: 'Run again?' })).toHaveCount(0);
  await expect(page.getByLabel('Journal').locator('li', { hasText: 'git rev-parse --verify' })).toHaveCount(2, { timeout: 30_000 });
  await page.screenshot({ path: test.info().outputPath('rerun-safe.png') });

  // `make wasm-build` may change anything: after it ran, Run again asks first, and only "Yes" runs it.
  const wasm = page.locator('[data-step-id="wasm-build"]');
  await wasm.click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(wasm).toHaveAttribute('data-status', /passed|failed/, { timeout: 60_000 });
  await expect(rerunNote).toHaveText('Running again repeats what it changed: asks first');
  await page.getByRole('tab', { name: /Journal/ }).click();
  const wasmRuns = page.getByLabel('Journal').locator('li', { hasText: 'make wasm-build' });
  await expect(wasmRuns).toHaveCount(1);
  await runAgain.click();
  const confirm = page.getByRole('group', { name: 'Run again?' });
  await expect(confirm).toContainText('Running it again repeats what it changed: make wasm-build runs again.');
  await page.screenshot({ path: test.info().outputPath('rerun-confirm.png') });
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(wasmRuns).toHaveCount(1);
  await runAgain.click();
  await confirm.getByRole('button', { name: 'Yes, run it again' }).click();
  await expect(wasmRuns).toHaveCount(2, { timeout: 60_000 });

  // The Makefile pin, set to the target by hand: nothing to change, and Mark done passes the step saying why.
  const target = toRust(env.project);
  const makefile = join(env.project, 'Makefile');
  writeFileSync(makefile, readFileSync(makefile, 'utf8').replace('RUST_VERSION ?= 1.75', `RUST_VERSION ?= ${target}`));
  const pin = page.locator('[data-step-id="update-makefile"]');
  await pin.click();
  await expect(page.getByTestId('edit-no-change')).toHaveText(`Already at the target: Makefile:2 says ${target}.`);
  await page.getByRole('button', { name: 'Mark done' }).click();
  await expect(pin).toHaveAttribute('data-status', 'passed');
  await expect(page.getByTestId('step-note')).toHaveText(`Passed without running: already done: Makefile:2 says ${target}`);
  await page.screenshot({ path: test.info().outputPath('edit-at-target.png') });
});
