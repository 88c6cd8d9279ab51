// Where Stepwise keeps its data and finds its bundled resources.
import { existsSync, mkdirSync, statSync } from 'node:fs';
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

/** The data directory cannot be used: it is a file, or cannot be created. */
export class DataDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataDirError';
  }
}

/** Creates the data directory if it is missing; a file in its place, or no right to create it, is a clear error. */
export function ensureDataDir(dir: string, env: NodeJS.ProcessEnv = process.env): void {
  checkDataDir(dir, env);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR' || code === 'EEXIST') throw notAFolder(dir, env, 'a file stands on its path');
    throw new DataDirError(`Cannot create the data folder ${dir}${setBy(env)}: ${(error as Error).message}. Set STEPWISE_HOME to a folder you can write.`);
  }
}

/** For readers, who create nothing: the data directory is a folder, or is missing (then it holds no journal yet). */
export function checkDataDir(dir: string, env: NodeJS.ProcessEnv = process.env): void {
  let info;
  try {
    info = statSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') throw notAFolder(dir, env, 'a file stands on its path');
    return; // missing: created when first written
  }
  if (!info.isDirectory()) throw notAFolder(dir, env, 'it is a file');
}

function notAFolder(dir: string, env: NodeJS.ProcessEnv, why: string): DataDirError {
  return new DataDirError(`The data folder ${dir}${setBy(env)} is not a folder: ${why}. Point STEPWISE_HOME at a folder (it is created if missing).`);
}

const setBy = (env: NodeJS.ProcessEnv): string => (env.STEPWISE_HOME ? ' (STEPWISE_HOME)' : '');

/** The known breakages of the upgrade, in resources/knowledge/ (read by ./knowledge/breakages.ts). */
export const BREAKAGES_FILE = 'breakages.yaml';
