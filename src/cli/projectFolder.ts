import { resolve } from 'node:path';
import { EngineFault } from '../core/engine/errors';
import { resolveProjectFolder } from '../core/sessions/projectFolder';
import { CliError } from './cliError';

/**
 * `--project` (relative to the current directory) as the engine opens it:
 * an existing folder you may read, symlinks resolved; else a usage error
 * (exit 2) naming `what`, said before anything is written.
 */
export async function projectFolder(option: string | undefined, what = '--project'): Promise<string> {
  try {
    return await resolveProjectFolder(resolve(option ?? '.'));
  } catch (error) {
    throw error instanceof EngineFault ? new CliError(`${what}: ${error.message}`) : error;
  }
}
