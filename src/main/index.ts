// The Electron main process: one window, its security settings, the menu, and
// the engine in its own utility process (engineProcess.ts).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  Menu,
  session,
  shell,
  type MenuItemConstructorOptions,
  type WebContents,
} from 'electron';
import { IPC_CHANNELS } from '../shared/bridge';
import { registerDialogIpc, startEngine } from './engineProcess';

// electron-vite sets ELECTRON_RENDERER_URL in dev; a packaged app never trusts it.
const DEV_URL = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const RENDERER_INDEX = join(__dirname, '../renderer/index.html');
const RENDERER_PATHNAME = pathToFileURL(RENDERER_INDEX).pathname;

let mainWindow: BrowserWindow | null = null;

/** The app's own page: the dev server's origin, or the built index.html. */
function isAppUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (DEV_URL) return url.origin === new URL(DEV_URL).origin;
  return url.protocol === 'file:' && url.pathname === RENDERER_PATHNAME;
}

function openExternalSafely(raw: string): void {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return;
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') void shell.openExternal(url.href);
}

function contentSecurityPolicy(): string {
  const dev = DEV_URL ? new URL(DEV_URL) : null;
  const ws = dev ? `${dev.protocol === 'https:' ? 'wss' : 'ws'}://${dev.host}` : '';
  return [
    "default-src 'self'",
    // Dev only: @vitejs/plugin-react injects an inline Fast Refresh preamble.
    dev ? "script-src 'self' 'unsafe-inline'" : "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    // Dev only: Vite's HMR socket.
    dev ? `connect-src 'self' ${ws}` : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function hardenSession(): void {
  const ses = session.defaultSession;
  const csp = contentSecurityPolicy();
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
  // Nothing is granted, except writing the clipboard from our own page
  // (copying terminal output needs it).
  const allowed = (permission: string, url: string | undefined): boolean =>
    permission === 'clipboard-sanitized-write' && url !== undefined && isAppUrl(url);
  ses.setPermissionRequestHandler((contents, permission, callback) =>
    callback(allowed(permission, contents.getURL())),
  );
  ses.setPermissionCheckHandler((contents, permission) => allowed(permission, contents?.getURL()));
}

// Applied to every web contents, so a future window cannot forget it.
function hardenContents(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    openExternalSafely(event.url);
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
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

function buildMenu(): Menu {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open Project…', accelerator: 'CmdOrCtrl+Shift+O', click: () => sendMenuCommand('open-project') },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    // Without it, copy/paste shortcuts do not work on macOS.
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'help', submenu: [{ label: 'About Stepwise', click: showAbout }] },
  ];
  return Menu.buildFromTemplate(template);
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
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  engine.attach(window);
  const loading = DEV_URL ? window.loadURL(DEV_URL) : window.loadFile(RENDERER_INDEX);
  loading.catch((error: unknown) => console.error('[stepwise] could not load the window', error));
  return window;
}

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

function main(): void {
  app.on('second-instance', focusMainWindow);
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  void app.whenReady().then(() => {
    hardenSession();
    Menu.setApplicationMenu(buildMenu());
    const engine = startEngine({
      isAppUrl,
      onFatal(message) {
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

// An explicit STEPWISE_HOME (e2e tests, portable setups) also holds Chromium's
// profile, so such a run neither touches nor locks out the user's own instance.
if (process.env.STEPWISE_HOME) app.setPath('userData', join(process.env.STEPWISE_HOME, 'electron'));
// Every renderer is sandboxed, whatever its webPreferences say.
app.enableSandbox();

if (app.requestSingleInstanceLock()) main();
else app.quit();
