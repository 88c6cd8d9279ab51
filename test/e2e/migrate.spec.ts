// The Edition migration page in the browser mode, on spin 0.9.5 from Debian's
// packages (edition 2015) with the real ladder: find the fixes for 2024 with
// their progress, reject a lint, leave one fix out, apply after confirming;
// the files on disk have the chosen fixes only, the snapshot is on the
// Snapshots page and the journal shows the migration.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { commitAll } from '../helpers/gitRepo';
import { committedRegistryCrate, ladderSkipReason } from '../helpers/ladder';
import { useServerAndProject } from './serverProcess';
import { openProject } from './workspace';

const reason = ladderSkipReason();
test.skip(reason !== null, reason ?? '');

/** A Debian registry crate as a committed git project pinned to debian-1.63. */
const crateProject = (crate: 'spin' | 'matches' | 'owning_ref') => () => committedRegistryCrate(crate, join(mkdtempSync(join(tmpdir(), 'stepwise-migrate-ui-')), crate), 'debian-1.63');

async function openMigrationPage(page: Page, project: string, url: string): Promise<void> {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openProject(page, url, project);
  await page.keyboard.press('Control+Shift+D');
}

const shot = async (page: Page, name: string, width: number, height: number): Promise<void> => {
  await page.setViewportSize({ width, height });
  await page.screenshot({ path: test.info().outputPath(`${name}-${width}x${height}.png`) });
};

test.describe('spin 0.9.5', () => {
  const env = useServerAndProject(crateProject('spin'));

  test(`reviews and applies an edition migration lint by lint${reason ? ` (skipped: ${reason})` : ''}`, async ({ page }) => {
    test.setTimeout(300_000);
    await openMigrationPage(page, env.project, env.server.url);

    const migrate = page.getByLabel('Edition migration', { exact: true });
    await expect(migrate).toContainText('Edition 2015 →');
    await expect(migrate.getByLabel('Target edition')).toHaveValue('2024');
    await migrate.getByRole('button', { name: 'Find fixes' }).click();
    // While it runs: cargo's progress and a way to stop.
    await expect(migrate.getByLabel('Migration progress')).toContainText('toolchain debian-1.85');
    await expect(migrate.getByRole('button', { name: 'Stop' })).toBeVisible();

    const queue = migrate.getByLabel('Review queue');
    await expect(queue).toContainText('Edition 2015 → 2024', { timeout: 180_000 });
    const unsafeOps = queue.locator('[data-lint="unsafe_op_in_unsafe_fn"]');
    const paths = queue.locator('[data-lint="absolute_paths_not_starting_with_crate"]');
    await expect(paths).toContainText('3 fixes in 1 file');
    await shot(page, 'migrate-queue', 1440, 900);

    await unsafeOps.getByLabel('Accept unsafe_op_in_unsafe_fn').uncheck();
    await paths.getByText('Show 3 fixes').click();
    await expect(paths.getByTestId('diff')).toHaveCount(3);
    await paths.getByLabel('Include src/lib.rs:97').uncheck();
    await paths.locator('[data-place="src/lib.rs:97"]').scrollIntoViewIfNeeded();
    await shot(page, 'migrate-hunks', 1024, 640);

    const action = queue.getByRole('button', { name: /^Apply \d+ fix(es)? to 1 file$/ });
    const label = (await action.textContent()) ?? '';
    await action.click();
    const confirm = page.getByTestId('migrate-confirm');
    await expect(confirm).toContainText('unsafe_op_in_unsafe_fn left out');
    await expect(confirm).toContainText('1 single fix skipped');
    await shot(page, 'migrate-confirm', 1024, 640);
    await confirm.getByRole('button', { name: label }).click();

    const applied = page.getByTestId('migrate-applied');
    await expect(applied).toContainText('Applied: Edition 2015 → 2024', { timeout: 180_000 });
    await expect(applied).toContainText('Cargo.toml');
    await expect(applied).toContainText('src/lib.rs');
    // Now at the newest edition: nothing more to migrate to.
    await expect(migrate.getByTestId('migrate-empty')).toContainText('spin is on edition 2024');
    await shot(page, 'migrate-applied', 1440, 900);

    // On disk: the accepted fixes, not the rejected lint's nor the skipped one.
    const lib = readFileSync(join(env.project, 'src/lib.rs'), 'utf8');
    expect(lib).toContain('pub use crate::mutex::MutexGuard;');
    expect(lib).not.toContain('crate::relax');
    expect(lib).not.toContain('{ unsafe {');
    expect(readFileSync(join(env.project, 'Cargo.toml'), 'utf8')).toMatch(/^edition = "2024"$/m);

    await applied.getByRole('button', { name: 'open Snapshots' }).click();
    await expect(page.getByText('Before the migration: Edition 2015 → 2024').first()).toBeVisible();

    await page.getByRole('button', { name: 'Scan & preflight' }).click();
    await expect(page.locator('.run-origin', { hasText: 'Edition migration (stepwise migrate)' })).toBeVisible();
    await expect(page.getByRole('tab', { name: /Journal/ })).toHaveText(/^Journal\s*1$/);
    await shot(page, 'migrate-journal', 1440, 900);
  });
});

