// The terminal beyond a bare shell, in browser mode: find (Ctrl+Shift+F),
// URLs that open a tab, and `path:line:col`s that open the editor through the
// engine — here a `code` that records what it was given.
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { useServerAndFixture } from './serverProcess';
import { openProject, terminalRow } from './workspace';

// An editor named `code` (so opened with `-g file:line:col`) that writes its arguments down.
const editorDir = mkdtempSync(join(tmpdir(), 'stepwise-editor-'));
const editorLog = join(editorDir, 'args.txt');
const editor = join(editorDir, 'code');
writeFileSync(editor, `#!/bin/sh\nprintf '%s\\n' "$*" > '${editorLog}'\n`);
chmodSync(editor, 0o755);

const env = useServerAndFixture('photondrift', { git: true, env: { VISUAL: editor } });

/** Points at (and with `click`, clicks) the start of a row: xterm listens on its screen, above the rows. */
async function pointAt(page: Page, target: Locator, click = false): Promise<void> {
  const box = (await target.boundingBox())!;
  await page.mouse.move(box.x + 20, box.y + box.height / 2);
  if (click) await page.mouse.click(box.x + 20, box.y + box.height / 2);
}

async function type(page: Page, command: string): Promise<void> {
  await page.getByTestId('terminal').click();
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
}

test('find in the terminal, open a URL, open a file:line in the editor', async ({ page, context }) => {
  await openProject(page, env.server.url, env.project);
  const terminal = page.getByTestId('terminal');

  // Find: five lines of output and the command itself name the needle.
  await type(page, 'for i in 1 2 3 4 5; do echo "found needle-$i"; done');
  await expect(terminal).toContainText('found needle-5');
  await page.keyboard.press('Control+Shift+F');
  const find = page.getByRole('textbox', { name: 'Find in terminal' });
  await expect(find).toBeFocused();
  await find.fill('needle');
  const count = page.getByTestId('terminal-search-count');
  await expect(count).toHaveText(/^\d of 6$/);
  const first = await count.textContent();
  await find.press('Enter');
  await expect(count).not.toHaveText(first!);
  await expect(count).toHaveText(/^\d of 6$/);
  await find.press('Shift+Enter');
  await expect(count).toHaveText(first!);
  await page.screenshot({ path: test.info().outputPath('terminal-find.png') });
  await find.fill('no-such-word-here');
  await expect(count).toHaveText('No matches');
  await find.press('Escape');
  await expect(page.locator('.terminal-search')).toHaveCount(0);
  // The terminal has the keys again.
  await page.keyboard.type('echo back-in-the-shell');
  await page.keyboard.press('Enter');
  await expect(terminalRow(page, 'back-in-the-shell')).toHaveCount(1);
  // The bar's button opens it too.
  await page.getByRole('button', { name: 'Find in terminal' }).click();
  await expect(find).toBeFocused();
  await find.press('Escape');

  // A URL: underlined under the pointer, and a click opens it in a new tab.
  await context.route('https://example.com/**', (route) => route.fulfill({ body: 'example', contentType: 'text/plain' }));
  await type(page, 'echo https://example.com/x');
  const url = terminalRow(page, 'https://example.com/x');
  await expect(url).toHaveCount(1);
  await pointAt(page, url);
  await expect(page.locator('.xterm-screen')).toHaveClass(/xterm-cursor-pointer/);
  // The DOM renderer underlines the hovered link's cells.
  await expect(url.locator('span[style*="underline"]')).toHaveText('https://example.com/x');
  await page.screenshot({ path: test.info().outputPath('terminal-url.png') });
  const popup = page.waitForEvent('popup');
  await pointAt(page, url, true);
  expect((await popup).url()).toBe('https://example.com/x');

  // A file:line:col: a click asks the engine to open it in $VISUAL.
  await type(page, 'echo src/lib.rs:3:1');
  const file = terminalRow(page, 'src/lib.rs:3:1');
  await expect(file).toHaveCount(1);
  await pointAt(page, file);
  await expect(page.locator('.xterm-screen')).toHaveClass(/xterm-cursor-pointer/);
  await pointAt(page, file, true);
  await expect.poll(() => existsSync(editorLog)).toBe(true);
  expect(readFileSync(editorLog, 'utf8').trim()).toBe(`-g ${join(env.project, 'src/lib.rs')}:3:1`);

  // Outside the project: refused, and said so.
  await type(page, 'echo /etc/hostname.d/x.rs:1:1 ../outside.rs:2:1');
  const outside = terminalRow(page, /^\s*\/etc\/hostname\.d\/x\.rs:1:1 \.\.\/outside\.rs:2:1\s*$/);
  await pointAt(page, outside, true);
  await expect(page.getByRole('alert')).toContainText('outside the project');
  await page.screenshot({ path: test.info().outputPath('terminal-outside.png') });
});

test('the cursor blinks at the prompt only, and nothing animates while a command prints', async ({ page }) => {
  await openProject(page, env.server.url, env.project);
  const blinking = page.locator('.xterm-rows .xterm-cursor.xterm-cursor-blink');
  const cursor = page.locator('.xterm-rows .xterm-cursor');
  await type(page, 'echo waiting; sleep 3; echo slept');
  // A blinking cursor is a CSS animation the page draws every frame for: a flood of output would pay for it.
  await expect(terminalRow(page, 'waiting')).toBeVisible();
  await expect(cursor).toHaveCount(1);
  await expect(blinking).toHaveCount(0);
  // Nor anything else on the page (the tab's busy dot pulsed): the endless animations running, by name and element.
  const endless = (await page.evaluate(`document.getAnimations()
    .filter((a) => a.playState === 'running' && a.effect?.getTiming().iterations === Infinity)
    .map((a) => a.animationName + ' on .' + a.effect.target?.className)`)) as string[];
  expect(endless).toEqual([]);
  await expect(terminalRow(page, 'slept')).toBeVisible({ timeout: 10_000 });
  await expect(blinking).toHaveCount(1);
});
