// The engine as the CLI opens it, in-process on the data directory: the same
// journal and terminals as the app, and the same one-owner-at-a-time lock.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Engine, type EngineOptions } from '../core/engine/engine';
import { DataDirLockedError } from '../core/engine/dataDirLock';
import { startLog } from '../core/log/rotatingLog';
import { resolveDataDir, resolveResourcesDir } from '../core/platform/fs/paths';
import { STEPWISE_VERSION as version } from '../core/platform/stepwiseVersion';
import { bundleDir } from './bundleDir';
import { CliError } from './cliError';

export interface CliEngine {
  engine: Engine;
  /** Whether output is parsed in a worker thread (the built bundle has one beside it). */
  parsesOffThread: boolean;
}

export function openCliEngine(host: EngineOptions['host'], why: string): CliEngine {
  const dataDir = resolveDataDir();
  // Built beside this bundle (out/main); parsing there keeps floods off the engine's loop.
  const parserWorker = join(bundleDir(), 'parserWorker.js');
  const parsesOffThread = existsSync(parserWorker);
  try {
    const engine = Engine.open({
      dataDir,
      resourcesDir: resolveResourcesDir(),
      host,
      version,
      parserWorker: parsesOffThread ? parserWorker : undefined,
    });
    // Started once the engine holds the data directory's lock, so one process at a time writes the log.
    // Only warnings and errors: what the CLI prints on stdout (a run's output, serve's URL and its token) stays out.
    startLog(dataDir, 'engine', `Stepwise engine (${host})`, version, ['warn', 'error']);
    return { engine, parsesOffThread };
  } catch (error) {
    if (error instanceof DataDirLockedError) throw new CliError(`${why}: ${error.message}`);
    throw error;
  }
}
