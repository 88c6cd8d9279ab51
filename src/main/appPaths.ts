// Where the Electron app keeps its data and finds its bundled files, in one
// place for the main process and the engine it starts.
import { join } from 'node:path';
import { app } from 'electron';

/**
 * The data directory (journal, logs): STEPWISE_HOME when set (tests,
 * portable setups), else the app's user-data folder (~/.config/Stepwise).
 */
export function dataDir(): string {
  return process.env.STEPWISE_HOME || app.getPath('userData');
}

/** resources/: beside app.asar when packaged (electron-builder's extraResources), the repository's otherwise. */
export function resourcesDir(): string {
  return app.isPackaged ? join(process.resourcesPath, 'resources') : join(app.getAppPath(), 'resources');
}
