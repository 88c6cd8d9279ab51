// Issue 13, layout, in the browser at 1024x640 and 1920x1080: panes the user
// sizes (by keyboard too) and folds, remembered after a reload; a terminal of
// at least 80 columns at 1024 wide, measured by the real shell; a terminal
// that fills the workspace and refits; the edit step's buttons in view all
// along a long diff; titles that do not wrap a word a line, badges not cut;
// step icons drawn as SVG with names and a legend. Screenshots at both sizes.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { commitAll } from '../helpers/gitRepo';
import { copyFixture, useServerAndProject } from './serverProcess';
import { openProject, terminalReady } from './workspace';

// Many CI workflows pinning the old toolchain: the CI step's diff runs to thousands of px, as on a real crate.
const WORKFLOWS = 30;
const env = useServerAndProject(() => {
  const project = copyFixture('photondrift');
  const ci = readFileSync(join(project, '.github/workflows/ci.yml'), 'utf8');
  for (let i = 1; i <= WORKFLOWS; i++) writeFileSync(join(project, `.github/workflows/ci-${i}.yml`), ci.replace('name: CI', `name: CI ${i}`));
  commitAll(project);
  return project;
});

let asked = 0;
/** The terminal's size as the shell sees it (`stty size` in the real pty): [rows, cols]. */
async function shellSize(page: Page): Promise<[number, number]> {
  const marker = `size${++asked}`;
  await page.getByTestId('terminal').click();
  await page.keyboard.type(`echo ${marker}=$(stty size)`);
  await page.keyboard.press('Enter');
  const terminal = page.getByTestId('terminal');
  const found = new RegExp(`${marker}=(\\d+) (\\d+)`);
  await expect(terminal).toContainText(found);
  const [, rows, cols] = found.exec((await terminal.textContent()) ?? '')!;
  return [Number(rows), Number(cols)];
}

/** The page's getComputedStyle (the specs are typed without the DOM's types). */
type Styles = { getComputedStyle(element: unknown): { lineHeight: string } };

/** How many lines an element's text takes. */
const lineCount = (el: Locator): Promise<number> =>
  el.evaluate((e) => Math.round(e.getBoundingClientRect().height / parseFloat((globalThis as unknown as Styles).getComputedStyle(e).lineHeight)));

