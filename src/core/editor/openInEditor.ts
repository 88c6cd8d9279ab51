// Opening a file at a line in the user's editor: an editor with a window of
// its own (VS Code and kin, `-g file:line:col`), or a terminal editor typed
// into the session's terminal. Used by an issue's "Open in editor" and by a
// `path:line:col` clicked in the terminal.
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { basename, isAbsolute, relative } from 'node:path';
import { EngineFault } from '../engine/errors';
import { EditError, insideRoot } from '../edits/planEdit';
import { shellWord } from '../terminals/shellQuote';
import type { TerminalManager } from '../terminals/terminalManager';

/** Editors with a window of their own that take `-g file:line:col`. */
const GOTO_EDITORS = new Set(['code', 'code-insiders', 'codium', 'cursor', 'windsurf']);

export interface EditorTarget {
  sessionId: number;
  /** The project's root: nothing outside it is opened. */
  root: string;
  /** Relative to the root, or absolute inside it. */
  file: string;
  line: number;
  column: number;
  /** The session's terminal, where a terminal editor opens. */
  terminalId: string | undefined;
}

/** Opens `file` at its line: in an editor's own window, or a terminal editor in the session's terminal. */
export async function openInEditor(terminals: TerminalManager, target: EditorTarget): Promise<{ command: string; where: 'app' | 'terminal' }> {
  const path = projectFile(target.root, target.file);
  const choice = chosenEditor(process.env);
  const editor = [choice.command, ...choice.args].map((word) => shellWord(word)).join(' ');
  if (GOTO_EDITORS.has(basename(choice.command))) {
    const where = `${path}:${target.line}:${target.column}`;
    await launch(choice, [...choice.args, '-g', where]);
    return { command: `${editor} -g ${shellWord(where)}`, where: 'app' };
  }
  // A terminal editor (vim, nano, emacs -nw...) opens in the session's terminal.
  if (!target.terminalId) throw new EngineFault('invalid-params', `${choice.command} runs in a terminal: open the session's terminal first`);
  const command = `${editor} +${target.line} ${shellWord(path)}`;
  await terminals.type(target.sessionId, target.terminalId, command, { origin: 'editor' });
  return { command, where: 'terminal' };
}

/** Opens a file the terminal named (`src/lib.rs:68:7`) if it is a file of the project. */
export async function openProjectFile(terminals: TerminalManager, target: EditorTarget): Promise<{ command: string; where: 'app' | 'terminal' }> {
  const path = projectFile(target.root, target.file);
  const found = await stat(path).catch(() => null);
  if (!found?.isFile()) throw new EngineFault('not-found', `${target.file} is not a file of the project (${target.root})`);
  return openInEditor(terminals, target);
}

/** The absolute path of `file`, refused if it is outside the project. */
function projectFile(root: string, file: string): string {
  try {
    return insideRoot(root, isAbsolute(file) ? relative(root, file) : file);
  } catch (error) {
    if (error instanceof EditError) throw new EngineFault('invalid-params', `Not opened: ${file} is outside the project (${root})`);
    throw error;
  }
}

interface EditorChoice {
  command: string;
  /** Words after the command in $VISUAL / $EDITOR (`code --wait`). */
  args: string[];
  /** Where it came from, for an error that says what to change. */
  from: '$VISUAL' | '$EDITOR' | null;
}

/** $VISUAL, else $EDITOR (split into words, as shells and git do), else VS Code's `code`. */
export function chosenEditor(env: NodeJS.ProcessEnv): EditorChoice {
  const from = env.VISUAL?.trim() ? '$VISUAL' : env.EDITOR?.trim() ? '$EDITOR' : null;
  const [command = 'code', ...args] = (from === '$VISUAL' ? env.VISUAL! : from === '$EDITOR' ? env.EDITOR! : 'code').trim().split(/\s+/);
  return { command, args, from };
}

const SET_ONE = 'set $VISUAL or $EDITOR in the environment Stepwise starts from (e.g. `export VISUAL=code` or `export EDITOR=vim`), then start it again';

/** Why the editor could not start, in words: which variable chose it, and what to set. */
export function editorStartError(choice: EditorChoice, error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOENT') {
    return choice.from
      ? `Could not open the file: ${choice.from} is \`${choice.command}\`, which is not a program on PATH; ${SET_ONE}`
      : `Could not open the file: neither $VISUAL nor $EDITOR is set, and VS Code's \`code\` is not on PATH; ${SET_ONE}`;
  }
  return `Could not start ${choice.command} (${choice.from ?? 'the default editor'}): ${error.message}; ${SET_ONE}`;
}

function launch(choice: EditorChoice, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(choice.command, args, { detached: true, stdio: 'ignore' });
    child.once('error', (error: NodeJS.ErrnoException) => reject(new EngineFault('io', editorStartError(choice, error))));
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}
