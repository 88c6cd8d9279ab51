// Real bash in a real pty, with a throwaway HOME so the user's rc files stay out.
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TerminalSession, type TerminalSessionOptions } from '../../src/core/terminals/terminalSession';
import { cutLine, HEAD_BYTES, TAIL_BYTES } from '../../src/core/terminals/outputCapture';
import { alive } from '../helpers/processes';
import { nextEvent, runLine } from '../helpers/terminalEvents';

const integrationDir = path.resolve(__dirname, '../../resources/shell-integration');
const integrationScript = path.join(integrationDir, 'bash.sh');

let home: string;
const sessions: TerminalSession[] = [];

beforeEach(() => {
  home = realpathSync(mkdtempSync(path.join(tmpdir(), 'stepwise-home-')));
});

afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.dispose()));
  rmSync(home, { recursive: true, force: true });
});

function start(options: Partial<TerminalSessionOptions> = {}): TerminalSession {
  const session = new TerminalSession({
    cwd: home,
    cols: 120,
    rows: 30,
    integrationDir,
    ...options,
    env: { HOME: home, SHELL: '/bin/bash', HISTFILE: path.join(home, '.bash_history'), ...options.env },
  });
  sessions.push(session);
  return session;
}

const next = nextEvent;

async function started(options: Partial<TerminalSessionOptions> = {}): Promise<TerminalSession> {
  const session = start(options);
  const ready = next(session, 'ready');
  await ready;
  expect(session.ready).toBe(true);
  return session;
}

const run = (session: TerminalSession, commandLine: string) => runLine(session, commandLine);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the shell has a child running `comm` (a mark can arrive before the exec). */
async function childRunning(shellPid: number, comm: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const ppid = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
        if (ppid === String(shellPid) && stat.includes(`(${comm})`)) return;
      } catch {
        // gone meanwhile
      }
    }
    await sleep(20);
  }
  throw new Error(`no ${comm} under ${shellPid}`);
}

