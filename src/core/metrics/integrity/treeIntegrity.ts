// The relaxations between two git trees of the project's work tree (as runs
// capture them): the files that changed between them are read from git and
// judged (relaxations.ts). Rust sources and manifests count inside the
// project's folder; CI files anywhere in the repository (a workflow sits at
// its root even when the project is a folder of it).
import { posix } from 'node:path';
import { git } from '../../snapshots/git/exec';
import { diffTreesRaw, objectSizes, readBlobs } from '../../snapshots/git/tree';
import { isCiFile } from './configChecks';
import { fileKind, relaxations, type ChangedFile, type Relaxation } from './relaxations';

/** Larger files are generated code or data, not where tests and lint levels are written. */
const MAX_FILE_BYTES = 2_000_000;
const ABSENT = /^0+$/;

export async function treeRelaxations(root: string, from: string, to: string): Promise<Relaxation[]> {
  if (from === to) return [];
  const prefix = (await git(root, ['rev-parse', '--show-prefix'])).trim();
  const files: (ChangedFile & { oids: [string, string] })[] = [];
  for (const change of await diffTreesRaw(root, from, to, false)) {
    // Files and executables; a symlink's or submodule's text is no source.
    if (![change.oldMode, change.newMode].every((mode) => mode === '000000' || mode.startsWith('100'))) continue;
    const repoPath = change.path.toString('utf8');
    const inside = repoPath.startsWith(prefix);
    const path = inside ? repoPath.slice(prefix.length) : posix.relative(prefix || '.', repoPath);
    const kind = fileKind(path, isCiFile(repoPath));
    if (!kind || (kind !== 'ci' && !inside)) continue;
    files.push({ path, kind, before: null, after: null, oids: [change.oldOid, change.newOid] });
  }
  const oids = [...new Set(files.flatMap((f) => f.oids).filter((oid) => !ABSENT.test(oid)))];
  const sizes = await objectSizes(root, oids);
  const texts = new Map<string, string>();
  const readable = oids.filter((oid) => (sizes.get(oid) ?? Infinity) <= MAX_FILE_BYTES).map((oid) => ({ oid, size: sizes.get(oid)! }));
  await readBlobs(root, readable, async (oid, content) => void texts.set(oid, content.toString('utf8')));
  for (const file of files) {
    // Too large to read on one side: left out rather than judged on half of it.
    const [before, after] = file.oids.map((oid) => (ABSENT.test(oid) ? null : (texts.get(oid) ?? undefined)));
    if (before === undefined || after === undefined) continue;
    file.before = before;
    file.after = after;
  }
  return relaxations(files.filter((f) => f.before !== null || f.after !== null));
}
