// A step's Run waits for new parameters to be applied (issue 13): a run asked
// for while they were still on their way ran the command shown before them
// (realUpgrade.spec.ts had to wait for the new command to show). The page's
// setParams request is held back on its way to the worker that holds the
// WebSocket (engine/workerSocket.ts; Playwright's routeWebSocket sees only
// the page's own sockets), so "being applied" lasts as long as the test
// needs; everything else passes through to the real server.
import { expect, test } from '@playwright/test';
import { useServerAndFixture } from './serverProcess';

const env = useServerAndFixture('photondrift');

test('Run is disabled while new parameters are applied, and enabled with the new command once they are', async ({ page }) => {
  await page.addInitScript(() => {
    // In the page: what the socket's worker is told to send (socketRelay.ts's `send`), setParams held back.
    const page = globalThis as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    const held: (() => void)[] = [];
    const post = page.Worker.prototype.postMessage;
    page.Worker.prototype.postMessage = function (this: unknown, message: { type?: string; text?: string }, ...rest: unknown[]) {
      const send = (): void => post.call(this, message, ...rest);
      if (message?.type === 'send' && message.text?.includes('"session.setParams"')) held.push(send);
      else send();
    };
    page.heldSetParams = () => held.length;
    page.releaseSetParams = () => held.splice(0).forEach((send) => send());
  });
  const release = (): Promise<void> => page.evaluate(() => (globalThis as any).releaseSetParams()); // eslint-disable-line @typescript-eslint/no-explicit-any
  await page.goto(env.server.url);
  await page.getByLabel('Project folder').fill(env.project);
  await page.getByRole('button', { name: 'Open project' }).click();
  await expect(page.locator('.terminal-bar').getByText('ready').first()).toBeVisible();

  const params = page.getByLabel('Parameters');
  await params.getByRole('textbox', { name: 'features' }).fill('--features=wasm');
  await params.getByRole('button', { name: 'Apply parameters' }).click();
  await expect.poll(() => page.evaluate(() => (globalThis as any).heldSetParams())).toBe(1); // eslint-disable-line @typescript-eslint/no-explicit-any

  await page.locator('[data-step-id="check-all-features"]').click();
  const step = page.getByRole('region', { name: 'Step' });
  const run = step.getByRole('button', { name: 'Run', exact: true });
  await expect(step.locator('pre.command')).not.toContainText('--features=wasm'); // still the old command
  await expect(run).toBeDisabled();
  await expect(run).toHaveAttribute('title', /new parameters are being applied/);
  await expect(step.getByRole('status')).toHaveText('Applying the new parameters…');
  await page.screenshot({ path: test.info().outputPath('run-while-applying.png') });
  await page.keyboard.press('Control+Enter'); // nor by its shortcut
  await expect(page.locator('[data-step-id="check-all-features"]')).toHaveAttribute('data-status', 'pending');

  await release();
  await expect(step.locator('pre.command')).toContainText("cargo check '--features=wasm'");
  await expect(run).toBeEnabled();
  await expect(step.getByRole('status')).toHaveCount(0);
});
