// `npm run bench terminal throughput`: a 10 MB `ls -lR` cat'ed in a real
// Stepwise session (the built `stepwise serve`, its page in Chromium), its
// duration as journaled: flow control makes the shell wait for the page, so
// the run lasts until the page has nearly parsed it all. The baseline, in the
// same Chromium and the same run: a bare page with xterm.js from
// node_modules, same size and font, timing `term.write()` of the same bytes
// (newlines as the pty sends them, CRLF) until its callback. Medians of RUNS,
// alternating, a fresh page each time. Target: the session at >= 0.8x the
// baseline's throughput. The cat is typed once the project's scan and
// preflight (run on opening it) are done. Both sides use xterm.js's DOM
// renderer with a steady cursor (the session blinks it only at the prompt).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { chromium, type Browser, type Page } from 'playwright-core';
import { it } from 'vitest';
import { JOURNAL_FILE } from '../../src/core/platform/fs/paths';
import { serveBuilt } from '../helpers/builtServer';

const ROOT = join(__dirname, '../..');
const WORK = join(ROOT, '.cache/bench/terminal-throughput');
const RUNS = Number(process.env.TERMINAL_THROUGHPUT_RUNS ?? 5);
const SIZE = 10 * 1024 * 1024;
const VIEWPORT = { width: 1440, height: 900 };
const GIVE_UP_MS = 120_000;

/** About 10 MB of `ls -lR /usr` (whole lines), once; cached. */
function lsFile(): string {
  const file = join(WORK, 'ls-lR-10mb.txt');
  if (existsSync(file) && statSync(file).size > SIZE * 0.9) return file;
  mkdirSync(WORK, { recursive: true });
  let text = '';
  for (const dir of ['/usr', '/etc', '/var', '/opt']) {
    if (text.length >= SIZE) break;
    try {
      text += execFileSync('ls', ['-lR', dir], { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] });
    } catch (error) {
      text += (error as { stdout?: string }).stdout ?? ''; // unreadable folders: what it could list
    }
  }
  if (text.length < SIZE * 0.9) throw new Error(`ls -lR gave only ${text.length} bytes`);
  writeFileSync(file, text.slice(0, text.lastIndexOf('\n', SIZE) + 1));
  return file;
}

function crate(dir: string): string {
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'Cargo.toml'), '[package]\nname = "flood"\nversion = "0.1.0"\nedition = "2021"\n');
  writeFileSync(join(dir, 'src/lib.rs'), 'pub fn answer() -> u32 { 42 }\n');
  return dir;
}

const TERMINAL_OPTIONS = { fontFamily: 'ui-monospace, "JetBrains Mono", "DejaVu Sans Mono", Menlo, monospace', fontSize: 13, scrollback: 10_000 };

/** The session's project opened, its terminal ready; the terminal's size in pixels. */
async function openSession(page: Page, url: string, project: string): Promise<{ width: number; height: number }> {
  await page.goto(url);
  await page.getByLabel('Project folder').fill(project);
  await page.getByRole('button', { name: 'Open project' }).click();
  await page.locator('.terminal-bar').getByText('ready').first().waitFor({ timeout: GIVE_UP_MS });
  // Opening a project scans it and asks rustup, rustc and cargo about the toolchain (eight processes, a
  // second or two of CPU): done before the cat, so that it is the terminal that is timed, not the two sharing the CPU.
  // (The overview asks for them; a page reopened on another view asks nothing.)
  for (const pending of ['Scanning the project…', "Checking whether the plan's target can work…"]) {
    await page.getByText(pending).waitFor({ state: 'detached', timeout: GIVE_UP_MS });
  }
  const box = await page.getByTestId('terminal').first().boundingBox();
  if (!box) throw new Error('the terminal is not shown');
  return { width: box.width, height: box.height };
}

/** `cat file` typed in the session's terminal: the run's duration as journaled, in ms. */
async function catInSession(page: Page, url: string, project: string, journal: string, file: string): Promise<number> {
  await openSession(page, url, project);
  const db = new Database(journal, { readonly: true });
  try {
    const command = `cat ${file}`;
    const last = db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM runs').get() as { id: number };
    await page.getByTestId('terminal').first().click();
    await page.keyboard.type(command);
    await page.keyboard.press('Enter');
    const query = db.prepare('SELECT duration_ms, exit_code FROM runs WHERE id > ? AND command = ? AND ended_at IS NOT NULL');
    for (const until = Date.now() + GIVE_UP_MS; Date.now() < until; ) {
      const run = query.get(last.id, command) as { duration_ms: number; exit_code: number } | undefined;
      if (run) {
        if (run.exit_code !== 0) throw new Error(`\`${command}\` exited with ${run.exit_code}`);
        return run.duration_ms;
      }
      await new Promise((done) => setTimeout(done, 50));
    }
    throw new Error(`\`${command}\` was not journaled as ended within ${GIVE_UP_MS / 1000} s`);
  } finally {
    db.close();
  }
}

