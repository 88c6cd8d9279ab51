// Where Stepwise keeps its data and finds its bundled resources.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/**
 * The data directory for the server and the CLI: $STEPWISE_HOME, else the XDG
 * data directory. (Electron passes app.getPath('userData') as STEPWISE_HOME.)
 */
export function resolveDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.STEPWISE_HOME) return resolve(env.STEPWISE_HOME);
  const xdg = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(xdg, 'stepwise');
}

/**
 * The resources/ folder: $STEPWISE_RESOURCES, else found by walking up from
 * this module, which works from src/ (tests) and from out/ (built bundles).
 */
export function resolveResourcesDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.STEPWISE_RESOURCES) return resolve(env.STEPWISE_RESOURCES);
  let dir = __dirname;
  for (;;) {
    const candidate = join(dir, 'resources', 'plans');
    if (existsSync(candidate)) return dirname(candidate);
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`Stepwise resources not found above ${__dirname}; set STEPWISE_RESOURCES`);
    }
    dir = parent;
  }
}

export const JOURNAL_FILE = 'journal.sqlite';

/** The known breakages of the upgrade, in resources/knowledge/ (read by ./knowledge/breakages.ts). */
export const BREAKAGES_FILE = 'breakages.yaml';
