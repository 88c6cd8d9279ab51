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
// Chromium is driven over a bare DevTools connection (helpers/bareChromium.ts),
// not Playwright: Playwright has Chromium send it every WebSocket frame, which
// made the session's 10 MB cost the machine's 2 cores a quarter more time.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { it } from 'vitest';
import { JOURNAL_FILE } from '../../src/core/platform/fs/paths';
import { launchBareChromium, type BareChromium, type BarePage } from '../helpers/bareChromium';
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

const js = (value: unknown): string => JSON.stringify(value);

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The session's project opened, its terminal ready; where the terminal is, in pixels. */
async function openSession(page: BarePage, url: string, project: string): Promise<Box> {
  await page.goto(url);
  await page.waitFor(`document.getElementById('project-path')`, GIVE_UP_MS, 'the Welcome page');
  // As typing does: React reads the input's value on its `input` event.
  await page.evaluate(`(() => {
    const input = document.getElementById('project-path');
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, ${js(project)});
    input.dispatchEvent(new Event('input', { bubbles: true }));
  })()`);
  const open = `[...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Open project')`;
  await page.waitFor(`${open} && !${open}.disabled`, GIVE_UP_MS, '"Open project" to be enabled');
  await page.evaluate(`${open}.click()`);
  await page.waitFor(`[...document.querySelectorAll('.terminal-bar')].some((bar) => bar.textContent.includes('ready'))`, GIVE_UP_MS, 'the terminal to be ready');
  // Opening a project scans it and asks rustup, rustc and cargo about the toolchain (eight processes, a
  // second or two of CPU): done before the cat, so that it is the terminal that is timed, not the two sharing the CPU.
  // (The overview asks for them; a page reopened on another view asks nothing.)
  for (const pending of ['Scanning the project…', "Checking whether the plan's target can work…"]) {
    await page.waitFor(`!document.body.innerText.includes(${js(pending)})`, GIVE_UP_MS, `"${pending}" to end`);
  }
  return page.evaluate(`(() => {
    const box = document.querySelector('[data-testid=terminal]').getBoundingClientRect();
    return { x: box.x, y: box.y, width: box.width, height: box.height };
  })()`);
}

/** `cat file` typed in the session's terminal: the run's duration as journaled, in ms. */
async function catInSession(page: BarePage, url: string, project: string, journal: string, file: string): Promise<number> {
  const box = await openSession(page, url, project);
  const db = new Database(journal, { readonly: true });
  try {
    const command = `cat ${file}`;
    const last = db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM runs').get() as { id: number };
    await page.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.typeLine(command);
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

/** The bare page's files, from node_modules, on a loopback port. */
async function serveBarePage(data: string): Promise<{ server: Server; url: string }> {
  const modules = join(ROOT, 'node_modules/@xterm');
  const files: Record<string, [string, string]> = {
    '/xterm.js': [join(modules, 'xterm/lib/xterm.js'), 'text/javascript'],
    '/xterm.css': [join(modules, 'xterm/css/xterm.css'), 'text/css'],
    '/fit.js': [join(modules, 'addon-fit/lib/addon-fit.js'), 'text/javascript'],
  };
  const page = `<!doctype html><link rel="stylesheet" href="/xterm.css"><script src="/xterm.js"></script><script src="/fit.js"></script>
<body style="margin:0;background:#0b0d12"><div id="t"></div></body>`;
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const file = files[path];
    if (path === '/data.txt') response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(data);
    else if (file) response.writeHead(200, { 'content-type': file[1] }).end(readFileSync(file[0]));
    else response.writeHead(200, { 'content-type': 'text/html' }).end(page);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

/** xterm.js alone, in a box of `size`: ms from `write()` of the page's data to its callback. */
async function bareWrite(page: BarePage, url: string, size: Box): Promise<number> {
  await page.goto(url);
  return page.evaluate(`(async () => {
    const text = await (await fetch('/data.txt')).text();
    const host = document.getElementById('t');
    host.style.width = '${size.width}px';
    host.style.height = '${size.height}px';
    const term = new Terminal(${js(TERMINAL_OPTIONS)});
    const fit = new FitAddon.FitAddon();
    term.loadAddon(fit);
    term.open(host);
    fit.fit();
    await new Promise((done) => requestAnimationFrame(done));
    const start = performance.now();
    await new Promise((done) => term.write(text, done));
    return performance.now() - start;
  })()`);
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
  const barePage = await serveBarePage(data);
  let browser: BareChromium | null = null;
  try {
    browser = await launchBareChromium();
    const fresh = async <T>(use: (page: BarePage) => Promise<T>): Promise<T> => {
      const page = await (browser as BareChromium).newPage(VIEWPORT);
      try {
        return await use(page);
      } finally {
        await page.close();
      }
    };
    const size = await fresh((page) => openSession(page, server.url, project));
    const journal = join(dataDir, JOURNAL_FILE);
    // Warm-up of both, then RUNS of each, alternating.
    await fresh((page) => bareWrite(page, barePage.url, size));
    await fresh((page) => catInSession(page, server.url, project, journal, file));
    const baseline: number[] = [];
    const session: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      baseline.push(await fresh((page) => bareWrite(page, barePage.url, size)));
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
        "  both sides: xterm.js's DOM renderer, a steady cursor, Chromium driven over a bare DevTools connection; the cat typed once the project's scan and preflight were done",
        `  baseline runs (ms): ${baseline.map((ms) => ms.toFixed(0)).join(', ')}`,
        `  session runs (ms):  ${session.join(', ')}`,
        `  xterm.js write() in a bare page:        ${b.toFixed(0)} ms  ${mbps(b)}  (baseline)`,
        `  cat in a Stepwise session (journaled):  ${s} ms  ${mbps(s)}  ${(b / s).toFixed(2)}x the baseline's throughput (target >= 0.8x)`,
        `  run by run (baseline / session): ${pairs.map((r) => r.toFixed(2)).join(', ')}; median ${median(pairs).toFixed(2)}x`,
      ].join('\n'),
    );
  } finally {
    await browser?.close();
    barePage.server.close();
    server.child.kill('SIGTERM');
    await new Promise((done) => (server.child.exitCode !== null ? done(null) : server.child.once('exit', done)));
    rmSync(tmp, { recursive: true, force: true });
  }
});