/** xterm.js alone, in a box of `size`: ms from `write()` of `data` to its callback. */
async function bareWrite(page: Page, size: { width: number; height: number }, data: string): Promise<number> {
  const origin = 'http://bench.invalid';
  const modules = join(ROOT, 'node_modules/@xterm');
  const files: Record<string, [string, string]> = {
    '/xterm.js': [join(modules, 'xterm/lib/xterm.js'), 'text/javascript'],
    '/xterm.css': [join(modules, 'xterm/css/xterm.css'), 'text/css'],
    '/fit.js': [join(modules, 'addon-fit/lib/addon-fit.js'), 'text/javascript'],
  };
  await page.route(`${origin}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/data.txt') return route.fulfill({ body: data, contentType: 'text/plain; charset=utf-8' });
    const file = files[path];
    if (file) return route.fulfill({ body: readFileSync(file[0]), contentType: file[1] });
    return route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><link rel="stylesheet" href="/xterm.css"><script src="/xterm.js"></script><script src="/fit.js"></script>
<body style="margin:0;background:#0b0d12"><div id="t" style="width:${size.width}px;height:${size.height}px"></div></body>`,
    });
  });
  await page.goto(`${origin}/`);
  return page.evaluate(async (options) => {
    // In the page (this file is typed without the DOM): xterm.js's UMD build puts its exports on the window.
    const page = globalThis as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    const text: string = await (await page.fetch('/data.txt')).text();
    const term = new page.Terminal(options);
    const fit = new page.FitAddon.FitAddon();
    term.loadAddon(fit);
    term.open(page.document.getElementById('t'));
    fit.fit();
    await new Promise((done) => page.requestAnimationFrame(done));
    const start = performance.now();
    await new Promise<void>((done) => term.write(text, done));
    return performance.now() - start;
  }, TERMINAL_OPTIONS);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

it('terminal throughput: 10 MB of ls -lR cat in a session, against xterm.js write() in a bare page', async () => {
  if (!existsSync(join(ROOT, 'out/main/cli.js'))) throw new Error('build the app first (npm run bench builds it)');
  const file = lsFile();
  const bytes = statSync(file).size;
  const data = readFileSync(file, 'utf8').replace(/\n/g, '\r\n'); // what the pty sends (onlcr)
  const tmp = mkdtempSync(join(tmpdir(), 'stepwise-throughput-'));
  const dataDir = join(tmp, 'data');
  const project = crate(join(tmp, 'crate'));
  const server = await serveBuilt(dataDir);
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
    const fresh = async <T>(use: (page: Page) => Promise<T>): Promise<T> => {
      const page = await (browser as Browser).newPage({ viewport: VIEWPORT });
      try {
        return await use(page);
      } finally {
        await page.close();
      }
    };
    const size = await fresh((page) => openSession(page, server.url, project));
    const journal = join(dataDir, JOURNAL_FILE);
    // Warm-up of both, then RUNS of each, alternating.
    await fresh((page) => bareWrite(page, size, data));
    await fresh((page) => catInSession(page, server.url, project, journal, file));
    const baseline: number[] = [];
    const session: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      baseline.push(await fresh((page) => bareWrite(page, size, data)));
      session.push(await fresh((page) => catInSession(page, server.url, project, journal, file)));
    }
    const mbps = (ms: number): string => `${(bytes / 1024 / 1024 / (ms / 1000)).toFixed(1)} MiB/s`;
    const b = median(baseline);
    const s = median(session);
    // Each session run against the baseline run just before it: the two met the same load on the machine.
    const pairs = session.map((ms, i) => baseline[i]! / ms);
    console.log(
      [
        '',
        `terminal throughput in Chromium, ${(bytes / 1024 / 1024).toFixed(1)} MiB of ls -lR, ${Math.round(size.width)}x${Math.round(size.height)} px, medians of ${RUNS}`,
        "  both sides: xterm.js's DOM renderer, a steady cursor; the cat typed once the project's scan and preflight were done",
        `  baseline runs (ms): ${baseline.map((ms) => ms.toFixed(0)).join(', ')}`,
        `  session runs (ms):  ${session.join(', ')}`,
        `  xterm.js write() in a bare page:        ${b.toFixed(0)} ms  ${mbps(b)}  (baseline)`,
        `  cat in a Stepwise session (journaled):  ${s} ms  ${mbps(s)}  ${(b / s).toFixed(2)}x the baseline's throughput (target >= 0.8x)`,
        `  run by run (baseline / session): ${pairs.map((r) => r.toFixed(2)).join(', ')}; median ${median(pairs).toFixed(2)}x`,
      ].join('\n'),
    );
  } finally {
    await browser?.close();
    server.child.kill('SIGTERM');
    await new Promise((done) => (server.child.exitCode !== null ? done(null) : server.child.once('exit', done)));
    rmSync(tmp, { recursive: true, force: true });
  }
});
