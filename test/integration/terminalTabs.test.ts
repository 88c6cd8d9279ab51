// Several terminals per session, through the real transport and real ptys:
// a second one opened beside the main terminal runs a command that is
// journaled like the main one's, a reconnecting page finds both, and closing
// it ends its shell and what the shell left running, the main one untouched.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineClient } from '../../src/shared/client';
import type { RunRecord } from '../../src/shared/model';
import { connectPage, startHarness, type Harness } from '../helpers/engineHarness';
import { alive } from '../helpers/processes';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, check: () => T | undefined | false, ms = 15_000): Promise<T> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(25)) {
    const value = check();
    if (value) return value;
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Everything a terminal printed to `client`, as it comes. */
function output(client: EngineClient, terminalId: string): () => string {
  let text = '';
  client.on('terminal.data', (e) => {
    if (e.terminalId === terminalId) text += e.data;
  });
  return () => text;
}

describe('several terminals in a session', () => {
  let h: Harness;
  let project: string;
  beforeAll(async () => {
    h = await startHarness();
    project = mkdtempSync(join(tmpdir(), 'stepwise-tabs-'));
    writeFileSync(join(project, 'Cargo.toml'), '[package]\nname = "tabs"\n');
  });
  afterAll(async () => {
    await h.close();
    rmSync(project, { recursive: true, force: true });
  });

  it('opens a second terminal, journals what runs there, and closing it ends its processes', async () => {
    const { session } = await h.client.request('project.open', { path: project });
    const main = await h.client.request('terminal.open', { sessionId: session.id, cols: 80, rows: 24 });
    expect(main).toMatchObject({ title: 'Terminal', main: true });

    const second = await h.client.request('terminal.create', { sessionId: session.id, cols: 80, rows: 24 });
    expect(second).toMatchObject({ sessionId: session.id, title: 'Terminal 2', main: false });
    expect(second.terminalId).not.toBe(main.terminalId);
    const printed = output(h.client, second.terminalId);
    const opened = await h.client.request('terminal.open', { sessionId: session.id, cols: 80, rows: 24, terminalId: second.terminalId });
    expect(opened).toMatchObject({ terminalId: second.terminalId, main: false, title: 'Terminal 2' });
    // Another session's terminal is not this one's to open.
    const other = mkdtempSync(join(tmpdir(), 'stepwise-tabs-other-'));
    writeFileSync(join(other, 'Cargo.toml'), '[package]\nname = "other"\n');
    const otherSession = (await h.client.request('project.open', { path: other })).session;
    await expect(h.client.request('terminal.open', { sessionId: otherSession.id, cols: 80, rows: 24, terminalId: second.terminalId })).rejects.toThrow(
      /belongs to another session/,
    );
    rmSync(other, { recursive: true, force: true });

    // A command typed by hand in the second terminal is journaled like the main one's.
    const finished: RunRecord[] = [];
    h.client.on('run.finished', (run) => finished.push(run));
    await until('the second shell to start', () => printed().length > 0);
    h.client.notify('terminal.input', { terminalId: second.terminalId, data: 'echo "tab-$((20 + 22))"\r' });
    const run = await until('the run to end', () => finished.find((r) => r.command === 'echo "tab-$((20 + 22))"'));
    expect(run).toMatchObject({ sessionId: session.id, stepId: null, exitCode: 0, status: 'passed' });
    expect(printed()).toContain('tab-42');
    const { runs } = await h.client.request('runs.page', { sessionId: session.id, offset: 0, limit: 50 });
    expect(runs.map((r) => r.id)).toContain(run.id);

    // A page that reconnects (a reload) finds both terminals, the main one first.
    const reloaded = await connectPage(h.server);
    const { terminals } = await reloaded.client.request('terminal.list', { sessionId: session.id });
    expect(terminals.map((t) => [t.terminalId, t.title, t.main])).toEqual([
      [main.terminalId, 'Terminal', true],
      [second.terminalId, 'Terminal 2', false],
    ]);
    reloaded.socket.close();

    // Something left running in the background, then the terminal closed: the shell and its job end.
    h.client.notify('terminal.input', { terminalId: second.terminalId, data: 'sleep 600 & echo "job=$! shell=$$"\r' });
    const [, job, shell] = (await until('the job and shell pids', () => /job=(\d+) shell=(\d+)/.exec(printed()) ?? undefined)).map(Number);
    expect(alive(job!)).toBe(true);
    expect(alive(shell!)).toBe(true);
    const exited = new Promise((resolve) => h.client.on('terminal.exit', (e) => e.terminalId === second.terminalId && resolve(e)));
    expect(await h.client.request('terminal.close', { terminalId: second.terminalId })).toEqual({ closed: true });
    await exited;
    await until('the job to end', () => !alive(job!));
    expect(alive(shell!)).toBe(false);
    const left = await h.client.request('terminal.list', { sessionId: session.id });
    expect(left.terminals.map((t) => t.terminalId)).toEqual([main.terminalId]);

    // The next one opened is Terminal 2 again (the numbers follow the terminals open), and the main one still runs commands.
    const third = await h.client.request('terminal.create', { sessionId: session.id, cols: 80, rows: 24 });
    expect(third.title).toBe('Terminal 2');
    h.client.notify('terminal.input', { terminalId: main.terminalId, data: 'echo main-still-here\r' });
    await until('the main terminal run', () => finished.find((r) => r.command === 'echo main-still-here'));
  }, 60_000);
});
