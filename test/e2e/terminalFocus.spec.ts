// A terminal whose shell starts while the user types in a field does not take
// the keys: what they type must not land in the shell. (realUpgrade.spec.ts
// failed so on a slow machine: its fill of to_rust went to the prompt.) The
// page's terminal.open is held until the user is typing; with no field in use,
// a new terminal takes the keys as before.
import { expect, test } from '@playwright/test';
import { holdRequests } from './holdRequests';
import { useServerAndFixture } from './serverProcess';
import { openProject, terminalRow, screenRows, terminalReady } from './workspace';

const env = useServerAndFixture('photondrift');

test('a shell that starts while the user types a parameter leaves the keys in the field', async ({ page }) => {
  const opening = await holdRequests(page, 'terminal.open');
  await openProject(page, env.server.url, env.project, { waitForTerminal: false });
  const toRust = page.getByLabel('Parameters').getByRole('textbox', { name: 'to_rust' });
  await toRust.fill('sta');
  await expect.poll(() => opening.count()).toBe(1);

  await opening.release();
  await terminalReady(page);
  await expect.poll(async () => (await screenRows(page)).at(-1) ?? '').toMatch(/[#$%>]$/);
  await page.keyboard.type('ble');
  await expect(toRust).toBeFocused();
  await expect(toRust).toHaveValue('stable');
  expect((await screenRows(page)).at(-1)).toMatch(/[#$%>]$/); // nothing typed at the prompt
  await page.getByLabel('Parameters').getByRole('button', { name: 'Apply parameters' }).click();
  await expect(page.getByTestId('param-source-to_rust')).toHaveText('set by you');
});

test('with no field in use, a new terminal takes the keys', async ({ page }) => {
  await openProject(page, env.server.url, env.project);
  await page.keyboard.type('echo focus-$((40 + 2))');
  await page.keyboard.press('Enter');
  await expect(terminalRow(page, 'focus-42')).toHaveCount(1);
});
