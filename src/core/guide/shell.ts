// Commands as a reader pastes them: from the project folder, quoted for a POSIX shell.

/** Quoted for a POSIX shell when it needs to be; a leading `~/` stays expandable. */
export function shellWord(text: string): string {
  if (/^[\w@%+=:,./~-]+$/.test(text)) return text;
  if (text.startsWith('~/')) return `~/${shellWord(text.slice(2))}`;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A command run in `cwd`, as a line to run from the project folder: elsewhere, in a subshell. */
export function fromProject(projectPath: string, run: { command: string; cwd: string }): string {
  if (!run.cwd || run.cwd === projectPath) return run.command;
  const rel = run.cwd.startsWith(`${projectPath}/`) ? run.cwd.slice(projectPath.length + 1) : run.cwd;
  return `(cd ${shellWord(rel)} && ${run.command})`;
}
