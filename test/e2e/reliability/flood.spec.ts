// A flood of output through the terminal with the page attached (issue 10):
// a command prints FLOOD_MB MiB of what a long build
// prints (coloured status lines, warnings, 200 KB lines, 20 MiB lines) into
// the session's shell while xterm.js draws it. The engine's resident memory
// is sampled every second and must stay under 500 MiB; the page must keep
// answering (a round trip through the UI and the engine: the Export dialog's
// guide preview) while it floods; and the journal may grow by a few MB, the
// run keeping its output's head and tail with the cut marked.
// Prints the figures: peak RSS, duration, throughput, round trips, journal growth.
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { cpuSeconds, journalBytes, mib, RssSampler } from '../../helpers/footprint';
import { useServerAndFixture } from '../serverProcess';
import { openProject } from '../workspace';

/**
 * The gigabyte the issue asks for, by default (FLOOD_MB to change it).
 * xterm.js sets the pace: it took 12.4 min here at load average 4 to 8
 * (1.4 MiB/s; engine peak RSS 269 MiB, 67 s of CPU; 142 round trips, median
 * 2.0 s, slowest 5.0 s; journal.sqlite +2.2 MiB, its WAL 4.4 MiB).
 */
const FLOOD_MB = Number(process.env.FLOOD_MB ?? 1024);
const MAX_RSS = 500 * 2 ** 20;
/** A round trip through the page and the engine, on a loaded 2-core machine with xterm.js drawing a flood. */
const ROUND_TRIP_MS = 20_000;
/**
 * The kept head and tail (2 MiB) in journal.sqlite, and the write-ahead log
 * the saves while it ran went through (checkpointed past 1,000 pages, then
 * reused: its size does not add up from run to run).
 */
const MAX_JOURNAL_GROWTH = 8 * 2 ** 20;

const env = useServerAndFixture('photondrift');
const kib = (bytes: number): string => `${Math.round(bytes / 1024).toLocaleString('en')} KiB`;

test(`${FLOOD_MB} MiB through the terminal: bounded engine memory, a responsive page, a bounded journal`, async ({ page }) => {
  // Measured here: see the figures it prints. Generous, so a loaded machine fails on memory or answers, not on time.
  // At least 0.5 MiB/s: a third of what a loaded machine gave.
  test.setTimeout(180_000 + FLOOD_MB * 2_000);
  await openProject(page, env.server.url, env.project);
  const bar = page.locator('.terminal-bar');

  const engine = env.server.process.pid!;
  const memory = new RssSampler(engine, 1000);
  const cpuBefore = cpuSeconds(engine)!;
  const journalBefore = journalBytes(env.server.dataDir);
  const terminal = page.getByTestId('terminal');
  await terminal.click();
  const started = Date.now();
  await page.keyboard.type(`node ${join(__dirname, 'floodOutput.cjs')} ${FLOOD_MB}`);
  await page.keyboard.press('Enter');
  await expect(bar).toContainText('running');

  // While it floods: open the Export dialog, wait for the engine's guide preview, close it; again and again.
  const roundTrips: number[] = [];
  while ((await bar.textContent())?.includes('running')) {
    const sent = Date.now();
    await page.getByRole('button', { name: 'Export guide' }).click();
    await expect(page.getByTestId('guide-preview')).toContainText('# Upgrade to', { timeout: ROUND_TRIP_MS });
    roundTrips.push(Date.now() - sent);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('guide-preview')).toHaveCount(0);
    await page.waitForTimeout(2000);
  }
  const seconds = (Date.now() - started) / 1000;
  memory.stop();
  const engineCpu = cpuSeconds(engine)! - cpuBefore;
  await expect(terminal).toContainText('flood done:');
  const journalAfter = journalBytes(env.server.dataDir);

  // The run's output as the journal keeps it: its head and tail, the cut marked with its size.
  await page.getByRole('tab', { name: /Issues/ }).click();
  const issue = page.getByLabel('Issues', { exact: true }).locator('li', { hasText: 'unused variable' }).first();
  await issue.locator('.issue-head').click();
  await issue.getByRole('button', { name: 'Show output' }).click();
  const dialog = page.getByRole('dialog', { name: /Output of run/ });
  await expect(dialog.locator('.cut-line')).toHaveText(/^… .+ not kept \([\d,]+ bytes\) …$/);
  await expect(dialog).toContainText('its first and last lines are kept');
  await dialog.locator('.cut-line').scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('flood-output.png') });

  const peak = memory.peakBytes;
  const growth = journalAfter.main + journalAfter.wal - journalBefore.main - journalBefore.wal;
  const every = Math.max(1, Math.ceil(memory.samples.length / 60));
  const samples = memory.samples.filter((_, i) => i % every === 0).map((s) => (s.bytes / 2 ** 20).toFixed(0)).join(' ');
  console.log(
    `flood: ${FLOOD_MB} MiB in ${seconds.toFixed(0)} s (${(FLOOD_MB / seconds).toFixed(1)} MiB/s); engine peak RSS ${mib(peak)}, CPU ${engineCpu.toFixed(0)} s; ` +
      `round trips ${roundTrips.length}, slowest ${Math.max(...roundTrips)} ms, median ${roundTrips.sort((a, b) => a - b)[roundTrips.length >> 1]} ms; ` +
      `journal.sqlite ${kib(journalBefore.main)} -> ${kib(journalAfter.main)}, -wal ${kib(journalBefore.wal)} -> ${kib(journalAfter.wal)} ` +
      `(+${(growth / 2 ** 20).toFixed(1)} MiB)\nflood: RSS samples (MiB, every ${every} s): ${samples}`,
  );
  expect(peak).toBeLessThan(MAX_RSS);
  expect(roundTrips.length).toBeGreaterThan(0);
  expect(growth).toBeLessThan(MAX_JOURNAL_GROWTH);
});
