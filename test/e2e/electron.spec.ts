// Launches the built Electron app (out/main/index.js, via package.json "main")
// and checks that it reaches the welcome screen. Skipped, saying why, where
// Electron's binary was never downloaded.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron, expect, test } from '@playwright/test';

const root = resolve(__dirname, '../..');

/** The Electron executable, or null when `npm install` skipped its download. */
function electronBinary(): string | null {
  try {
    // From Node, require('electron') is the executable's path; it throws when
    // the binary was not downloaded.
    const path: unknown = createRequire(join(root, 'package.json'))('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const executablePath = electronBinary();

test.skip(
  executablePath === null,
  'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD): run `node node_modules/electron/install.js` to enable this spec',
);

test.describe('Electron app', () => {
  let home: string;

  test.beforeAll(() => {
    test.setTimeout(10 * 60_000);
    expect(existsSync(join(root, 'out', 'main', 'index.js')), 'build first: npx electron-vite build').toBe(true);
    // The engine needs better-sqlite3 built for Electron (what `npm start` does).
    execFileSync(process.execPath, [join(root, 'scripts', 'electron-native.mjs')], { cwd: root, stdio: 'inherit' });
  });

  test.beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'stepwise-e2e-'));
  });

  test.afterEach(() => {
    rmSync(home, { recursive: true, force: true });
  });

  test('opens a window on the welcome screen', async () => {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
    env.STEPWISE_HOME = home;
    delete env.ELECTRON_RENDERER_URL; // load the built renderer, not a dev server
    delete env.ELECTRON_RUN_AS_NODE;

    // Chromium refuses to run as root with its OS sandbox (CI containers).
    const args = process.getuid?.() === 0 ? ['--no-sandbox', root] : [root];
    const app = await _electron.launch({ executablePath: executablePath!, args, cwd: root, env });
    try {
      const window = await app.firstWindow();
      await expect(window).toHaveTitle(/Stepwise/);
      await expect(window.getByRole('button', { name: /open project/i })).toBeVisible();
      // Served from the app's own scheme (src/main/security/appProtocol.ts), not file://, with no Node in the page.
      expect(window.url()).toBe('app://stepwise/index.html');
      expect(await window.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
      // Both processes log into the data directory.
      for (const log of ['main.log', 'engine.log']) {
        await expect.poll(() => existsSync(join(home, 'logs', log)), { message: log }).toBe(true);
      }
    } finally {
      await app.close();
    }
  });
});
