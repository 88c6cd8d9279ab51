// Snapshot file counts read from the index agree with `git ls-tree -r -l`
// of the tree written from it, in index formats 2, 3 and 4 (with names long
// enough for multi-byte prefix lengths or longer than an entry's length
// field, and names that are not UTF-8); an
// index the reader cannot follow (split) is declined, never misread.
import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexStats } from '../../src/core/snapshots/git/indexStats';
import { commitAll } from '../helpers/gitRepo';
import { useTempDir } from '../helpers/tempDir';
import { write } from '../helpers/treeListing';

const tempDir = useTempDir('stepwise-index-');
const git = (root: string, ...args: string[]): string => execFileSync('git', ['-C', root, ...args], { encoding: 'latin1' });

/** What the tree says: blob count, total size and the blobs over `limit`. */
function fromTree(root: string, limit: number) {
  const tree = git(root, 'write-tree').trim();
  const records = git(root, 'ls-tree', '-r', '-l', '-z', '--full-tree', tree).split('\0').filter(Boolean);
  let fileCount = 0;
  let bytes = 0;
  const large: { path: Buffer; size: number }[] = [];
  for (const record of records) {
    const [header, path] = record.split('\t') as [string, string];
    const [, type, , size] = header.split(/\s+/);
    if (type !== 'blob') continue;
    fileCount++;
    bytes += Number(size);
    if (Number(size) > limit) large.push({ path: Buffer.from(path, 'latin1'), size: Number(size) });
  }
  return { fileCount, bytes, large };
}

function repo(): string {
  const root = tempDir();
  write(root, 'Cargo.toml', '[package]\n');
  write(root, 'src/main.rs', 'fn main() {}\n'.repeat(50));
  write(root, 'run.sh', '#!/bin/sh\n', 0o755);
  // Long names: in format 4 a path drops more than 127 bytes of the one before (a two-byte length).
  const long = 'd'.repeat(200);
  for (let i = 0; i < 5; i++) write(root, `${long}/${String.fromCharCode(97 + i).repeat(60 * i + 10)}.txt`, `file ${i}\n`);
  write(root, 'e/short', 'short after long\n');
  write(root, Buffer.from([0x66, 0xff, 0x2e, 0x74]), 'not utf-8\n');
  write(root, 'e/big.bin', Buffer.alloc(5000, 1)); // right after the long names: its path depends on reading their lengths
  symlinkSync('src/main.rs', join(root, 'link'));
  commitAll(root);
  // A path of more than 0xFFF bytes (its length no longer fits the entry's flags), staged without a file: no
  // file system takes such a path. Empty, so the index's size for it (none: no stat data) is right too.
  const empty = execFileSync('git', ['-C', root, 'hash-object', '-w', '--stdin'], { input: '', encoding: 'utf8' }).trim();
  git(root, 'update-index', '--add', '--cacheinfo', `100644,${empty},${Array.from({ length: 20 }, () => 'l'.repeat(240)).join('/')}`);
  // A submodule entry (a commit id, not a file): never counted.
  git(root, 'update-index', '--add', '--cacheinfo', `160000,${git(root, 'rev-parse', 'HEAD').trim()},vendor/sub`);
  return root;
}

describe('snapshot counts from the index', () => {
  for (const version of [2, 3, 4]) {
    it(`match the written tree in index format ${version}`, async () => {
      const root = repo();
      if (version === 3) git(root, 'update-index', '--skip-worktree', 'Cargo.toml'); // an extended flag: format 3
      if (version !== 3) git(root, 'update-index', '--index-version', String(version));
      const expected = fromTree(root, 4096);
      const header = execFileSync('head', ['-c', '8', join(root, '.git/index')]);
      expect(header.readUInt32BE(4)).toBe(version);
      expect(await indexStats(join(root, '.git/index'), 20, 4096, new Map())).toEqual(expected);
    });
  }

  it('declines a split index', async () => {
    const root = repo();
    git(root, 'update-index', '--split-index');
    expect(await indexStats(join(root, '.git/index'), 20, 4096, new Map())).toBeNull();
  });
});
