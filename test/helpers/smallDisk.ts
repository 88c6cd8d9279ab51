// A small disk to fill: a tmpfs mounted on a folder, which is what a full disk
// is to SQLite (SQLITE_FULL) and to Node (ENOSPC). Mounting needs root or
// CAP_SYS_ADMIN: where it cannot be done, the reason is returned for the skip.
import { execFileSync } from 'node:child_process';
import { closeSync, fstatSync, ftruncateSync, openSync, statfsSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Mounts a tmpfs of `size` (e.g. `64m`) on the folder `dir`; null once mounted, else why it could not be. */
export function mountSmallDisk(dir: string, size: string): string | null {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'tmpfs', dir], { stdio: 'pipe' });
    return null;
  } catch (error) {
    const said = String((error as { stderr?: Buffer }).stderr ?? '').trim() || (error as Error).message;
    return `cannot mount a small tmpfs here (${said}): it needs root or CAP_SYS_ADMIN`;
  }
}

/** Undoes mountSmallDisk; lazily if something still holds a file open on it (gone once released). */
export function unmountSmallDisk(dir: string): void {
  try {
    execFileSync('umount', [dir], { stdio: 'pipe' });
  } catch {
    execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
  }
}

/**
 * Fills the disk mounted on `dir`: a filler file takes every block left but
 * `leaveBytes`. Returns the function that frees them.
 */
export function fillDisk(dir: string, leaveBytes = 0): () => void {
  const filler = join(dir, 'filler');
  const fd = openSync(filler, 'a');
  try {
    for (const size of [1 << 20, 4096]) {
      const block = Buffer.alloc(size, 0x66);
      try {
        for (;;) writeSync(fd, block);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      }
    }
    if (leaveBytes > 0) ftruncateSync(fd, Math.max(0, fstatSync(fd).size - leaveBytes));
  } finally {
    closeSync(fd);
  }
  const { bavail, bsize } = statfsSync(dir);
  if (bavail * bsize < leaveBytes || bavail * bsize > leaveBytes + bsize) {
    throw new Error(`the disk on ${dir} has ${bavail * bsize} bytes free after filling it, not ${leaveBytes}`);
  }
  return () => unlinkSync(filler);
}

/** Bytes free on the disk holding `dir`. */
export function freeBytes(dir: string): number {
  const { bavail, bsize } = statfsSync(dir);
  return bavail * bsize;
}
