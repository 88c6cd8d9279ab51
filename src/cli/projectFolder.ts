import { resolve } from 'node:path';
import { EngineFault } from '../core/engine/errors';
import { resolveProjectFolder } from '../core/engine/handlers/projects';
import { CliError } from './cliError';

/**
 * `--project` (relative to the current directory) as the engine opens it:
 * an existing folder, symlinks resolved; else a usage error (exit 2), said
 * before anything is written.
 */
export async function projectFolder(option: string | undefined): Promise<string> {
  try {
    return await resolveProjectFolder(resolve(option ?? '.'));
  } catch (error) {
    throw error instanceof EngineFault ? new CliError(`--project: ${error.message}`) : error;
  }
}
