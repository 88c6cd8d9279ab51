// What most specs do first (open a project from the Welcome page) and how they
// read the terminal's screen: one place for each.
import { expect, type Locator, type Page } from '@playwright/test';
import { escapeRegExp } from '../../src/shared/text/escapeRegExp';

/**
 * Opens `project` from the Welcome page at `url`, and waits until the
 * terminal's shell is ready, unless `waitForTerminal` is false (a spec that
 * holds the terminal back, or does not need it).
 */
export async function openProject(page: Page, url: string, project: string, options: { waitForTerminal?: boolean } = {}): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Project folder').fill(project);
  await page.getByRole('button', { name: 'Open project' }).click();
  if (options.waitForTerminal ?? true) await terminalReady(page);
}

/** Waits until the terminal's shell is ready (its bar says so). */
export async function terminalReady(page: Page): Promise<void> {
  await expect(page.locator('.terminal-bar')).toContainText('ready');
}

/** The terminal's rows on screen (xterm.js's DOM renderer draws one div a row). */
export function terminalRows(page: Page): Locator {
  return page.locator('.xterm-rows > div');
}

/** The row whose whole text (spaces around it aside) is `text`, or matches `pattern`. */
export function terminalRow(page: Page, text: string | RegExp): Locator {
  const pattern = typeof text === 'string' ? new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`) : text;
  return terminalRows(page).filter({ hasText: pattern });
}

/** What the screen shows, row by row: trailing spaces and empty rows dropped. */
export async function screenRows(page: Page): Promise<string[]> {
  return (await terminalRows(page).allTextContents()).map((row) => row.trimEnd()).filter(Boolean);
}
