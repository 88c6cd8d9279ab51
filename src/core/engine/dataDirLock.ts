// One engine per data directory: two engines writing one journal would each
// think the other's running commands were interrupted.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataDirError, ensureDataDir } from '../platform/fs/paths';
import { isProcessAlive } from '../platform/processes/processAlive';

export class DataDirLockedError extends Error {
  constructor(dataDir: string, pid: number) {
    super(`Stepwise is already running with data directory ${dataDir} (pid ${pid}); close it or set STEPWISE_HOME to another folder`);
    this.name = 'DataDirLockedError';
  }
}

export function acquireDataDirLock(dataDir: string): () => void {
  ensureDataDir(dataDir);
  const file = join(dataDir, 'engine.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new DataDirError(`Cannot take the lock ${file}: ${(error as Error).message}. Stepwise must be able to write its data folder; set STEPWISE_HOME to a folder you can write.`);
      }
      const holder = Number.parseInt(readFileSync(file, 'utf8'), 10);
      if (holder !== process.pid && isProcessAlive(holder)) throw new DataDirLockedError(dataDir, holder);
      rmSync(file, { force: true }); // left behind by a process that died
    }
  }
  throw new Error(`Could not lock ${file}`);
}
