// Which shell a terminal runs, and the ZDOTDIR zsh starts with: real files, real modes.
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseShell, shellLaunch } from '../../src/core/terminals/shellChoice';
import { zshDotDir } from '../../src/core/terminals/zshDotDir';
import { useTempDir } from '../helpers/tempDir';

const integrationDir = resolve(__dirname, '../../resources/shell-integration');
const tempDir = useTempDir();

describe('chooseShell', () => {
  it("runs the user's $SHELL when it is bash or zsh", () => {
    expect(chooseShell({ SHELL: '/usr/bin/zsh' })).toEqual({ file: '/usr/bin/zsh', kind: 'zsh', fallback: null });
    expect(chooseShell({ SHELL: '/bin/bash' })).toEqual({ file: '/bin/bash', kind: 'bash', fallback: null });
    // No $SHELL (a desktop launcher's environment): the shell the user database names for the account.
    expect(chooseShell({}, undefined, '/usr/bin/zsh')).toEqual({ file: '/usr/bin/zsh', kind: 'zsh', fallback: null });
  });

  it('falls back to bash and says why: another shell, none, or one that cannot run', () => {
    expect(chooseShell({ SHELL: '/usr/bin/fish' })).toMatchObject({ file: '/bin/bash', kind: 'bash', fallback: expect.stringContaining('(/usr/bin/fish) has no Stepwise integration') });
    expect(chooseShell({}, undefined, null)).toMatchObject({ file: '/bin/bash', fallback: '$SHELL is not set and your account names no shell, so this terminal runs bash' });
    const notRunnable = join(tempDir(), 'zsh');
    writeFileSync(notRunnable, '');
    expect(chooseShell({ SHELL: notRunnable }).fallback).toBe(`your shell (${notRunnable}) cannot be run, so this terminal runs bash`);
  });

  it('refuses a shell asked for by name that has no integration', () => {
    expect(() => chooseShell({}, '/bin/dash')).toThrow("Cannot start /bin/dash: Stepwise's terminal runs bash or zsh");
  });
});

describe('shellLaunch and the zsh ZDOTDIR', () => {
  it("starts bash with bash.sh, and zsh as a login shell with Stepwise's ZDOTDIR and the user's own ZDOTDIR kept aside", () => {
    const bash = shellLaunch(chooseShell({}, '/bin/bash'), integrationDir, {});
    expect(bash).toEqual({ args: ['--init-file', join(integrationDir, 'bash.sh'), '-i'], env: {} });
    const zsh = shellLaunch(chooseShell({}, '/usr/bin/zsh'), integrationDir, { ZDOTDIR: '/home/me/.config/zsh' });
    expect(zsh.args).toEqual(['-l', '-i']);
    expect(zsh.env.STEPWISE_USER_ZDOTDIR).toBe('/home/me/.config/zsh');
    expect(readFileSync(join(zsh.env.ZDOTDIR!, '.zshrc'), 'utf8')).toBe(readFileSync(join(integrationDir, 'zsh', 'zshrc.zsh'), 'utf8'));
  });

  it('writes the folder once, only this user can write it, and refuses one others could', () => {
    const parent = tempDir();
    const dir = zshDotDir(integrationDir, parent);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const name of ['.zshenv', '.zprofile', '.zshrc']) expect(statSync(join(dir, name)).isFile()).toBe(true);
    // A stale copy is rewritten.
    writeFileSync(join(dir, '.zshrc'), 'echo stale');
    expect(zshDotDir(integrationDir, parent)).toBe(dir);
    expect(readFileSync(join(dir, '.zshrc'), 'utf8')).not.toBe('echo stale');
    chmodSync(dir, 0o777);
    expect(() => zshDotDir(integrationDir, parent)).toThrow(`${dir} is not a folder only this user can write to`);
  });

  it('names the folder by the scripts it holds: other scripts, another folder', () => {
    const other = join(tempDir(), 'shell-integration');
    mkdirSync(join(other, 'zsh'), { recursive: true });
    for (const name of ['zshenv.zsh', 'zprofile.zsh', 'zshrc.zsh']) writeFileSync(join(other, 'zsh', name), `# ${name}\n`);
    const parent = tempDir();
    expect(zshDotDir(other, parent)).not.toBe(zshDotDir(integrationDir, parent));
  });
});
