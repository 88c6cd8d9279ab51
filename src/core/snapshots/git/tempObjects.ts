// The temp files git leaves in its object store when it dies mid-write (a
// full disk: "unable to write loose object file"): tmp_obj_* beside loose
// objects, tmp_pack_* and tmp_idx_* in pack/. Git's own gc removes them only
// after two weeks; a snapshot that failed removes those made since it began
// (a git of the user's writing at that very moment, on a full disk, fails anyway).
import { readdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { git, type Repo } from './exec';

const TEMP = /^tmp_(obj|pack|idx)_/;

/** The repository's object store (the common one, for a linked work tree). */
export async function objectStore(repo: Repo): Promise<string> {
  return resolve(repo.root, (await git(repo.root, ['rev-parse', '--git-path', 'objects'])).trim());
}

/** Removes git's temp files in `objects` made at or after `sinceMs` (a second's slack for coarse file times). */
export async function removeTempObjects(objects: string, sinceMs: number): Promise<void> {
  const dirs = (await readdir(objects).catch(() => [])).filter((name) => /^[0-9a-f]{2}$/.test(name) || name === 'pack');
  for (const dir of dirs) {
    for (const name of await readdir(join(objects, dir)).catch(() => [])) {
      if (!TEMP.test(name)) continue;
      const path = join(objects, dir, name);
      const made = await stat(path).then((s) => s.mtimeMs, () => null);
      if (made !== null && made >= sinceMs - 1000) await rm(path, { force: true });
    }
  }
}
