// Small durable-write helpers for the snapshot store: write beside the
// target, flush, rename, flush the directory. Async fs only.
import { createHash, randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export function sha256(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex');
}

/** A short random suffix for temporary names. */
export function randomTag(): string {
  return randomBytes(4).toString('hex');
}

/** Flushes a directory's entries (a rename in it) to disk; best effort where directories cannot be opened. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Some platforms and filesystems refuse fsync on a directory: the rename itself is still atomic.
  } finally {
    await handle?.close();
  }
}

/** Writes `content` to a new file (`wx`: never an existing one), flushed to disk before it is closed. */
export async function writeNewFileSynced(path: string, content: Buffer | string, mode = 0o644): Promise<void> {
  const handle = await open(path, 'wx', mode);
  try {
    await handle.writeFile(content);
    await handle.chmod(mode); // the umask narrowed the mode open() was given
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

/** Temp file beside `path`, flushed, renamed over it, directory flushed: a crash leaves the old file or the new one. */
export async function writeFileDurable(path: string, content: Buffer | string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomTag()}.tmp`);
  try {
    await writeNewFileSynced(temp, content);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dirname(path));
}

export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
