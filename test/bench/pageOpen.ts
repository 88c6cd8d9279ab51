// `npm run bench` (page open): a long session opened in Chromium, as a user
// opens it. A journal of 10,000 runs and 100,000 issues (test/helpers/
// largeJournal.ts), plus one run that printed 300,000 lines, is served by
// the built `stepwise serve`; the page opens its project and the times are
// taken until the Issues panel shows its first rows, and until that run's
// output shows its first lines once its row in the Journal is expanded.
// Beside them, the same page on a project whose session is empty: the
// baseline of this run. Medians of RUNS, a fresh page each time.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { chromium, type Browser, type Page } from 'playwright-core';
import { it } from 'vitest';
import { JOURNAL_FILE } from '../../src/core/platform/fs/paths';
import { writeLargeJournal } from '../helpers/largeJournal';
import { serveBuilt } from '../helpers/builtServer';

const ROOT = join(__dirname, '../..');
const WORK = join(ROOT, '.cache/bench/page-open');
const RUNS = Number(process.env.PAGE_OPEN_RUNS ?? 5);
const SIZE = { runs: 10_000, issues: 100_000 };
const OUTPUT_LINES = 300_000;
/** How long one measurement may take before it is reported as "over" this. */
const GIVE_UP_MS = 60_000;

function crate(dir: string, name: string): string {
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'Cargo.toml'), `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\n`);
  writeFileSync(join(dir, 'src/lib.rs'), 'pub fn answer() -> u32 { 42 }\n');
  return dir;
}

/** The data folder: the large session, one 300k-line run in it, and an empty session on another crate. */
function prepare(): { dataDir: string; large: string; empty: string; longRunId: number } {
  const dataDir = join(WORK, 'data');
  const large = crate(join(WORK, 'large-crate'), 'large_crate');
  const empty = crate(join(WORK, 'empty-crate'), 'empty_crate');
  const longRunId = SIZE.runs + 1;
  const journalFile = join(dataDir, JOURNAL_FILE);
  if (existsSync(journalFile)) return { dataDir, large, empty, longRunId };
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const { sessionId } = writeLargeJournal(journalFile, SIZE, large);
  const output = Array.from({ length: OUTPUT_LINES }, (_, i) => `test module_${i % 400}::case_${i} ... ok\n`).join('');
  const db = new Database(journalFile);
  db.transaction(() => {
    db.prepare(
      `INSERT INTO runs (id, session_id, step_id, command, cwd, started_at, ended_at, exit_code, duration_ms, status, output_bytes, output_kept_bytes)
       VALUES (?, ?, NULL, 'cargo test --workspace', ?, '2026-11-30T09:00:00.000Z', '2026-11-30T09:04:00.000Z', 0, 240000, 'passed', ?, ?)`,
    ).run(longRunId, sessionId, large, output.length, output.length);
    db.prepare('INSERT INTO run_output (run_id, seq, chunk) VALUES (?, 0, ?)').run(longRunId, output);
  })();
  db.close();
  return { dataDir, large, empty, longRunId };
}

/** Milliseconds from the click that opens the project until the Issues panel shows its first row (or says it has none). */
async function openIssues(page: Page, url: string, project: string): Promise<number> {
  await page.goto(url);
  await page.getByLabel('Project folder').fill(project);
  const start = Date.now();
  await page.getByRole('button', { name: 'Open project' }).click();
  await page.getByRole('tab', { name: /Issues/ }).click({ timeout: GIVE_UP_MS });
  const panel = page.getByLabel('Issues', { exact: true }).or(page.locator('.tab-body .empty'));
  await panel.locator('li').first().or(page.locator('.tab-body .empty')).first().waitFor({ timeout: GIVE_UP_MS });
  return Date.now() - start;
}

/** Milliseconds from the click on a run's row in the Journal until its output shows `firstLine`. */
async function openOutput(page: Page, runId: number, firstLine: string): Promise<number> {
  await page.getByRole('tab', { name: /Journal/ }).click();
  // The Journal draws only the runs on screen: scrolled to its end (the newest runs), as a user would,
  // again while rows drawn there for the first time turn out taller than estimated.
  const head = page.locator(`[data-run-id="${runId}"] .run-head`);
  const list = page.locator('.run-scroll');
  for (const until = Date.now() + GIVE_UP_MS; (await head.count()) === 0 && Date.now() < until; ) {
    await list.evaluate((l) => l.scrollTo({ top: l.scrollHeight }));
    await page.waitForTimeout(50);
  }
  await head.scrollIntoViewIfNeeded({ timeout: GIVE_UP_MS });
  const start = Date.now();
  await head.click();
  await page.locator(`[data-run-id="${runId}"]`).getByText(firstLine, { exact: false }).first().waitFor({ timeout: GIVE_UP_MS });
  return Date.now() - start;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const shown = (ms: number | null): string => (ms === null ? `over ${GIVE_UP_MS / 1000} s` : `${ms} ms`);

it('page open: Issues panel and a long run output on 10,000 runs and 100,000 issues, against an empty session', async () => {
  if (!existsSync(join(ROOT, 'out/main/cli.js'))) throw new Error('build the app first (npm run bench builds it)');
  const { dataDir, large, empty, longRunId } = prepare();
  const server = await serveBuilt(dataDir);
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
    const timed = async (measure: (page: Page) => Promise<number>): Promise<number | null> => {
      const page = await (browser as Browser).newPage({ viewport: { width: 1440, height: 900 } });
      try {
        return await measure(page);
      } catch (error) {
        // Reported as "over": why it gave up is told once, so a broken page is not mistaken for a slow one.
        console.log(`page open: gave up: ${(error as Error).message.split('\n')[0]}`);
        return null;
      } finally {
        await page.close();
      }
    };
    const baseline: number[] = [];
    const issues: (number | null)[] = [];
    const output: (number | null)[] = [];
    for (let i = 0; i < RUNS; i++) {
      const b = await timed((page) => openIssues(page, server.url, empty));
      if (b !== null) baseline.push(b);
      // A page that gave up once is not kept waiting on again: one "over" is the figure.
      if (!issues.includes(null)) issues.push(await timed((page) => openIssues(page, server.url, large)));
      if (!output.includes(null)) {
        output.push(
          await timed(async (page) => {
            await openIssues(page, server.url, large);
            return openOutput(page, longRunId, 'test module_0::case_0 ... ok');
          }),
        );
      }
    }
    const settled = (xs: (number | null)[]): number | null => (xs.some((x) => x === null) ? null : median(xs as number[]));
    const base = baseline.length ? median(baseline) : null;
    const issuesMs = settled(issues);
    const outputMs = settled(output);
    const ratio = (ms: number | null): string => (ms === null || !base ? '—' : `${(ms / base).toFixed(2)}x`);
    console.log(
      [
        '',
        `page open in Chromium, medians of ${RUNS} (10,000 runs, 100,000 issues; one run of ${OUTPUT_LINES.toLocaleString('en')} lines)`,
        `  empty session, Issues panel shown:         ${shown(base)}  (baseline)`,
        `  large session, Issues panel first rows:    ${shown(issuesMs)}  ${ratio(issuesMs)}  (target under 1 s)`,
        `  300k-line run output, first lines:         ${shown(outputMs)}  (target under 200 ms)`,
      ].join('\n'),
    );
  } finally {
    await browser?.close();
    server.child.kill('SIGTERM');
  }
});
