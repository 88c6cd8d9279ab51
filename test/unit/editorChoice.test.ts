// Which editor "Open in editor" starts, and what it says when it cannot: the
// variable that chose it and what to set, never a bare `spawn code ENOENT`.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { chosenEditor, editorStartError } from '../../src/core/editor/openInEditor';

/** The error a real spawn of a program that is not on PATH gives. */
function spawnError(command: string): Promise<NodeJS.ErrnoException> {
  return new Promise((resolve) => spawn(command, [], { stdio: 'ignore' }).once('error', resolve));
}

describe('open in editor', () => {
  it('takes $VISUAL, then $EDITOR (split into words), then code', () => {
    expect(chosenEditor({ VISUAL: 'code --wait', EDITOR: 'vim' })).toEqual({ command: 'code', args: ['--wait'], from: '$VISUAL' });
    expect(chosenEditor({ VISUAL: '  ', EDITOR: 'nvim' })).toEqual({ command: 'nvim', args: [], from: '$EDITOR' });
    expect(chosenEditor({})).toEqual({ command: 'code', args: [], from: null });
  });

  it('says in words which variable named a missing program, or that none is set, and what to set', async () => {
    const missing = 'stepwise-no-such-editor';
    const error = await spawnError(missing);
    expect(error.code).toBe('ENOENT');
    expect(editorStartError({ command: missing, args: [], from: '$EDITOR' }, error)).toBe(
      `Could not open the file: $EDITOR is \`${missing}\`, which is not a program on PATH; set $VISUAL or $EDITOR in the environment Stepwise starts from (e.g. \`export VISUAL=code\` or \`export EDITOR=vim\`), then start it again`,
    );
    expect(editorStartError({ command: 'code', args: [], from: null }, error)).toMatch(/^Could not open the file: neither \$VISUAL nor \$EDITOR is set, and VS Code's `code` is not on PATH; set /);
  });
});
