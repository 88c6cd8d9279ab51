// The rule for a project folder, the same for the app and the CLI: an
// absolute path (a leading ~ is the home folder) to a folder Stepwise may
// read, taken with its symlinks resolved, which is how the journal keeps it.
// The app opens only Rust projects (rustProjectFolder): a folder with a
// Cargo.toml; the CLI's readers (scan, snapshots) take any folder.
import { constants } from 'node:fs';
import { access, realpath, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute } from 'node:path';
import { EngineFault } from '../engine/errors';
import { findRustRoot, NotARustProject } from '../plans/fit/rustRoot';

/** An absolute, symlink-free path to an existing folder, or a clear error. */
export async function resolveProjectFolder(input: string): Promise<string> {
  const expanded = input.trim().replace(/^~(?=$|\/)/, homedir());
  if (!isAbsolute(expanded)) {
    throw new EngineFault('invalid-params', `Project folder must be an absolute path: "${input}"`);
  }
  const info = await stat(expanded).catch(() => null);
  if (!info) throw new EngineFault('not-found', `No such folder: ${expanded}`);
  if (!info.isDirectory()) throw new EngineFault('invalid-params', `Not a folder: ${expanded}`);
  // A folder Stepwise cannot list would scan as empty and snapshot as nothing: refused, not taken for an empty project.
  const readable = await access(expanded, constants.R_OK | constants.X_OK).then(
    () => true,
    () => false,
  );
  if (!readable) throw new EngineFault('invalid-params', `Cannot read the folder ${expanded}: permission denied`);
  return realpath(expanded);
}

/** A project folder as the app takes it: a folder (projectFolder.ts) that is a Rust project, or a clear refusal naming the one to open. */
export async function rustProjectFolder(path: string): Promise<string> {
  const folder = await resolveProjectFolder(path);
  try {
    await findRustRoot(folder);
  } catch (error) {
    if (error instanceof NotARustProject) throw new EngineFault('invalid-params', error.message);
    throw error;
  }
  return folder;
}

