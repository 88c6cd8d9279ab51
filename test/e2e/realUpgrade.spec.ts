// Issue 12 through the UI: a real upgrade of a real crate no one here wrote
// (memoffset, from Debian's packages), pinned to Debian's rustc 1.63, moved
// to stable with the built-in plan in Chromium: the baseline built and tested
// on 1.63 in the embedded terminal, the pin's edit shown as a diff and
// applied, stable's builds and tests run, what stable says journaled as
// issues and named by the guide. Screenshots of each stage are kept in the
// test's output folder.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { committedRegistryCrate, ladderSkipReason } from '../helpers/ladder';
import { planShow, useServerAndProject } from './serverProcess';
import { openProject, terminalReady } from './workspace';

const reason = ladderSkipReason();
test.skip(reason !== null, reason ?? '');
// Room for the plan, the terminal and the side panel in the screenshots.
test.use({ viewport: { width: 1440, height: 960 } });

const env = useServerAndProject(() => committedRegistryCrate('memoffset', mkdtempSync(join(tmpdir(), 'stepwise-memoffset-')), 'debian-1.63'));

/** What stable says of memoffset that 1.63 did not: its build script's cfgs are undeclared (Rust 1.80+). */
const STABLE_LINT = 'unexpected_cfgs';
/** `--all-features` turns on memoffset's `unstable_const`, whose `#![feature]` stable refuses (the fitted `features` leaves it out). */
const NIGHTLY_ONLY = 'E0554';

