// zsh has no --init-file: it reads its startup files from $ZDOTDIR. The
// terminal starts zsh with ZDOTDIR set to a folder holding Stepwise's
// .zshenv, .zprofile and .zshrc (resources/shell-integration/zsh/*.zsh),
// which source the user's own and add the integration, as VS Code does.
// The folder is written once per user and per version of the scripts (its
// name holds their hash), outside the resources: a packaged app's files are
// read-only and packagers may drop dotfiles.
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FILES = [
  ['zshenv.zsh', '.zshenv'],
  ['zprofile.zsh', '.zprofile'],
  ['zshrc.zsh', '.zshrc'],
] as const;

/** The ZDOTDIR to start zsh with, made from the scripts in `integrationDir`/zsh if not already there. */
export function zshDotDir(integrationDir: string, parent = tmpdir()): string {
  const scripts = FILES.map(([from, to]) => ({ to, text: readFileSync(join(integrationDir, 'zsh', from), 'utf8') }));
  const hash = createHash('sha256');
  for (const { to, text } of scripts) hash.update(`${to}\0${text}\0`);
  const uid = process.getuid?.() ?? -1;
  const dir = join(parent, `stepwise-zsh-${uid}-${hash.digest('hex').slice(0, 16)}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // A shared /tmp: a folder someone else made (or could write to) would run their code in this shell.
  const stat = lstatSync(dir);
  if (!stat.isDirectory() || (uid !== -1 && stat.uid !== uid) || (stat.mode & 0o022) !== 0) {
    throw new Error(`Cannot start zsh with Stepwise's integration: ${dir} is not a folder only this user can write to`);
  }
  for (const { to, text } of scripts) {
    const file = join(dir, to);
    if (readOrNull(file) === text) continue;
    // Another engine may start a zsh now: it sees the old file or the new, never half of one.
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, text, { mode: 0o600 });
    renameSync(temp, file);
  }
  return dir;
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
