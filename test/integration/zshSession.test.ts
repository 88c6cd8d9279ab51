// Real zsh in a real pty, started as the user's login shell ($SHELL) with
// Stepwise's ZDOTDIR: the same marks as bash (command line, exit code, cwd),
// the user's own startup files still read, and their ZDOTDIR handed back.
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TerminalSession } from '../../src/core/terminals/terminalSession';
import { zshDotDir } from '../../src/core/terminals/zshDotDir';
import { nextEvent, runLine } from '../helpers/terminalEvents';

const integrationDir = path.resolve(__dirname, '../../resources/shell-integration');
const ZSH = '/usr/bin/zsh';

let home: string;
const sessions: TerminalSession[] = [];

beforeEach(() => {
  home = realpathSync(mkdtempSync(path.join(tmpdir(), 'stepwise-zsh-home-')));
});

afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.dispose()));
  rmSync(home, { recursive: true, force: true });
});

async function started(env: Record<string, string> = {}): Promise<TerminalSession> {
  const session = new TerminalSession({ cwd: home, cols: 120, rows: 30, integrationDir, env: { HOME: home, SHELL: ZSH, ZDOTDIR: undefined, ...env } });
  sessions.push(session);
  await nextEvent(session, 'ready');
  return session;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Types `line` key by key and Enter, as a person would. */
async function typeByHand(session: TerminalSession, line: string): Promise<void> {
  for (const ch of line) {
    session.write(ch);
    await sleep(3);
  }
  session.write('\r');
}

describe('zsh as the login shell', () => {
  it('runs $SHELL when it is zsh, and journals hand-typed commands with exit codes and cwd', async () => {
    const session = await started();
    expect(session.shell).toEqual({ file: ZSH, kind: 'zsh', fallback: null });
    let screen = '';
    session.on('data', (data) => (screen += data));

    let start = nextEvent(session, 'commandStart');
    let end = nextEvent(session, 'commandEnd');
    await typeByHand(session, 'echo "x;y\\z" ; false');
    expect(await start).toMatchObject({ commandLine: 'echo "x;y\\z" ; false', cwd: home });
    expect(await end).toMatchObject({ exitCode: 1 });
    expect((await end).output).toContain('x;y\\z');

    const sub = path.join(home, 'we;ird dir');
    mkdirSync(sub);
    const cwd = nextEvent(session, 'cwd');
    start = nextEvent(session, 'commandStart');
    end = nextEvent(session, 'commandEnd');
    await typeByHand(session, `cd 'we;ird dir' && (exit 7)`);
    expect(await end).toMatchObject({ commandLine: `cd 'we;ird dir' && (exit 7)`, exitCode: 7 });
    expect(await cwd).toBe(sub);
    // The next command starts there.
    start = nextEvent(session, 'commandStart');
    await typeByHand(session, 'true');
    expect(await start).toMatchObject({ commandLine: 'true', cwd: sub });

    // An empty line and Ctrl+C at the prompt are no commands.
    let starts = 0;
    session.on('commandStart', () => starts++);
    session.write('\r');
    await sleep(200);
    expect(starts).toBe(0);
    expect(await runLine(session, 'print -r -- ok')).toMatchObject({ commandLine: 'print -r -- ok', exitCode: 0 });
    expect(starts).toBe(1);
    expect(screen).not.toMatch(/zsh:|command not found|parse error/); // the integration itself stays quiet
  });

  it("reads the user's .zshenv, .zprofile and .zshrc from their ZDOTDIR and hands it back", async () => {
    const zdot = path.join(home, 'zconf');
    mkdirSync(zdot);
    writeFileSync(path.join(zdot, '.zshenv'), 'export FROM_ZSHENV=1\n');
    writeFileSync(path.join(zdot, '.zprofile'), 'export FROM_ZPROFILE=1\n');
    // Their .zshrc sets a prompt and a precmd of its own, as themes do.
    writeFileSync(path.join(zdot, '.zshrc'), ['export FROM_ZSHRC=$ZDOTDIR', "PS1='mine %# '", 'precmd() { PS1="mine[$?] %# " }'].join('\n'));
    writeFileSync(path.join(zdot, '.zlogin'), 'export FROM_ZLOGIN=1\n');
    const session = await started({ ZDOTDIR: zdot });
    const env = await runLine(session, 'echo "$FROM_ZSHENV $FROM_ZPROFILE $FROM_ZSHRC $FROM_ZLOGIN $ZDOTDIR ${STEPWISE_USER_ZDOTDIR-gone}"');
    expect(env.output.trim()).toBe(`1 1 ${zdot} 1 ${zdot} gone`);
    // Their prompt is kept, inside the marks, and the status each precmd sees is the command's.
    let screen = '';
    session.on('data', (data) => (screen += data));
    expect(await runLine(session, '(exit 5)')).toMatchObject({ exitCode: 5 });
    await sleep(200);
    expect(screen).toMatch(/mine\[5\] [%#] /);
    expect(await runLine(session, 'true')).toMatchObject({ exitCode: 0 });
  });

  it('leaves ZDOTDIR unset when the user had none', async () => {
    writeFileSync(path.join(home, '.zshrc'), 'export FROM_ZSHRC=1\n');
    const session = await started();
    const env = await runLine(session, 'echo "$FROM_ZSHRC ${ZDOTDIR-unset}"');
    expect(env.output.trim()).toBe('1 unset');
  });

  it("runs bash, and says why, when zsh's integration folder is not safe to use", async () => {
    const previous = process.env.TMPDIR;
    process.env.TMPDIR = mkdtempSync(path.join(home, 'tmp-'));
    try {
      // Someone else could write to it: their .zshrc would run in this shell.
      const unsafe = zshDotDir(integrationDir);
      chmodSync(unsafe, 0o777);
      const session = new TerminalSession({ cwd: home, cols: 80, rows: 24, integrationDir, env: { HOME: home, SHELL: ZSH } });
      sessions.push(session);
      await nextEvent(session, 'ready');
      expect(session.shell).toEqual({
        file: '/bin/bash',
        kind: 'bash',
        fallback: `Cannot start zsh with Stepwise's integration: ${unsafe} is not a folder only this user can write to, so this terminal runs bash`,
      });
    } finally {
      process.env.TMPDIR = previous;
      if (previous === undefined) delete process.env.TMPDIR;
    }
  });

  it('runs bash, and says why, when $SHELL has no integration', async () => {
    const session = new TerminalSession({ cwd: home, cols: 80, rows: 24, integrationDir, env: { HOME: home, SHELL: '/bin/sh' } });
    sessions.push(session);
    await nextEvent(session, 'ready');
    expect(session.shell).toMatchObject({ file: '/bin/bash', kind: 'bash' });
    expect(session.shell.fallback).toContain('/bin/sh');
    expect((await runLine(session, 'echo $BASH_VERSION')).output.trim()).toMatch(/^\d+\.\d+/);
  });
});
