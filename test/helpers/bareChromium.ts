// A headless Chromium driven over a bare DevTools connection that enables
// no domain but Runtime and Input: for benchmarks of pages that move a lot
// over a WebSocket. Playwright enables the Network domain on every page and
// worker, so Chromium sends it each WebSocket frame's payload (base64, in
// JSON): for a 10 MB flood that cost the browser and test processes about
// half a second of CPU on a 2-core machine, which no user's browser spends.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';

const EXECUTABLE = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface BarePage {
  /** Evaluates `expression` in the page (awaiting a promise); its value, JSON-cloned. Throws with the page's error. */
  evaluate<T>(expression: string): Promise<T>;
  /** Navigates and waits until the document has loaded. */
  goto(url: string): Promise<void>;
  /** A real click (mouse pressed and released) at page coordinates. */
  click(x: number, y: number): Promise<void>;
  /** Types `text` as key presses, then presses Enter. */
  typeLine(text: string): Promise<void>;
  /** Polls `expression` until it is truthy. */
  waitFor(expression: string, timeoutMs: number, what: string): Promise<void>;
  close(): Promise<void>;
}

export interface BareChromium {
  newPage(viewport: { width: number; height: number }): Promise<BarePage>;
  close(): Promise<void>;
}

export async function launchBareChromium(): Promise<BareChromium> {
  const profile = mkdtempSync(join(tmpdir(), 'stepwise-chromium-'));
  const child = spawn(EXECUTABLE, ['--headless=new', '--no-sandbox', '--no-first-run', '--no-default-browser-check', '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    // Its own process group: closing ends its helpers (renderers, GPU, utilities) too, which write to the profile.
    detached: true,
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`Chromium printed no DevTools endpoint in 30 s: ${err.slice(-500)}`)), 30_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const found = /DevTools listening on (ws:\/\/\S+)/.exec(err);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`Chromium exited with ${code}: ${err.slice(-500)}`)));
  });
  const http = endpoint.replace(/^ws:\/\/([^/]+)\/.*$/, 'http://$1');
  const browser = await Connection.open(endpoint);
  return {
    async newPage(viewport) {
      const { targetId } = await browser.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' });
      const page = await Connection.open(`${http.replace('http', 'ws')}/devtools/page/${targetId}`);
      await page.send('Emulation.setDeviceMetricsOverride', { ...viewport, deviceScaleFactor: 1, mobile: false });
      return barePage(page, () => browser.send('Target.closeTarget', { targetId }).then(() => undefined));
    },
    async close() {
      browser.close();
      await endGroup(child);
      // Every process that wrote to the profile is gone: removing it cannot race one (it did, with ENOTEMPTY).
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Ends the process group `child` leads, and waits until none of it is left: SIGTERM, then SIGKILL after 5 s. */
async function endGroup(child: ChildProcess): Promise<void> {
  /** Signals the group; false once none of it is left (ESRCH). */
  const signal = (name: NodeJS.Signals | 0): boolean => {
    try {
      process.kill(-child.pid!, name);
      return true;
    } catch {
      return false;
    }
  };
  signal('SIGTERM');
  for (const until = Date.now() + 5_000; signal(0); ) {
    if (Date.now() > until) signal('SIGKILL');
    await new Promise((done) => setTimeout(done, 20));
  }
}

function barePage(cdp: Connection, closeTarget: () => Promise<void>): BarePage {
  const evaluate = async <T>(expression: string): Promise<T> => {
    const { result, exceptionDetails } = await cdp.send<{ result: { value?: T }; exceptionDetails?: { exception?: { description?: string }; text: string } }>(
      'Runtime.evaluate',
      { expression, awaitPromise: true, returnByValue: true },
    );
    if (exceptionDetails) throw new Error(`in the page: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    return result.value as T;
  };
  const key = async (type: 'keyDown' | 'keyUp', params: Record<string, unknown>): Promise<void> => void (await cdp.send('Input.dispatchKeyEvent', { type, ...params }));
  const page: BarePage = {
    evaluate,
    async goto(url) {
      await cdp.send('Page.navigate', { url });
      await page.waitFor(`document.readyState === 'complete' && location.href !== 'about:blank'`, 30_000, `${url} to load`);
    },
    async click(x, y) {
      for (const type of ['mousePressed', 'mouseReleased']) await cdp.send('Input.dispatchMouseEvent', { type, x, y, button: 'left', clickCount: 1 });
    },
    async typeLine(text) {
      for (const char of text) {
        await key('keyDown', { text: char, key: char, unmodifiedText: char });
        await key('keyUp', { key: char });
      }
      await key('keyDown', { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, text: '\r', unmodifiedText: '\r' });
      await key('keyUp', { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13 });
    },
    async waitFor(expression, timeoutMs, what) {
      for (const until = Date.now() + timeoutMs; Date.now() < until; ) {
        if (await evaluate<boolean>(`Boolean(${expression})`)) return;
        await new Promise((done) => setTimeout(done, 50));
      }
      throw new Error(`waited ${timeoutMs / 1000} s for ${what}`);
    },
    async close() {
      cdp.close();
      await closeTarget();
    },
  };
  return page;
}

/** One DevTools WebSocket: commands by id, their answers. */
class Connection {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: { message: string } };
      const waiting = message.id === undefined ? undefined : this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id!);
      if (message.error) waiting.reject(new Error(message.error.message));
      else waiting.resolve(message.result);
    });
    socket.on('close', () => {
      for (const { reject } of this.pending.values()) reject(new Error('the DevTools connection closed'));
      this.pending.clear();
    });
  }

  static async open(url: string): Promise<Connection> {
    const socket = new WebSocket(url, { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new Connection(socket);
  }

  send<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  close(): void {
    this.socket.close();
  }
}
