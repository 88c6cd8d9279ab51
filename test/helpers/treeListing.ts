// A folder's exact state, independent of any snapshot store's own walk: what
// "byte for byte" means in the snapshot tests.
import { createHash } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';

/** `root/rel` as bytes, so names that are not UTF-8 survive. */
export const abs = (root: string, rel: string | Buffer): Buffer => Buffer.concat([Buffer.from(root + '/'), Buffer.from(rel)]);

/** Writes a file, making its folders; `mode` sets the permission bits. */
export function write(root: string, rel: string | Buffer, content: string | Buffer, mode?: number): void {
  const file = abs(root, rel);
  const slash = Buffer.from(rel).lastIndexOf(0x2f);
  if (slash >= 0) mkdirSync(abs(root, Buffer.from(rel).subarray(0, slash)), { recursive: true });
  writeFileSync(file, content);
  if (mode !== undefined) chmodSync(file, mode);
}

/** The path a `listing` line starts with (a JSON string, so any name survives). */
export function listedPath(line: string): string {
  return JSON.parse(/^"(?:[^"\\]|\\.)*"/.exec(line)![0]) as string;
}

/** Every non-directory entry under root (outside .git and `skip`): path, kind, exec bit, content hash or link target. */
export function listing(root: string, skip: string[] = ['target']): string[] {
  const out: string[] = [];
  const walk = (rel: Buffer): void => {
    for (const name of readdirSync(abs(root, rel), { encoding: 'buffer' })) {
      const child = rel.length ? Buffer.concat([rel, Buffer.from('/'), name]) : name;
      const text = child.toString('latin1');
      if (text === '.git' || skip.includes(text)) continue;
      const stat = lstatSync(abs(root, child));
      const shown = JSON.stringify(text);
      if (stat.isDirectory()) walk(child);
      else if (stat.isSymbolicLink()) out.push(`${shown} link ${readlinkSync(abs(root, child), { encoding: 'buffer' }).toString('hex')}`);
      else {
        const hash = createHash('sha256').update(readFileSync(abs(root, child))).digest('hex');
        out.push(`${shown} file ${stat.mode & 0o100 ? 'x' : '-'} ${hash}`);
      }
    }
  };
  walk(Buffer.alloc(0));
  return out.sort();
}
