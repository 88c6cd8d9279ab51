// Runs the engine in a utility process and gives every page load of the window
// its own MessagePort to it, so terminal traffic never passes through (or
// waits on) the main process. Also answers the renderer's folder-picker IPC.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  app,
  dialog,
  ipcMain,
  MessageChannelMain,
  utilityProcess,
  type BrowserWindow,
  type UtilityProcess,
  type WebFrameMain,
} from 'electron';
import { IPC_CHANNELS } from '../shared/bridge';
import { dataDir, resourcesDir } from './appPaths';
import { cargoJsonFilterCommand } from './cargoJsonFilterMode';
import type { HostMessage, ParentMessage } from './engineHost';
import { handleFromAppPage } from './security/ipcSender';

// Shutdown ends every process the shells started: SIGTERM, 1 s of grace, SIGKILL and a last look (1.5-1.8 s
// measured on a loaded 2-core machine with a job that ignores SIGTERM). 3 s left too thin a margin; a kill
// leaves those processes to the next start, which ends them, but until then they run.
const SHUTDOWN_TIMEOUT_MS = 5_000;
const MAX_RESTARTS = 1;

export interface EngineProcessOptions {
  /** Only pages at the app's own URL get a port to the engine. */
  isAppUrl(url: string): boolean;
  /** The engine cannot run (journal failed to open, or it crashed again). */
  onFatal(message: string): void;
}

export interface EngineProcess {
  /** Hand every page load of this window a fresh port to the engine. */
  attach(window: BrowserWindow): void;
  /** Ask the engine to shut down; kill it if it has not exited in 5 s. */
  stop(): Promise<void>;
}

interface Child {
  process: UtilityProcess;
  ready: boolean;
  exited: boolean;
  whenExited: Promise<void>;
}

/** The Electron build of better-sqlite3 made by scripts/electron-native.mjs. */
function electronSqliteBinding(): string | undefined {
  // Packaged: electron-builder.yml puts that build beside app.asar (node_modules' copy is Node's).
  if (app.isPackaged) return join(process.resourcesPath, 'native', 'better_sqlite3.node');
  const file = join(app.getAppPath(), '.cache', 'electron-native', process.versions.electron, 'better_sqlite3.node');
  if (existsSync(file)) return file;
  console.warn(`[stepwise] ${file} is missing; run \`node scripts/electron-native.mjs\``);
  return undefined;
}

function engineEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  env.STEPWISE_HOME = dataDir();
  env.STEPWISE_RESOURCES = resourcesDir();
  env.STEPWISE_VERSION = app.getVersion();
  // This app's executable runs the cargo JSON filter (cargoJsonFilterMode.ts); ELECTRON_RUN_AS_NODE is off in a packaged app.
  env.STEPWISE_CARGO_JSON_FILTER = JSON.stringify(
    cargoJsonFilterCommand({
      execPath: process.execPath,
      appPath: app.isPackaged ? null : app.getAppPath(),
      noSandbox: app.commandLine.hasSwitch('no-sandbox'),
    }),
  );
  const binding = electronSqliteBinding();
  if (binding) env.STEPWISE_SQLITE_BINDING = binding;
  else delete env.STEPWISE_SQLITE_BINDING;
  return env;
}

/** Resolves true if `promise` settled within `ms`. */
function within(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(resolve, ms, false)));
  return Promise.race([promise.then(() => true), timeout]).finally(() => clearTimeout(timer));
}

export function startEngine(options: EngineProcessOptions): EngineProcess {
  const windows = new Set<BrowserWindow>();
  let restarts = 0;
  let stopping: Promise<void> | null = null;
  let child = spawn();

  function spawn(): Child {
    const proc = utilityProcess.fork(join(__dirname, 'engineHost.js'), [], {
      serviceName: 'Stepwise Engine',
      env: engineEnv(),
    });
    let markExited = (): void => {};
    const current: Child = {
      process: proc,
      ready: false,
      exited: false,
      whenExited: new Promise((resolve) => (markExited = resolve)),
    };
    let fatal: string | null = null;
    proc.on('message', (message: HostMessage | null) => {
      if (message?.type === 'ready') current.ready = true;
      else if (message?.type === 'fatal') fatal = message.message;
    });
    proc.once('exit', (code) => {
      current.exited = true;
      markExited();
      console.log(`[stepwise] engine exited with code ${code}`);
      if (stopping) return;
      // Never touch `proc` inside its exit listener (Electron may crash): defer.
      setImmediate(() => onUnexpectedExit(code, current.ready, fatal));
    });
    return current;
  }

  function onUnexpectedExit(code: number, wasReady: boolean, fatal: string | null): void {
    if (stopping) return; // quit began meanwhile: nothing to restart
    if (fatal !== null || !wasReady) {
      // It failed while starting: restarting would fail the same way.
      options.onFatal(fatal ?? `The engine stopped while starting (exit code ${code}).`);
    } else if (restarts < MAX_RESTARTS) {
      restarts++;
      console.warn(`[stepwise] engine crashed (exit code ${code}); restarting it`);
      child = spawn();
      // The old engine's terminals are gone: reload so each page starts clean
      // (did-finish-load then connects it to the new engine).
      for (const window of windows) if (!window.isDestroyed()) window.webContents.reload();
    } else {
      options.onFatal(`The engine stopped unexpectedly again (exit code ${code}).`);
    }
  }

  function connect(window: BrowserWindow): void {
    const contents = window.webContents;
    if (stopping || child.exited || !options.isAppUrl(contents.getURL())) return;
    const { port1, port2 } = new MessageChannelMain();
    const message: ParentMessage = { type: 'connect' };
    child.process.postMessage(message, [port1]);
    contents.postMessage(IPC_CHANNELS.enginePort, null, [port2]);
  }

  function stop(): Promise<void> {
    stopping ??= (async () => {
      const current = child;
      if (current.exited) return;
      const message: ParentMessage = { type: 'shutdown' };
      current.process.postMessage(message);
      if (await within(current.whenExited, SHUTDOWN_TIMEOUT_MS)) return;
      console.warn('[stepwise] engine did not shut down in time; killing it');
      current.process.kill();
      await within(current.whenExited, 1_000);
    })();
    return stopping;
  }

  // Quit waits for the engine to close its terminals and journal.
  let stopped = false;
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    void stop().finally(() => {
      stopped = true;
      app.quit();
    });
  });

  return {
    attach(window) {
      windows.add(window);
      // Fires on the first load and on every reload.
      window.webContents.on('did-finish-load', () => connect(window));
      window.once('closed', () => windows.delete(window));
    },
    stop,
  };
}

export interface DialogIpcOptions {
  /** The window whose page may use the native dialogs. */
  mainWindow(): BrowserWindow | null;
  isAppUrl(url: string): boolean;
}

/** `stepwise:pick-folder`: answered only for the main window's own page. */
export function registerDialogIpc(options: DialogIpcOptions): void {
  const mainFrame = (): WebFrameMain | null => {
    const window = options.mainWindow();
    return window && !window.isDestroyed() ? window.webContents.mainFrame : null;
  };
  handleFromAppPage(ipcMain, IPC_CHANNELS.pickFolder, { mainFrame, isAppUrl: options.isAppUrl }, async (): Promise<string | null> => {
    const window = options.mainWindow();
    if (!window || window.isDestroyed()) return null;
    const result = await dialog.showOpenDialog(window, {
      title: 'Open project',
      properties: ['openDirectory', 'createDirectory'],
    });
    return result.canceled ? null : (result.filePaths[0] ?? null);
  });
}