test.describe('at 1024x640', () => {
  test.use({ viewport: { width: 1024, height: 640 } });

  test('the panes fold, size and stay; the terminal is wide; the edit buttons stay above a long diff', async ({ page }) => {
    await openProject(page, env.server.url, env.project);
    const list = page.getByRole('navigation', { name: 'Plan steps' });
    // A narrow window starts with the step list folded to icons and the journal folded to a strip.
    await expect(list).toHaveClass(/compact/);
    await expect(page.getByRole('complementary', { name: 'Journal and issues (folded)' })).toBeVisible();
    const [, cols] = await shellSize(page);
    expect(cols, 'the terminal at 1024 wide with the list folded').toBeGreaterThanOrEqual(80);
    await page.screenshot({ path: test.info().outputPath('workspace-1024x640.png') });

    // Icons, not font glyphs, each with its name; a legend says what they mean.
    const pin = page.locator('[data-step-id="update-makefile"]');
    await expect(pin.getByRole('img', { name: 'Pending' })).toBeVisible();
    await expect(pin.getByRole('img', { name: 'edit step' })).toHaveCount(1);
    await expect(pin).toHaveAttribute('title', /^Update the Makefile pin \(pending, edit step\)/);
    await list.getByRole('button', { name: 'Show the step titles' }).click();
    await expect(list).not.toHaveClass(/compact/);
    await list.getByRole('button', { name: 'What the icons mean' }).click();
    const legend = page.getByRole('dialog', { name: 'Legend' });
    for (const text of ['Pending', 'Passed', 'Failed', 'Stopped', 'Edit: a diff you review, then apply', 'Snapshot: pins the project as it is']) {
      await expect(legend).toContainText(text);
    }
    await expect(legend.locator('svg')).toHaveCount(14);
    await page.screenshot({ path: test.info().outputPath('legend-1024x640.png') });
    await page.keyboard.press('Escape');
    await expect(legend).toHaveCount(0);

    // With the titles shown the terminal still has 80 columns, and no title wraps a word a line.
    const [, colsWithList] = await shellSize(page);
    expect(colsWithList).toBeGreaterThanOrEqual(80);
    for (const title of await list.locator('.step-name').all()) {
      const words = ((await title.textContent()) ?? '').trim().split(/\s+/);
      const lines = await lineCount(title);
      expect(lines, `"${words.join(' ')}": at most 3 lines`).toBeLessThanOrEqual(3);
      expect(lines, `"${words.join(' ')}": two words a line or more`).toBeLessThanOrEqual(Math.max(1, Math.ceil(words.length / 2)));
    }

    // The CI step: its diff is thousands of px long, its buttons stay in view all along it.
    await page.locator('[data-step-id="update-ci"]').click();
    const apply = page.getByRole('button', { name: `Apply to ${WORKFLOWS + 1} files` });
    await expect(apply).toBeEnabled();
    const detail = page.getByRole('region', { name: 'Step' });
    const heading = detail.getByRole('heading', { level: 2 });
    expect(await lineCount(heading)).toBeLessThanOrEqual(2);
    const box = await detail.boundingBox();
    for (const badge of await detail.locator('.step-head .badge').all()) {
      const b = (await badge.boundingBox())!;
      expect(b.x + b.width, `badge "${await badge.textContent()}" inside the pane`).toBeLessThanOrEqual(box!.x + box!.width);
      expect(await badge.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
    }
    const scroll = await detail.evaluate((e) => ({ height: e.scrollHeight, view: e.clientHeight }));
    expect(scroll.height, 'the diff is long').toBeGreaterThan(2000);
    for (const at of [0, 0.5, 1]) {
      await detail.evaluate((e, share) => e.scrollTo(0, share * (e.scrollHeight - e.clientHeight)), at);
      await expect(apply).toBeInViewport({ ratio: 1 });
      const bar = (await page.getByTestId('edit-action-bar').boundingBox())!;
      expect(bar.y, `the action bar at ${at * 100}% of the diff`).toBeGreaterThanOrEqual(box!.y);
      expect(bar.y + bar.height).toBeLessThanOrEqual(box!.y + box!.height);
    }
    await page.screenshot({ path: test.info().outputPath('long-diff-scrolled-1024x640.png') });

    // The terminal fills the workspace (Ctrl+Shift+Enter), refits, and gives it back (the same keys, or Esc outside it).
    await page.keyboard.press('Control+Shift+Enter');
    await expect(list).toBeHidden();
    await expect(detail).toBeHidden();
    const [rowsMax, colsMax] = await shellSize(page);
    expect(colsMax).toBeGreaterThan(colsWithList + 20);
    expect(rowsMax).toBeGreaterThan(25);
    await page.screenshot({ path: test.info().outputPath('terminal-maximised-1024x640.png') });
    await page.keyboard.press('Control+Shift+Enter');
    await expect(list).toBeVisible();
    const [, colsBack] = await shellSize(page);
    expect(colsBack).toBe(colsWithList);
    await page.getByRole('button', { name: 'Maximise the terminal' }).click();
    await expect(detail).toBeHidden();
    await page.keyboard.press('Escape');
    await expect(detail).toBeVisible();
    await expect(page.getByRole('button', { name: 'Maximise the terminal' })).toBeVisible();
  });

  test('splitters move by keyboard, reset on double-click, and the sizes outlast a reload', async ({ page }) => {
    await openProject(page, env.server.url, env.project);
    const list = page.getByRole('navigation', { name: 'Plan steps' });
    await list.getByRole('button', { name: 'Show the step titles' }).click();
    const splitter = page.getByRole('separator', { name: 'Resize the step list' });
    await expect(splitter).toHaveAttribute('aria-valuenow', '260');
    const before = (await list.boundingBox())!.width;
    await splitter.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(splitter).toHaveAttribute('aria-valuenow', '292');
    expect((await list.boundingBox())!.width).toBe(before + 32);
    await page.keyboard.press('Home');
    await expect(splitter).toHaveAttribute('aria-valuenow', '180');
    await page.keyboard.press('ArrowRight');
    const terminalSplit = page.getByRole('separator', { name: 'Resize the page above the terminal' });
    await terminalSplit.focus();
    const share = Number(await terminalSplit.getAttribute('aria-valuenow'));
    const pagePane = page.locator('#page-pane');
    expect(Math.round((await pagePane.boundingBox())!.height)).toBe(share);
    await page.keyboard.press('Shift+ArrowUp');
    await expect(terminalSplit).toHaveAttribute('aria-valuenow', String(share - 64));
    expect(Math.abs((await pagePane.boundingBox())!.height - (share - 64))).toBeLessThanOrEqual(1);

    await page.reload();
    await terminalReady(page);
    await expect(list).not.toHaveClass(/compact/);
    await expect(splitter).toHaveAttribute('aria-valuenow', '196');
    const remembered = Number(await terminalSplit.getAttribute('aria-valuenow'));
    expect(Math.abs(remembered - (share - 64))).toBeLessThanOrEqual(1);

    await splitter.dblclick();
    await expect(splitter).toHaveAttribute('aria-valuenow', '260');
    // Enter folds the pane it sizes.
    await splitter.focus();
    await page.keyboard.press('Enter');
    await expect(list).toHaveClass(/compact/);
    // The journal, folded by default at this width, opens from its strip on the tab asked for.
    await page.getByRole('button', { name: /^Issues, \d+ open$/ }).click();
    await expect(page.getByRole('tab', { name: /Issues/ })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('separator', { name: 'Resize the journal and issues' })).toHaveAttribute('aria-valuenow', '400');

    // The snapshots page, with the list folded, fits too: its buttons are not cut.
    await page.keyboard.press('Control+Shift+S');
    const snapshots = page.getByRole('region', { name: 'Snapshots' });
    const take = snapshots.getByRole('button', { name: 'Take snapshot' });
    await expect(take).toBeInViewport({ ratio: 1 });
    await page.screenshot({ path: test.info().outputPath('snapshots-1024x640.png') });
  });
});

test.describe('at 1920x1080', () => {
  test.use({ viewport: { width: 1920, height: 1080 } });

  test('every pane shows, at its size', async ({ page }) => {
    await openProject(page, env.server.url, env.project);
    await expect(page.getByRole('navigation', { name: 'Plan steps' })).not.toHaveClass(/compact/);
    await expect(page.getByRole('tab', { name: /Journal/ })).toBeVisible();
    await page.locator('[data-step-id="update-ci"]').click();
    await expect(page.getByRole('button', { name: `Apply to ${WORKFLOWS + 1} files` })).toBeEnabled();
    const [, cols] = await shellSize(page);
    expect(cols).toBeGreaterThanOrEqual(140);
    await page.screenshot({ path: test.info().outputPath('workspace-1920x1080.png') });
  });
});
