// Which failed writes are the disk's (full, over quota, read-only, failing),
// read from SQLite's codes, Node's errno codes and git's messages: what puts
// the engine in its "journal unwritable" state, and what an export or a
// snapshot says. The real thing, a full tmpfs, is test/reliability/diskFull.test.ts.
import { describe, expect, it } from 'vitest';
import { explainWriteError, writeFailure } from '../../src/core/platform/fs/writeFailure';

const coded = (code: string, message = 'failed'): Error => Object.assign(new Error(message), { code });

describe('writeFailure', () => {
  it.each([
    ['SQLITE_FULL', 'full'],
    ['ENOSPC', 'full'],
    ['EDQUOT', 'quota'],
    ['SQLITE_READONLY', 'readonly'],
    ['SQLITE_READONLY_DBMOVED', 'readonly'],
    ['EROFS', 'readonly'],
    ['SQLITE_IOERR', 'io'],
    ['SQLITE_IOERR_WRITE', 'io'],
    ['SQLITE_IOERR_FSYNC', 'io'],
    ['EIO', 'io'],
  ])('%s is the disk: %s', (code, kind) => {
    expect(writeFailure(coded(code))).toEqual({ kind, code });
  });

  it.each(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_BUSY', 'SQLITE_CORRUPT', 'SQLITE_IOERR_NOMEM', 'ENOENT', 'EACCES'])('%s is not', (code) => {
    expect(writeFailure(coded(code))).toBeNull();
  });

  it("reads git's messages, which carry no code", () => {
    expect(writeFailure(new Error('git write-tree failed: error: unable to write new index file\nfatal: No space left on device'))).toEqual({ kind: 'full', code: 'ENOSPC' });
    expect(writeFailure(new Error('fatal: unable to create temporary file: Read-only file system'))).toEqual({ kind: 'readonly', code: 'EROFS' });
    expect(writeFailure(new Error('error: insufficient permission for adding an object'))).toBeNull();
    expect(writeFailure('not an error')).toBeNull();
  });
});

describe('explainWriteError', () => {
  it('names the file, the disk and what to do', () => {
    const error = explainWriteError('/data/out/guide.md', coded('ENOSPC', 'ENOSPC: no space left on device, write'));
    expect(error.message).toBe('Could not write /data/out/guide.md: the disk holding /data/out is full (ENOSPC). Free some space there and try again.');
  });

  it('keeps the message of a failure that is not the disk', () => {
    expect(explainWriteError('/data/out/guide.md', coded('ENOENT', "ENOENT: no such file or directory, open '/data/out/x'")).message).toBe(
      "Could not write /data/out/guide.md: ENOENT: no such file or directory, open '/data/out/x'",
    );
  });
});