test.describe('matches 0.1.8', () => {
  const env = useServerAndProject(crateProject('matches'));

  test(`stops a search, then holds a lint that can change meaning for review${reason ? ` (skipped: ${reason})` : ''}`, async ({ page }) => {
    test.setTimeout(300_000);
    await openMigrationPage(page, env.project, env.server.url);
    const migrate = page.getByLabel('Edition migration', { exact: true });
    await migrate.getByRole('button', { name: 'Find fixes' }).click();
    await expect(migrate.getByLabel('Migration progress')).toContainText('edition 2015 → 2018');
    await migrate.getByRole('button', { name: 'Stop' }).click();
    await expect(migrate.getByRole('alert')).toHaveText('Migration stopped; the project was not changed');
    await expect(migrate.getByRole('button', { name: 'Find fixes' })).toBeEnabled();

    await migrate.getByRole('button', { name: 'Find fixes' }).click();
    const review = migrate.locator('[data-lint="edition_2024_expr_fragment_specifier"]');
    await expect(review.locator('.badge.review')).toHaveText('review', { timeout: 180_000 });
    await expect(review.locator('.review-reason')).toContainText('$e:expr also matches const { .. } and _ in 2024');
    await expect(review.locator('.review-reason code').first()).toHaveText('$e:expr');
    await expect(review.getByLabel('Accept edition_2024_expr_fragment_specifier')).not.toBeChecked();
    await expect(migrate.getByRole('alert')).toHaveCount(0);
    await shot(page, 'migrate-review', 1440, 900);
  });
});

test.describe('owning_ref 0.4.1', () => {
  const env = useServerAndProject(crateProject('owning_ref'));

  test(`lists what cargo could not fix and says the result does not build${reason ? ` (skipped: ${reason})` : ''}`, async ({ page }) => {
    test.setTimeout(300_000);
    await openMigrationPage(page, env.project, env.server.url);
    const migrate = page.getByLabel('Edition migration', { exact: true });
    await migrate.getByRole('button', { name: 'Find fixes' }).click();
    const queue = migrate.getByLabel('Review queue');
    await expect(queue.getByRole('alert')).toContainText('the migrated copy does not build: src/lib.rs:1737: creating a mutable reference to mutable static', { timeout: 180_000 });
    const notApplied = queue.locator('.not-applied');
    await expect(notApplied).toContainText('cargo could not apply these');
    await expect(notApplied).toContainText('src/lib.rs:1737');
    await expect(notApplied).toContainText('[static_mut_refs]');
    await expect(notApplied).toContainText('cargo fix --edition left it: creating a mutable reference to mutable static');
    await notApplied.scrollIntoViewIfNeeded();
    await shot(page, 'migrate-not-applied', 1440, 900);
  });
});

