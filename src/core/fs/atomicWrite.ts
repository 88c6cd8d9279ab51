import { randomBytes } from 'node:crypto';
import { open, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Write beside the target and rename over it, so a crash never leaves half a file. */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, content, { flag: 'wx' });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw new Error(`Could not write ${path}: ${(error as Error).message}`);
  }
}

/**
 * Streams `chunks` into a file beside the target and renames it over the
 * target: a reader sees the old file or the whole new one, never a part, and
 * the chunks are never all in memory. Returns the bytes written.
 */
export async function writeChunksAtomic(path: string, chunks: Iterable<string>, bufferChars = 1 << 18): Promise<number> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  let handle: FileHandle | null = null;
  let bytes = 0;
  try {
    handle = await open(temp, 'wx');
    let pending: string[] = [];
    let size = 0;
    const flush = async (): Promise<void> => {
      const data = Buffer.from(pending.join(''), 'utf8');
      pending = [];
      size = 0;
      await (handle as FileHandle).write(data);
      bytes += data.length;
    };
    for (const chunk of chunks) {
      pending.push(chunk);
      size += chunk.length;
      if (size >= bufferChars) await flush();
    }
    await flush();
    await handle.close();
    handle = null;
    await rename(temp, path);
    return bytes;
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw new Error(`Could not write ${path}: ${(error as Error).message}`);
  }
}