test(`memoffset from Debian's rustc 1.63 to stable with the built-in plan${reason ? ` (skipped: ${reason})` : ''}`, async ({ page }) => {
  test.setTimeout(300_000);
  const stableRustc = execFileSync('rustup', ['run', 'stable', 'rustc', '--version'], { encoding: 'utf8' }).trim();
  const shot = (name: string): Promise<Buffer> => page.screenshot({ path: test.info().outputPath(`${name}.png`) });
  const terminal = page.getByTestId('terminal');

  await openProject(page, env.server.url, env.project, { waitForTerminal: false });

  // The target set through the parameters, as a user would: the channel stable.
  const params = page.getByLabel('Parameters');
  await params.getByRole('textbox', { name: 'to_rust' }).fill('stable');
  await params.getByRole('button', { name: 'Apply parameters' }).click();
  const shown = planShow(env.project, { to_rust: 'stable' });
  await expect(page.getByLabel('Overview').getByText(shown.title, { exact: true })).toBeVisible();
  for (const name of ['from_rust', 'to_rust', 'edition', 'features']) {
    await expect(params.getByTestId(`param-source-${name}`)).toHaveText(shown.parameters.find((p) => p.name === name)!.source);
  }
  expect(shown.value('from_rust')).toBe('1.63');

  // memoffset has no wasmtime: the plan's wasmtime steps are listed as not applicable, with why.
  const all = shown.phases.flatMap((p) => p.steps);
  const wasmtimeSteps = all.filter((s) => /wasmtime/.test(s.reason));
  expect(wasmtimeSteps.map((s) => s.id)).toEqual(expect.arrayContaining(['bump-wasmtime', 'update-lockfile', 'wasmtime-api']));
  for (const s of wasmtimeSteps) {
    expect(s.applies).toBe(false);
    const listed = page.locator(`[data-step-id="${s.id}"]`);
    await expect(listed).toHaveAttribute('data-applies', 'false');
    await expect(listed).toContainText(`Not applicable: ${s.reason}`);
  }
  // The plan card and the step list count the same steps: those that apply.
  const applying = all.filter((s) => s.applies).length;
  await expect(page.getByLabel('Overview')).toContainText(`${applying} of its ${all.length} steps apply to this project`);
  await expect(page.getByLabel('Plan steps')).toContainText(`0 / ${applying} steps done`);
  await page.getByLabel('Overview').getByRole('heading', { name: 'Before step one' }).scrollIntoViewIfNeeded();
  await shot('1-fitted-plan');

  // The baseline on the pinned Debian 1.63, in the embedded terminal.
  await terminalReady(page);
  await runStep(page, 'record-toolchain', 'passed');
  await expect(terminal).toContainText('rustc 1.63.');
  await runStep(page, 'baseline-test', 'passed');
  await expect(terminal).toContainText(/test result: ok\. [1-9]\d* passed/);
  // 1.63 builds and tests it without a warning: whatever the Issues panel holds later, stable brought.
  await expect(page.getByRole('tab', { name: /Issues/ })).toHaveText(/^Issues\s*0$/);
  await shot('2-baseline-on-1.63');

  // The pin's edit: a diff first, then applied.
  await page.locator('[data-step-id="update-toolchain-pins"]').click();
  const diff = page.getByTestId('diff');
  await expect(diff).toContainText('-channel = "debian-1.63"');
  await expect(diff).toContainText('+channel = "stable"');
  await shot('3-pin-diff');
  await page.getByRole('button', { name: /^Apply to 1 file/ }).click();
  await expect(page.locator('[data-step-id="update-toolchain-pins"]')).toHaveAttribute('data-status', 'passed');
  expect(readFileSync(join(env.project, 'rust-toolchain.toml'), 'utf8')).toBe('[toolchain]\nchannel = "stable"\n');

  // stable is installed already: the step says so instead of running rustup.
  await page.locator('[data-step-id="install-toolchain"]').click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'already done' })).toContainText('toolchain stable is installed');

  // stable builds the tests, type-checks and tests the crate with the features the plan fitted, and warns where 1.63 did not.
  const features = shown.value('features');
  await runStep(page, 'test-no-run', 'passed');
  await runStep(page, 'check-all-features', 'passed');
  await expect(page.getByRole('region', { name: 'Step' }).locator('pre.command')).toContainText(features);
  await runStep(page, 'test-all', 'passed');
  await expect(terminal).toContainText(/test result: ok\. [1-9]\d* passed/);

  // The feature the plan left out, asked for through the parameters: stable refuses it, and the Issues panel says so.
  await page.locator('.overview-link').click();
  await params.getByRole('textbox', { name: 'features' }).fill('--all-features');
  await params.getByRole('button', { name: 'Apply parameters' }).click();
  await expect(params.getByTestId('param-source-features')).toHaveText('set by you');
  // Fitted again after the pin moved: the plan still starts where the project did.
  await expect(page.locator('.topbar')).toContainText(shown.title);
  await expect(params.getByTestId('param-source-from_rust')).toHaveText(shown.parameters.find((p) => p.name === 'from_rust')!.source);
  await runStep(page, 'check-all-features', 'failed');
  await expect(terminal).toContainText(`rustc --explain ${NIGHTLY_ONLY}`);
  await page.getByRole('tab', { name: /Issues/ }).click();
  const issues = page.getByLabel('Issues', { exact: true });
  // Grouped by step, oldest first: check-all-features' error is far down the list (drawn when scrolled to).
  await issues.locator('.issue-scroll').evaluate((list) => list.scrollTo(0, list.scrollHeight));
  const nightlyOnly = issues.locator('li', { hasText: NIGHTLY_ONLY });
  await expect(nightlyOnly).toContainText('`#![feature]` may not be used on the stable release channel');
  await expect(nightlyOnly).toContainText('src/lib.rs:61:5');
  await nightlyOnly.scrollIntoViewIfNeeded();
  await shot('4-issues');
  // Back to the plan's value: the next run no longer shows it.
  await page.locator('.overview-link').click();
  await params.getByRole('textbox', { name: 'features' }).fill(features);
  await params.getByRole('button', { name: 'Apply parameters' }).click();
  // Run once the step shows the plan's value again: a run asked for before the parameters are applied runs the command shown then.
  await page.locator('[data-step-id="check-all-features"]').click();
  await expect(page.getByRole('region', { name: 'Step' }).locator('pre.command')).not.toContainText('--all-features');
  await runStep(page, 'check-all-features', 'passed');
  await expect(issues.locator('li', { hasText: NIGHTLY_ONLY })).toHaveCount(0); // the Open filter
  await issues.getByRole('button', { name: /^Fixed/ }).click();
  await expect(issues.locator('li', { hasText: NIGHTLY_ONLY })).toContainText('resolved');
  await issues.getByRole('button', { name: /^Open/ }).click();

  // The tests typed in the terminal, as a user would, journaled like a step's run. Their warnings,
  // read from the text (which names a lint at its first warning only), are the issues the steps met: seen again, none new.
  const issuesTab = page.getByRole('tab', { name: /Issues/ });
  const issuesBefore = await issuesTab.textContent();
  await terminal.click();
  await page.keyboard.type('rustc --version && cargo test');
  await page.keyboard.press('Enter');
  await expect(page.locator('.terminal-bar')).toContainText('running');
  await expect(page.locator('.terminal-bar')).toContainText('ready', { timeout: 120_000 });
  await expect(terminal).toContainText(/test result: ok\. [1-9]\d* passed/);
  await page.getByRole('tab', { name: /Journal/ }).click();
  const typed = page.getByLabel('Journal').locator('li', { hasText: 'rustc --version && cargo test' });
  await expect(typed).toContainText('exit 0');
  await expect(typed).toContainText('Typed in the terminal');
  await typed.locator('.run-head').click();
  await expect(typed).toContainText(stableRustc);
  await typed.locator('.run-head').click();
  const typedRun = await typed.getAttribute('data-run-id');

  await page.getByRole('tab', { name: /Issues/ }).click();
  await expect(issues.locator('li', { hasText: STABLE_LINT }).first()).toContainText(`last #${typedRun}`);
  await expect(issuesTab).toHaveText(issuesBefore!);

  // The guide names what was met: the baseline, the pin's diff, the run stable refused, its issues.
  await page.getByRole('button', { name: 'Export guide' }).click();
  const preview = page.getByTestId('guide-preview');
  await expect(preview).toContainText(NIGHTLY_ONLY);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toContainText('Saved to');
  const guide = readFileSync(join(env.project, 'MIGRATION_GUIDE.md'), 'utf8');
  expect(guide).toMatch(/^# Upgrade to Rust stable$/m);
  expect(guide).toMatch(/^### \d+\\\. ✅ Build and test on today's toolchain$/m);
  expect(guide).toContain('-channel = "debian-1.63"\n+channel = "stable"');
  // stable was installed before: the guide says so, and its rollback does not uninstall it.
  expect(guide).toMatch(/✅ Install Rust stable locally\n\n\*.* · passed without running: already done: toolchain stable is installed \(rustup toolchain list\)\*$/m);
  expect(guide).not.toContain('rustup toolchain uninstall stable');
  expect(guide).toMatch(/❌ run #\d+ `cargo check --all-features` — exit 101/);
  const breaking = guide.slice(guide.indexOf('## Breaking changes met'), guide.indexOf('\n## ', guide.indexOf('## Breaking changes met') + 1));
  expect(breaking).toContain(NIGHTLY_ONLY);
  expect(guide).toMatch(new RegExp(`^#### \`${STABLE_LINT}\` \\(rustc\\).* — \\d+ issues$`, 'm'));
  // The same, as HTML: the open issues, in the screenshot.
  await page.getByRole('radio', { name: 'HTML (one file)' }).click();
  await expect(page.getByTestId('guide-updated')).toContainText('Follows the session');
  const openIssues = page.frameLocator('iframe[title="Guide preview"]').getByRole('heading', { name: "Open and won't-fix issues" });
  await expect(async () => {
    await openIssues.scrollIntoViewIfNeeded();
    await expect(openIssues).toBeInViewport({ timeout: 1000 });
  }).toPass();
  await shot('5-guide');
});

async function runStep(page: Page, stepId: string, status: 'passed' | 'failed'): Promise<void> {
  const step = page.locator(`[data-step-id="${stepId}"]`);
  await step.click();
  await page.getByRole('button', { name: /^Run( again)?$/ }).click();
  await expect(step).toHaveAttribute('data-status', status, { timeout: 120_000 });
}