test.describe('owning_ref 0.4.1, clippy only', () => {
  const env = useServerAndProject(crateProject('owning_ref'));

  test(`keeps the edition and applies clippy's fixes for the lints named, one rejected${reason ? ` (skipped: ${reason})` : ''}`, async ({ page }) => {
    test.setTimeout(300_000);
    await openMigrationPage(page, env.project, env.server.url);
    const migrate = page.getByLabel('Edition migration', { exact: true });
    await migrate.getByLabel('Target edition').selectOption('2015');
    const find = migrate.getByRole('button', { name: 'Find fixes' });
    // Keeping the edition with no lint named asks for nothing.
    await expect(find).toBeDisabled();
    await expect(migrate).toContainText('Pick a newer edition, or name clippy lints to fix.');
    await migrate.getByLabel('Clippy lints').fill('borrow_deref_ref, clippy::redundant_slicing');
    await find.click();
    const queue = migrate.getByLabel('Review queue');
    await expect(queue).toContainText('Clippy fixes for clippy::borrow_deref_ref, clippy::redundant_slicing', { timeout: 180_000 });
    await expect(queue).toContainText('Applying every fix gives what cargo gives (cargo clippy --fix).');
    const slicing = queue.locator('[data-lint="clippy::redundant_slicing"]');
    await expect(slicing).toContainText('4 fixes in 1 file');
    await slicing.getByLabel('Accept clippy::redundant_slicing').uncheck();
    await shot(page, 'migrate-clippy-queue', 1440, 900);
    const action = queue.getByRole('button', { name: /^Apply \d+ fixes to 1 file$/ });
    const label = (await action.textContent()) ?? '';
    await action.click();
    const confirm = page.getByTestId('migrate-confirm');
    await expect(confirm).toContainText('clippy::redundant_slicing left out');
    await expect(confirm).not.toContainText('Cargo.toml set to edition');
    await confirm.getByRole('button', { name: label }).click();

    const applied = page.getByTestId('migrate-applied');
    await expect(applied).toContainText('Applied: Clippy fixes for clippy::borrow_deref_ref, clippy::redundant_slicing', { timeout: 180_000 });
    await expect(applied).not.toContainText('edition set in Cargo.toml');
    await shot(page, 'migrate-clippy-applied', 1440, 900);
    const lib = readFileSync(join(env.project, 'src/lib.rs'), 'utf8');
    expect(lib).not.toContain('(&*self as &T).eq(&*other as &T)');
    expect(lib).toContain('(self as &T).eq(other as &T)');
    // The rejected lint's lines as the crate's authors wrote them.
    expect(lib).toContain('= OwningRef::new(vec![]).map(|x| &x[..]);');
  });
});

const MIGRATE_STEP_PLAN = `id: migrate-step
title: A migrate step
phases:
  - id: steps
    title: Steps
    steps:
      - id: to-2018
        title: Move to 2018 with map_clone's fixes
        kind: migrate
        migrate: { edition: "2018", clippy: [map_clone] }
`;

