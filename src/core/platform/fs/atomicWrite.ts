import { randomBytes } from 'node:crypto';
import { open, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { explainWriteError } from './writeFailure';

/**
 * Write beside the target and rename over it, so a crash never leaves half a file.
 * `mode` (e.g. 0o600 for a file only its owner may read) holds from the file's first byte.
 */
export async function writeFileAtomic(path: string, content: string, options: { mode?: number } = {}): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, content, { flag: 'wx', mode: options.mode });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw explainWriteError(path, error);
  }
}

/**
 * Streams `chunks` into a file beside the target and renames it over the
 * target: a reader sees the old file or the whole new one, never a part, and
 * the chunks are never all in memory. They are encoded straight into a
 * buffer (no joined copy, no buffer per chunk); while a full one is written,
 * the next chunks fill the other of two. Returns the bytes written.
 */
export async function writeChunksAtomic(path: string, chunks: Iterable<string>, bufferBytes = 1 << 20): Promise<number> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  let handle: FileHandle | null = null;
  let bytes = 0;
  // The write under way: each starts after the one before it has ended, so they land in order.
  let writing: Promise<void> = Promise.resolve();
  try {
    handle = await open(temp, 'wx');
    const file = handle;
    const send = async (data: Buffer): Promise<void> => {
      await writing;
      writing = writeAll(file, data);
      writing.catch(() => undefined); // awaited at the next send or at the end; never an unhandled rejection
      bytes += data.length;
    };
    let filling = Buffer.allocUnsafe(bufferBytes);
    let spare = Buffer.allocUnsafe(bufferBytes);
    let used = 0;
    const sendFilled = async (): Promise<void> => {
      if (used === 0) return;
      await send(filling.subarray(0, used));
      [filling, spare] = [spare, filling];
      used = 0;
    };
    for (const chunk of chunks) {
      // A UTF-16 unit is at most 3 bytes of UTF-8: make sure the chunk fits before encoding it.
      if (used + chunk.length * 3 > bufferBytes) await sendFilled();
      if (chunk.length * 3 > bufferBytes) await send(Buffer.from(chunk, 'utf8'));
      else used += filling.write(chunk, used, 'utf8');
    }
    await sendFilled();
    await writing;
    await handle.close();
    handle = null;
    await rename(temp, path);
    return bytes;
  } catch (error) {
    await writing.catch(() => undefined);
    await handle?.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw explainWriteError(path, error);
  }
}

/** A write may take less than it was given (a full disk, a signal): the rest is written, or the error thrown. */
async function writeAll(handle: FileHandle, data: Buffer): Promise<void> {
  for (let offset = 0; offset < data.length; ) {
    const { bytesWritten } = await handle.write(data, offset, data.length - offset);
    if (bytesWritten === 0) throw new Error(`the file took no more bytes after ${offset}`);
    offset += bytesWritten;
  }
}
