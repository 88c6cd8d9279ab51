// The Electron main process: one window, its security settings, the menu, and
// the engine in its own utility process (engineProcess.ts). The policies live
// in ./security (plain modules, unit-tested without Electron); this file
// wires them to Electron.
import { join } from 'node:path';
import { app, BrowserWindow, dialog, Menu, protocol, session, shell, type WebContents } from 'electron';
import { IPC_CHANNELS } from '../shared/bridge';
import { startLog } from '../core/log/rotatingLog';
import { dataDir, resourcesDir } from './appPaths';
import { cargoJsonFilterFile, runCargoJsonFilter } from './cargoJsonFilterMode';
import { registerDialogIpc, startEngine } from './engineProcess';
import { menuTemplate } from './menuTemplate';
import { APP_ENTRY_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, appUrlPolicy } from './security/appUrl';
import { contentSecurityPolicy } from './security/csp';
import { externalOpener } from './security/externalUrl';
import { hardenContents, hardenSession } from './security/hardening';
import { secureWebPreferences } from './security/webPreferences';

// electron-vite sets ELECTRON_RENDERER_URL in dev; a packaged app never trusts it.
const DEV_URL = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const RENDERER_DIR = join(__dirname, '../renderer');
const isAppUrl = appUrlPolicy(DEV_URL);
const csp = contentSecurityPolicy(DEV_URL);

let mainWindow: BrowserWindow | null = null;

/** Offers a link to the system browser: http(s) only, after the user agreed to the exact URL. */
const openExternal = externalOpener({
  async confirm(url) {
    const options = {
      type: 'question' as const,
      buttons: ['Open in Browser', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      title: 'Open link',
      message: 'Open this address in your browser?',
      detail: url,
    };
    const { response } = await (mainWindow ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options));
    return response === 0;
  },
  open: (url) => shell.openExternal(url),
});

function offerExternal(url: string): void {
  openExternal(url).catch((error: unknown) => console.error('[stepwise] could not open a link', error));
}

function sendMenuCommand(command: string): void {
  if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(IPC_CHANNELS.menu, command);
}

function showAbout(): void {
  const options = {
    type: 'info' as const,
    title: 'About Stepwise',
    message: `Stepwise ${app.getVersion()}`,
    detail: `Electron ${process.versions.electron}\nChromium ${process.versions.chrome}\nNode ${process.versions.node}`,
  };
  void (mainWindow ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options));
}

function createWindow(engine: ReturnType<typeof startEngine>): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    backgroundColor: '#0f1115',
    title: 'Stepwise',
    webPreferences: secureWebPreferences({ preload: join(__dirname, '../preload/index.js'), packaged: app.isPackaged }),
  });
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  engine.attach(window);
  window.loadURL(DEV_URL ?? APP_ENTRY_URL).catch((error: unknown) => console.error('[stepwise] could not load the window', error));
  return window;
}

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

function main(): void {
  app.on('second-instance', focusMainWindow);
  app.on('web-contents-created', (_event, contents: WebContents) => hardenContents(contents, { isAppUrl, openExternal: offerExternal }));
  app.on('render-process-gone', (_event, _contents, details) => console.error(`[stepwise] a page's process is gone: ${details.reason} (exit code ${details.exitCode})`));
  app.on('child-process-gone', (_event, details) => console.error(`[stepwise] ${details.name ?? details.type} process is gone: ${details.reason} (exit code ${details.exitCode})`));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  void app.whenReady().then(() => {
    hardenSession(session.defaultSession, { isAppUrl, csp, rendererDir: RENDERER_DIR });
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate(
          { packaged: app.isPackaged, isMac: process.platform === 'darwin' },
          { openProject: () => sendMenuCommand('open-project'), about: showAbout },
        ),
      ),
    );
    const engine = startEngine({
      isAppUrl,
      onFatal(message) {
        console.error(`[stepwise] the engine cannot run: ${message}`);
        dialog.showErrorBox('Stepwise could not start its engine', message);
        app.quit();
      },
    });
    registerDialogIpc({ mainWindow: () => mainWindow, isAppUrl });
    mainWindow = createWindow(engine);
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow(engine);
    });
  });
}

function startApp(): void {
  // An explicit STEPWISE_HOME (e2e tests, portable setups) also holds Chromium's
  // profile, so such a run neither touches nor locks out the user's own instance.
  if (process.env.STEPWISE_HOME) app.setPath('userData', join(process.env.STEPWISE_HOME, 'electron'));
  // Before ready: app:// is a standard, secure scheme the window's pages load from (security/appUrl.ts).
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
  // Every renderer is sandboxed, whatever its webPreferences say.
  app.enableSandbox();

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  // logs/main.log in the data directory: everything main prints (engine exits and restarts, failures).
  startLog(dataDir(), 'main', 'Stepwise', app.getVersion(), ['log', 'info', 'warn', 'error']);
  main();
}

// Started by the engine as a plan step's cargo JSON filter (cargoJsonFilterMode.ts): no lock, no window.
const filterMessages = cargoJsonFilterFile(process.argv);
if (filterMessages !== null) runCargoJsonFilter(join(resourcesDir(), 'cargo-json', 'filter.cjs'), filterMessages, (code) => app.exit(code));
else startApp();