test.describe('spin 0.9.5 in a plan with a migrate step', () => {
  const env = useServerAndProject(crateProject('spin'));

  test(`the step opens the migration filled in, and applying it passes the step${reason ? ` (skipped: ${reason})` : ''}`, async ({ page }) => {
    test.setTimeout(300_000);
    await page.setViewportSize({ width: 1440, height: 900 });
    await openProject(page, env.server.url, env.project, { waitForTerminal: false });
    await page.locator('.overview-link').click();
    await page.getByRole('button', { name: 'Change plan…' }).click();
    await page.getByLabel('Open a plan file').setInputFiles({ name: 'migrate-step.yaml', mimeType: 'text/yaml', buffer: Buffer.from(MIGRATE_STEP_PLAN) });
    await page.getByLabel('Plan from file').getByRole('button', { name: 'Start a session with this plan' }).click();
    const step = page.locator('[data-step-id="to-2018"]');
    await step.click();
    const migrate = page.getByLabel('Edition migration', { exact: true });
    await expect(migrate.getByLabel('Target edition')).toHaveValue('2018');
    await expect(migrate.getByLabel('Clippy lints')).toHaveValue('map_clone');
    // The migration's own Apply passes the step: no "Mark done" beside it.
    await expect(page.getByRole('button', { name: 'Mark done' })).toHaveCount(0);
    await migrate.getByRole('button', { name: 'Find fixes' }).click();
    const queue = migrate.getByLabel('Review queue');
    await expect(queue).toContainText('Edition 2015 → 2018, then clippy fixes for clippy::map_clone', { timeout: 180_000 });
    await shot(page, 'migrate-step-queue', 1440, 900);
    const action = queue.getByRole('button', { name: /^Apply \d+ fixes to 2 files$/ });
    const label = (await action.textContent()) ?? '';
    await action.click();
    await page.getByTestId('migrate-confirm').getByRole('button', { name: label }).click();
    await expect(page.getByTestId('migrate-applied')).toContainText('Applied: Edition 2015 → 2018, then clippy fixes for clippy::map_clone', { timeout: 180_000 });
    await expect(step).toHaveAttribute('data-status', 'passed');
    await expect(page.getByTestId('step-status')).toHaveText('Passed');
    await shot(page, 'migrate-step-passed', 1440, 900);
    expect(readFileSync(join(env.project, 'Cargo.toml'), 'utf8')).toMatch(/^edition = "2018"$/m);
  });
});

test.describe('spin 0.9.5 with a test that one fix breaks', () => {
  const env = useServerAndProject(() => {
    const project = crateProject('spin')();
    mkdirSync(join(project, 'tests'));
    writeFileSync(join(project, 'tests', 'gate.rs'), '#[test]\nfn mutex_guard_path_stays() {\n    assert!(!include_str!("../src/lib.rs").contains("pub use crate::mutex::MutexGuard;"));\n}\n');
    commitAll(project, 'a gate test');
    return project;
  });

  test(`applies in stages: the lint whose fix fails the tests is dropped, its culprit shown${reason ? ` (skipped: ${reason})` : ''}`, async ({ page }) => {
    test.setTimeout(300_000);
    await openMigrationPage(page, env.project, env.server.url);
    const migrate = page.getByLabel('Edition migration', { exact: true });
    await migrate.getByLabel('Target edition').selectOption('2018');
    await migrate.getByRole('button', { name: 'Find fixes' }).click();
    const queue = migrate.getByLabel('Review queue');
    await expect(queue).toContainText('Edition 2015 → 2018', { timeout: 180_000 });
    await queue.getByLabel('In stages: keep a lint\'s fixes only if build and tests pass').check();
    await queue.getByRole('button', { name: /^Apply 3 fixes to 1 file$/ }).click();
    const confirm = page.getByTestId('migrate-confirm');
    await expect(confirm).toContainText('In stages');
    await confirm.getByRole('button', { name: 'Apply 3 fixes to 1 file' }).click();

    const applied = page.getByTestId('migrate-applied');
    await expect(applied).toContainText('Stages (0 of 1 kept)', { timeout: 240_000 });
    const stage = applied.locator('[data-stage="absolute_paths_not_starting_with_crate"]');
    await expect(stage).toContainText('dropped');
    await expect(stage).toContainText('test failed');
    await expect(stage).toContainText('+pub use crate::mutex::MutexGuard;');
    await stage.scrollIntoViewIfNeeded();
    await shot(page, 'migrate-stages', 1440, 900);
    expect(readFileSync(join(env.project, 'src', 'lib.rs'), 'utf8')).not.toContain('crate::mutex::MutexGuard');
  });
});
