// Commands as a reader pastes them: from the project folder, quoted for a POSIX shell.
import { shellWord } from '../terminals/shellQuote';

/** A path as one shell word; a leading `~/` (the home folder, as the guide shows it) stays expandable. */
export function pathWord(path: string): string {
  return shellWord(path, { tilde: true });
}

/** A command run in `cwd`, as a line to run from the project folder: elsewhere, in a subshell. */
export function fromProject(projectPath: string, run: { command: string; cwd: string }): string {
  if (!run.cwd || run.cwd === projectPath) return run.command;
  const rel = run.cwd.startsWith(`${projectPath}/`) ? run.cwd.slice(projectPath.length + 1) : run.cwd;
  return `(cd ${pathWord(rel)} && ${run.command})`;
}
