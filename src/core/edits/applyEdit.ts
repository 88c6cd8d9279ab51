// Applies previewed changes all together or not at all: every file is checked
// against its preview, written beside itself, and only then renamed over.
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { EditError, insideRoot, type FileChange } from './planEdit';

export async function applyChanges(root: string, changes: FileChange[]): Promise<void> {
  const staged: { path: string; temp: string; change: FileChange }[] = [];
  try {
    for (const change of changes) {
      const path = insideRoot(root, change.file);
      const now = await readFile(path, 'utf8');
      if (now !== change.before) throw new EditError(`${change.file} changed since the preview; review the new diff`);
      const temp = join(dirname(path), `.${basename(path)}.stepwise-${randomBytes(4).toString('hex')}`);
      await writeFile(temp, change.after, { flag: 'wx', mode: (await stat(path)).mode });
      staged.push({ path, temp, change });
    }
  } catch (error) {
    await Promise.all(staged.map((s) => rm(s.temp, { force: true })));
    throw error;
  }
  const done: typeof staged = [];
  try {
    for (const s of staged) {
      await rename(s.temp, s.path);
      done.push(s);
    }
  } catch (error) {
    // Put back what was already renamed, so the tree is as it was.
    for (const s of done) await writeFile(s.path, s.change.before);
    await Promise.all(staged.map((s) => rm(s.temp, { force: true })));
    throw new EditError(`Could not apply the edit: ${(error as Error).message}; no file was changed`);
  }
}