describe('TerminalSession', () => {
  it('reports exit codes of commands', async () => {
    const session = await started();
    let screen = '';
    session.on('data', (data) => (screen += data));
    expect(session.busy).toBe(false);
    const ok = await run(session, 'true');
    expect(ok).toMatchObject({ commandLine: 'true', exitCode: 0 });
    expect(ok.endedAt.getTime()).toBeGreaterThanOrEqual(ok.startedAt.getTime());
    expect(await run(session, '(exit 3)')).toMatchObject({ commandLine: '(exit 3)', exitCode: 3 });
    expect(await run(session, 'false')).toMatchObject({ exitCode: 1 });
    expect(screen).not.toMatch(/bash:|command not found/); // the integration itself stays quiet
  });

  it('follows the current directory, odd names included', async () => {
    const session = await started();
    const plain = mkdtempSync(path.join(home, 'dir-'));
    let cwd = next(session, 'cwd');
    await run(session, `cd '${plain}'`);
    expect(await cwd).toBe(plain);
    expect(session.cwd).toBe(plain);

    const odd = path.join(plain, 'we;ird\\dir\nx');
    mkdirSync(odd);
    cwd = next(session, 'cwd');
    const end = await run(session, `cd $'${odd.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}'`);
    expect(end.exitCode).toBe(0);
    expect(await cwd).toBe(odd);
  });

  it('journals a command typed by hand, key by key', async () => {
    const session = await started();
    const start = next(session, 'commandStart');
    const end = next(session, 'commandEnd');
    for (const ch of 'echo typed;  echo "x\\y"') {
      session.write(ch);
      await sleep(5);
    }
    session.write('\r');
    expect(await start).toMatchObject({ commandLine: 'echo typed;  echo "x\\y"', cwd: home });
    const ended = await end;
    expect(ended).toMatchObject({ commandLine: 'echo typed;  echo "x\\y"', exitCode: 0 });
    expect(ended.output).toBe('typed\r\nx\\y\r\n');
  });

  it('captures the output between command start and end', async () => {
    const session = await started();
    const end = await run(session, "printf 'a\\nb\\n'");
    expect(end.output).toBe('a\r\nb\r\n');
    expect(end.output).not.toContain('\x1b]633');
  });

  it('takes the command line from $BASH_COMMAND when history skips it', async () => {
    writeFileSync(path.join(home, '.bashrc'), 'HISTCONTROL=ignoreboth\n');
    const session = await started();
    let end = next(session, 'commandEnd');
    session.write(' echo hidden\r'); // typed, not runCommand: the shell reports the line
    expect(await end).toMatchObject({ commandLine: 'echo hidden', exitCode: 0 });
    end = next(session, 'commandEnd');
    session.write('echo shown\r');
    expect(await end).toMatchObject({ commandLine: 'echo shown', exitCode: 0 });
    // A repeat that history drops still gets its whole line when we typed it.
    for (let i = 0; i < 2; i++) {
      expect(await run(session, 'echo a && echo b')).toMatchObject({ commandLine: 'echo a && echo b', output: 'a\r\nb\r\n' });
    }
  });

  it('keeps the head and tail of a flood of output, whole lines, and says how much is not kept', async () => {
    const session = await started();
    const end = await run(session, 'seq 1 600000');
    let total = 0;
    for (let n = 1; n <= 600000; n++) total += String(n).length + 2; // the pty ends lines with \r\n
    expect(end.outputSizes.totalBytes).toBe(total);
    expect(end.outputSizes.keptBytes).toBeLessThanOrEqual(HEAD_BYTES + TAIL_BYTES);
    expect(end.outputSizes.keptBytes).toBeGreaterThan(HEAD_BYTES + TAIL_BYTES - 20);
    const lines = end.output.split('\r\n');
    const cut = lines.findIndex((line) => line.startsWith('… '));
    expect(lines[cut]).toBe(cutLine(total - end.outputSizes.keptBytes));
    // Whole lines on both sides of the cut: counting up from 1, and up to 600000.
    const head = lines.slice(0, cut).map(Number);
    const tail = lines.slice(cut + 1, -1).map(Number);
    expect(head).toEqual(head.map((_, i) => i + 1));
    expect(tail).toEqual(tail.map((_, i) => 600000 - tail.length + 1 + i));
    expect(Buffer.byteLength(end.output)).toBe(end.outputSizes.keptBytes + Buffer.byteLength(lines[cut]!) + 2);
  });

  it('refuses to run a command while one is running', async () => {
    const session = await started();
    const start = next(session, 'commandStart');
    const end = next(session, 'commandEnd');
    await session.runCommand('sleep 1000');
    await expect(session.runCommand('true')).rejects.toThrow(/busy|submitted/);
    await start;
    expect(session.busy).toBe(true);
    await expect(session.runCommand('true')).rejects.toThrow(/busy running "sleep 1000"/);
    await childRunning(session.pid, 'sleep'); // a Ctrl-C before the fork would be lost
    session.write('\x03');
    expect(await end).toMatchObject({ commandLine: 'sleep 1000', exitCode: 130 });
    expect(session.busy).toBe(false);
    expect(await run(session, 'true')).toMatchObject({ exitCode: 0 });
  });

  it('loads ~/.bash_profile and keeps its PROMPT_COMMAND and DEBUG trap running', async () => {
    writeFileSync(
      path.join(home, '.bash_profile'),
      [
        'export STEPWISE_TEST_VAR=loaded',
        "PROMPT_COMMAND=('__pc_count=$((__pc_count + 1))' 'echo \"pc saw $?\" >> \"$HOME/pc.log\"')",
        "trap '__dbg_count=$((__dbg_count + 1))' DEBUG",
        // Sourcing the integration again (here and below) must change nothing.
        `source '${integrationScript}'`,
      ].join('\n'),
    );
    const session = await started();
    let starts = 0;
    session.on('commandStart', () => starts++);
    await run(session, `source '${integrationScript}'`);
    const first = await run(session, 'echo "$STEPWISE_TEST_VAR $STEPWISE_SHELL_INTEGRATION $__pc_count $__dbg_count"');
    const second = await run(session, 'echo "$__pc_count $__dbg_count"; (exit 4)');
    expect(second.exitCode).toBe(4);
    expect(starts).toBe(3);
    const [variable, integration, pc1, dbg1] = first.output.trim().split(' ');
    const [pc2, dbg2] = second.output.trim().split(' ');
    expect(variable).toBe('loaded');
    expect(integration).toBe('1');
    expect(Number(pc2)).toBe(Number(pc1) + 1);
    expect(Number(dbg2)).toBeGreaterThan(Number(dbg1));
    await run(session, 'true'); // the prompt after `(exit 4)` has surely been drawn
    // The user's PROMPT_COMMAND still sees the command's exit status.
    expect(readFileSync(path.join(home, 'pc.log'), 'utf8')).toContain('pc saw 4\n');
  });

  it('reports the shell exiting', async () => {
    const session = await started();
    const end = next(session, 'commandEnd');
    const exit = next(session, 'exit');
    await session.runCommand('exit 7');
    expect(await exit).toBe(7);
    expect(await end).toMatchObject({ commandLine: 'exit 7', exitCode: null });
    await expect(session.runCommand('true')).rejects.toThrow(/exited/);
  });

  it('dispose() ends background jobs and the foreground command', async () => {
    const session = await started();
    const bg = await run(session, 'sleep 1000 & echo "bg=$!"');
    const bgPid = Number(/bg=(\d+)/.exec(bg.output)?.[1]);
    // Immune to SIGHUP and not a job any more: only the session sweep gets it.
    const nohup = await run(session, 'nohup sleep 1000 >/dev/null 2>&1 & disown; echo "nohup=$!"');
    const nohupPid = Number(/nohup=(\d+)/.exec(nohup.output)?.[1]);

    const start = next(session, 'commandStart');
    let fgPid = 0;
    const off = session.on('data', (data) => {
      fgPid ||= Number(/fg=(\d+)/.exec(data)?.[1] ?? 0);
    });
    await session.runCommand(`sh -c 'echo "fg=$$"; exec sleep 1000'`);
    await start;
    while (!fgPid) await sleep(20);
    off();

    const shellPid = session.pid;
    for (const pid of [bgPid, nohupPid, fgPid, shellPid]) expect(alive(pid)).toBe(true);
    const exit = next(session, 'exit');
    await session.dispose();
    await exit;
    for (const pid of [bgPid, nohupPid, fgPid, shellPid]) expect(alive(pid), `pid ${pid}`).toBe(false);
  });
});
