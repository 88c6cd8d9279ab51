// The Metrics page end to end in the browser mode: a baseline and an after
// measured with real cargo in the session's terminal, the gates judged with
// their numbers, the charts drawn, and one check under two toolchains.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { useServerAndFixture } from './serverProcess';
import { openProject } from './workspace';

// In git: the integrity gate compares the trees the baseline and the after began on.
const env = useServerAndFixture('photondrift', { git: true });
/** The crate's unit tests, named with the crate cargo's output tells. */
const UNIT_TESTS = 'photondrift · unittests src/lib.rs';

test('baseline, after, gates, trends and old against new on the Metrics page', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 1000 });
  await openProject(page, env.server.url, env.project);

  // Reachable by its shortcut; empty until the first measurement.
  await page.keyboard.press('Control+Shift+M');
  const metrics = page.getByLabel('Metrics', { exact: true });
  await expect(metrics.getByTestId('metrics-empty')).toContainText('No measurement yet');
  const gates = metrics.getByLabel('Gates');
  await expect(gates.locator('[data-verdict="not-measured"]')).toHaveCount(6);
  await page.screenshot({ path: test.info().outputPath('metrics-empty.png') });

  // An integration test binary the upgrade will lose.
  mkdirSync(join(env.project, 'tests'));
  writeFileSync(join(env.project, 'tests/legacy.rs'), '#[test]\nfn legacy_config_still_loads() {}\n');

  const form = metrics.getByLabel('Take a measurement');
  await form.getByLabel('Runs (N)').fill('1');
  await form.getByLabel('Runtime command').fill('sleep 0.3');
  await form.getByLabel('Container image').fill('photondrift:latest');
  await form.getByRole('button', { name: 'Measure' }).click();
  await expect(form.getByRole('status', { name: 'Measurement progress' })).toContainText(/Step \d of 6: /);
  await page.screenshot({ path: test.info().outputPath('metrics-progress.png') });
  await expect(form.getByRole('button', { name: 'Measure' })).toBeEnabled({ timeout: 60_000 });
  await expect(metrics.getByLabel('Measurements').locator('[data-measurement]')).toHaveCount(1);
  await expect(metrics.getByLabel('Measurements')).toContainText('cargo-audit is not installed');
  await expect(gates.locator('[data-gate="build-time"]')).toContainText('no "after" measurement yet');
  // One measurement: its binaries alone, nothing judged yet.
  const binaries = metrics.getByLabel('Tests per binary');
  await expect(binaries.locator('[data-binary]')).toHaveCount(3);
  await expect(binaries.locator('[data-binary="photondrift · unittests src/lib.rs"] td.num').first()).toHaveText('5');
  await expect(binaries.locator('[data-change]')).toHaveCount(0);

  // The change: two tests are no longer tests, one failing test is added; one test binary is gone, another new.
  rmSync(join(env.project, 'tests/legacy.rs'));
  writeFileSync(join(env.project, 'tests/smoke.rs'), '#[test]\nfn median_of_one() {\n    assert_eq!(photondrift::median(&[4.0]), Some(4.0));\n}\n');
  const lib = join(env.project, 'src/lib.rs');
  const source = readFileSync(lib, 'utf8');
  const untest = (text: string, name: string): string => text.replace(`#[test]\n    fn ${name}`, `#[allow(dead_code)]\n    fn ${name}`);
  writeFileSync(lib, `${untest(untest(source, 'median_of_odd_and_even_series'), 'parses_config_with_comments')}\n#[cfg(test)]\nmod after {\n    #[test]\n    fn ratio_is_one() {\n        assert_eq!(1 + 1, 3);\n    }\n}\n`);
  await expect(form.getByLabel('Kind')).toHaveValue('after');
  await form.getByLabel('Runtime command').fill('sleep 0.1');
  await form.getByRole('button', { name: 'Measure' }).click();
  await expect(metrics.getByLabel('Measurements').locator('[data-measurement]')).toHaveCount(2, { timeout: 60_000 });
  await expect(gates.locator('[data-gate="tests"]')).toHaveAttribute('data-verdict', 'fail', { timeout: 60_000 });
  await expect(gates.locator('[data-gate="tests"]')).toContainText("4 of 5 passed (baseline 6 of 6); 1 failing: after::ratio_is_one; 1 fewer than the baseline's 6");
  await expect(gates.locator('[data-gate="runtime"]')).toHaveAttribute('data-verdict', 'pass');
  await expect(gates.locator('[data-gate="image-size"]')).toContainText('no Docker engine answered');
  await expect(gates.locator('[data-gate="vulnerabilities"]')).toContainText('cargo-audit is not installed');
  await expect(gates.locator('[data-gate="build-time"]')).toHaveAttribute('data-verdict', /^(pass|fail)$/);
  // Tests made non-tests under an allow, and a test file deleted, by hand: each named, with its file and line.
  const integrity = gates.locator('[data-gate="integrity"]');
  await expect(integrity).toHaveAttribute('data-verdict', 'fail');
  await expect(integrity).toContainText('2 lints allowed, 3 tests removed');
  await expect(integrity.getByLabel('Integrity findings').locator('li')).toHaveText([
    /^src\/lib\.rs:\d+ #\[allow\(dead_code\)\] changed outside Stepwise's steps$/,
    /^src\/lib\.rs:\d+ test median_of_odd_and_even_series removed changed outside Stepwise's steps$/,
    /^src\/lib\.rs:\d+ #\[allow\(dead_code\)\] changed outside Stepwise's steps$/,
    /^src\/lib\.rs:\d+ test parses_config_with_comments removed changed outside Stepwise's steps$/,
    /^tests\/legacy\.rs:2 test legacy_config_still_loads removed changed outside Stepwise's steps$/,
  ]);
  await gates.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('metrics-integrity.png') });
  await expect(metrics.getByRole('figure', { name: 'Build time', exact: true }).locator('svg rect')).not.toHaveCount(0);
  await expect(metrics.getByRole('figure', { name: 'Tests', exact: true })).toContainText('Baseline #1');
  await expect(metrics.getByRole('figure', { name: 'Release build time trend' }).locator('circle')).toHaveCount(2);
  await expect(metrics.getByLabel('Trends')).toContainText('Container image: never measured');
  // Per binary, the real binaries cargo ran: where the one test fewer went, and the failure under its binary.
  const binary = (name: string) => binaries.locator(`[data-binary="${name}"]`);
  await expect(binaries.locator('[data-binary]')).toHaveCount(4);
  await expect(binary(UNIT_TESTS)).toHaveAttribute('data-change', 'fewer');
  await expect(binary(UNIT_TESTS)).toHaveClass('flag-bad');
  await expect(binary(UNIT_TESTS).locator('td')).toHaveText([UNIT_TESTS, '5', '0', '0', '3', '1', '0', '1 fewer test, 1 failing']);
  await expect(binary('tests/legacy.rs')).toHaveAttribute('data-change', 'disappeared');
  await expect(binary('tests/legacy.rs')).toContainText('disappeared (had 1 test)');
  await expect(binary('tests/smoke.rs')).toHaveAttribute('data-change', 'appeared');
  await expect(binary('tests/smoke.rs')).toHaveClass('flag-note');
  await expect(binary('Doc-tests photondrift')).toHaveAttribute('data-change', 'same');
  const failing = binaries.locator('[data-failing="After #2"]');
  await expect(failing).toContainText('1 failing in After #2');
  await expect(failing.locator('code')).toHaveText(['after::ratio_is_one']);
  await expect(failing.locator('.new-failure')).toHaveText('new');
  await binaries.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('metrics-binaries.png') });
  await page.setViewportSize({ width: 1400, height: 2600 }); // the page scrolls inside the window: show all of it
  await page.screenshot({ path: test.info().outputPath('metrics-gates.png') });

  // Tests that no longer compile: the after's side says why it has no counts, and the baseline's binaries stand alone.
  writeFileSync(lib, `${source}\n#[cfg(test)]\nmod broken {\n    #[test]\n    fn uses_what_is_gone() {\n        let _ = removed_in_the_upgrade;\n    }\n}\n`);
  await form.getByRole('button', { name: 'Measure' }).click();
  await expect(metrics.getByLabel('Measurements').locator('[data-measurement]')).toHaveCount(3, { timeout: 60_000 });
  await expect(binaries.locator('[data-empty="After #3"]')).toContainText(/tests failed to run: `cargo test --no-fail-fast` exited with 101: .*removed_in_the_upgrade/, { timeout: 60_000 });
  await expect(binaries.locator('[data-binary]')).toHaveCount(3);
  await expect(binaries.locator('th.side-head')).toHaveText(['Baseline #1']);
  await expect(binaries.locator('[data-change]')).toHaveCount(0);

  // Another pair than the latest baseline and after: the charts and the table follow the choice, the gates do not.
  const comparison = metrics.getByLabel('Comparison');
  const withSide = comparison.getByLabel('Compare with');
  await expect(withSide).toHaveValue('3');
  await withSide.selectOption('2');
  await expect(binaries.locator('th.side-head')).toHaveText(['Baseline #1', 'After #2']);
  await expect(binaries.locator('[data-binary]')).toHaveCount(4);
  await expect(binary('tests/legacy.rs')).toHaveAttribute('data-change', 'disappeared');
  await expect(metrics.getByRole('figure', { name: 'Tests', exact: true })).toContainText('After #2');
  await expect(gates).toContainText('against the latest after (#3');
  // By keyboard: picking on one side what the other shows swaps the two.
  await comparison.getByLabel('Compare', { exact: true }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(binaries.locator('th.side-head')).toHaveText(['After #2', 'Baseline #1']);
  await expect(binary('tests/legacy.rs')).toHaveAttribute('data-change', 'appeared');
  await comparison.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('metrics-comparison.png') });
  await binaries.screenshot({ path: test.info().outputPath('metrics-comparison-binaries.png') });
  await comparison.getByRole('button', { name: 'Latest baseline and after' }).click();
  await expect(binaries.locator('th.side-head')).toHaveText(['Baseline #1']);

  // Old against new: a nightly feature gate is an error on stable, an unused feature on nightly.
  writeFileSync(lib, `#![feature(never_type)]\n${source}`);
  const compare = metrics.getByLabel('Old against new');
  await compare.getByLabel('Old toolchain').fill('stable');
  await compare.getByLabel('New toolchain').fill('nightly');
  await compare.getByRole('button', { name: 'Compare' }).click();
  await expect(compare.locator('[data-side="old"]')).toContainText('E0554', { timeout: 60_000 });
  await expect(compare.locator('[data-side="new"]')).toContainText('unused_features');
  await expect(compare.locator('[data-side="new"]')).toContainText('exit 0');
  await expect(compare.locator('[data-outcome]')).toHaveText('Only the old toolchain failed: stable (exit 101); nightly passed.');
  await compare.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('metrics-compare.png') });
  writeFileSync(lib, source);

  // The journal says whose commands these were: the comparison's, not typed by the user.
  await page.locator('.phase li button').first().click(); // back to the steps, beside the journal
  await page.getByRole('tab', { name: /Journal/ }).click();
  const journal = page.getByLabel('Journal');
  await expect(journal.locator('li', { hasText: 'cargo +nightly check' })).toContainText('Toolchain comparison');
  await expect(journal.locator('li', { hasText: 'cargo +nightly check' })).not.toContainText('Typed in the terminal');
});
