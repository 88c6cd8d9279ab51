// Issue 13, problem 2: a cargo step types its command as written. In the
// terminal, in the shell's history and under the Up arrow it is the step's
// `cargo check --all-features`, never the plumbing that captures cargo's JSON;
// and the issue still comes from JSON. In bash and in zsh, as the login shell.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { useServerAndFixture } from './serverProcess';
import { openProject, terminalRow, screenRows } from './workspace';

const COMMAND = 'cargo check --all-features';
// Tall enough that the typed line, cargo's output and the history listing are all on screen (the DOM holds the screen's rows only).
test.use({ viewport: { width: 1440, height: 1700 } });
const PLUMBING = /message-format|filter\.cjs|PIPESTATUS|pipestatus|CARGO_TERM_COLOR/;

for (const { shell, name, history } of [
  { shell: '/bin/bash', name: 'bash', history: 'history' },
  { shell: '/usr/bin/zsh', name: 'zsh', history: 'fc -l' },
]) {
  test.describe(name, () => {
    const env = useServerAndFixture('photondrift', { git: true, env: { SHELL: shell } });

    test(`a cargo step in ${name}: the step's command in the terminal, in history and under the Up arrow`, async ({ page }) => {
      // A second warning of one lint: rustc's text names the lint at the first only, cargo's JSON at each.
      appendFileSync(join(env.project, 'src/plugins.rs'), '\npub fn second_warning() {\n    let also_unused = 1;\n}\n');
      await openProject(page, env.server.url, env.project);
      const step = page.locator('[data-step-id="check-all-features"]');
      await step.click();
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      await expect(step).toHaveAttribute('data-status', 'failed', { timeout: 90_000 });
      const terminal = page.getByTestId('terminal');
      await expect(terminal).toContainText('could not compile');
      // The line typed at the prompt is the step's command, word for word.
      await expect(terminalRow(page, new RegExp(`[#$%>] ${COMMAND}\\s*$`))).toHaveCount(1);

      // The shell's own record of it.
      await terminal.click();
      await page.keyboard.type(`${history}`);
      await page.keyboard.press('Enter');
      const listed = terminalRow(page, new RegExp(`^\\s*\\d+\\*?\\s+${COMMAND}\\s*$`));
      await expect(listed).toHaveCount(1);
      // Up twice: past the listing, the step's command, ready to run again as it was.
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('ArrowUp');
      await expect(terminalRow(page, new RegExp(`[#$%>] ${COMMAND}\\s*$`))).toHaveCount(2);
      await page.screenshot({ path: test.info().outputPath(`shell-history-${name}.png`) });
      expect((await screenRows(page)).join('\n')).not.toMatch(PLUMBING);
      await page.keyboard.press('Control+C');

      // The issues came from cargo's JSON: the second warning carries its lint's name.
      await page.getByRole('tab', { name: /Issues/ }).click();
      const issues = page.getByLabel('Issues', { exact: true });
      await expect(issues.locator('li', { hasText: 'E0432' })).toContainText('src/plugins.rs:7:5');
      await expect(issues.locator('li', { hasText: 'unused variable: `also_unused`' }).locator('.issue-code')).toHaveText('unused_variables');
    });
  });
}
