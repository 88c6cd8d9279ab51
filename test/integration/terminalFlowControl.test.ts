// A flood of output from a real shell must not outrun a client that does not
// acknowledge: the engine pauses the pty, and resumes on acknowledgement.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKIPPED_NOTICE } from '../../src/core/terminals/flowControl';
import { FlowControl } from '../../src/shared/flowControl';
import { connectPage, startHarness, type Harness } from '../helpers/engineHarness';

const FLOOD_CHARS = 4_000_000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('terminal flow control through the real transport', () => {
  let h: Harness;
  let project: string;
  beforeAll(async () => {
    h = await startHarness();
    project = mkdtempSync(join(tmpdir(), 'stepwise-flood-'));
    writeFileSync(join(project, 'Cargo.toml'), '[package]\nname = "flood"\n'); // a Rust project: the engine opens no other
  });
  afterAll(async () => {
    await h.close();
    rmSync(project, { recursive: true, force: true });
  });

  it('pauses a flooding command until the client acknowledges, then lets it finish', async () => {
    const { session } = await h.client.request('project.open', { path: project });
    const { terminalId } = await h.client.request('terminal.open', { sessionId: session.id, cols: 80, rows: 24 });
    let received = 0;
    h.client.on('terminal.data', (e) => {
      if (e.terminalId === terminalId) received += e.data.length;
    });
    let finished = false;
    h.client.on('run.finished', (run) => {
      if (run.command.startsWith('head -c')) finished = true;
    });
    // Let the prompt arrive, and acknowledge it, before the flood.
    await sleep(500);
    h.client.notify('terminal.ack', { terminalId, chars: received });
    const before = received;

    h.client.notify('terminal.input', { terminalId, data: `head -c ${FLOOD_CHARS} /dev/zero | tr '\\0' x\r` });
    await sleep(1500);
    const whilePaused = received - before;
    // Paused: the client got about the high watermark, plus what was already in flight.
    expect(whilePaused).toBeGreaterThanOrEqual(FlowControl.HighWatermarkChars);
    expect(whilePaused).toBeLessThan(FlowControl.HighWatermarkChars * 3);
    expect(finished).toBe(false);
    await sleep(500);
    expect(received - before).toBe(whilePaused); // nothing more while unacknowledged

    // Acknowledge as xterm would, and the command runs to its end.
    let acked = whilePaused;
    h.client.notify('terminal.ack', { terminalId, chars: acked });
    const deadline = Date.now() + 30_000;
    while (!finished && Date.now() < deadline) {
      await sleep(20);
      const pending = received - before - acked;
      if (pending > 0) {
        h.client.notify('terminal.ack', { terminalId, chars: pending });
        acked += pending;
      }
    }
    expect(finished).toBe(true);
    expect(received - before).toBeGreaterThan(FLOOD_CHARS);
  });
});

describe('terminal flow control with two pages, one of which stopped reading', () => {
  let h: Harness;
  let project: string;
  beforeAll(async () => {
    h = await startHarness({ stalledClientMs: 1000 });
    project = mkdtempSync(join(tmpdir(), 'stepwise-flood-'));
    writeFileSync(join(project, 'Cargo.toml'), '[package]\nname = "flood"\n'); // a Rust project: the engine opens no other
  });
  afterAll(async () => {
    await h.close();
    rmSync(project, { recursive: true, force: true });
  });

  it('lets a chatty command finish for the page that reads, and brings the silent one back with a notice', async () => {
    const { session } = await h.client.request('project.open', { path: project });
    const silent = await connectPage(h.server);
    try {
      // Both pages show the terminal; only the first acknowledges what it parses.
      const { terminalId } = await h.client.request('terminal.open', { sessionId: session.id, cols: 80, rows: 24 });
      await silent.client.request('terminal.open', { sessionId: session.id, cols: 80, rows: 24 });
      let read = '';
      h.client.on('terminal.data', (e) => {
        if (e.terminalId !== terminalId) return;
        read += e.data;
        h.client.notify('terminal.ack', { terminalId, chars: e.data.length });
      });
      let unread = '';
      silent.client.on('terminal.data', (e) => {
        if (e.terminalId === terminalId) unread += e.data;
      });
      const finished = new Promise<number | null>((resolve) => {
        h.client.on('run.finished', (run) => run.command.startsWith('head -c') && resolve(run.exitCode));
      });

      h.client.notify('terminal.input', { terminalId, data: `head -c ${FLOOD_CHARS} /dev/zero | tr '\\0' x; echo flood-$((40+2))\r` });
      expect(await finished).toBe(0);
      expect(read.includes('flood-42')).toBe(true);
      expect(read.split('x').length - 1).toBeGreaterThanOrEqual(FLOOD_CHARS);
      // The silent page got about what it held the pty for, then nothing.
      const before = unread.length;
      expect(before).toBeLessThan(FlowControl.HighWatermarkChars * 3);
      expect(unread.includes('flood-42')).toBe(false);

      // It reads again: what it missed is more than the replay holds, so it is told some was skipped, then gets the end.
      silent.client.notify('terminal.ack', { terminalId, chars: before });
      await expect.poll(() => unread.length, { timeout: 10_000 }).toBeGreaterThan(before);
      await expect.poll(() => unread.includes('flood-42'), { timeout: 10_000 }).toBe(true);
      expect(unread.slice(before).startsWith(SKIPPED_NOTICE)).toBe(true);
    } finally {
      silent.socket.close();
    }
  });

  it('does not pause a command forever for a page that stopped reading, the only one there is', async () => {
    const { session } = await h.client.request('project.open', { path: project, newSession: true });
    const frozen = await connectPage(h.server);
    try {
      const { terminalId } = await frozen.client.request('terminal.open', { sessionId: session.id, cols: 80, rows: 24 });
      const finished = new Promise<number | null>((resolve) => {
        frozen.client.on('run.finished', (run) => run.command.startsWith('head -c') && resolve(run.exitCode));
      });
      // It types the command, then never acknowledges a character (a frozen or background page).
      frozen.client.notify('terminal.input', { terminalId, data: `head -c 1000000 /dev/zero | tr '\\0' y\r` });
      expect(await finished).toBe(0);
    } finally {
      frozen.socket.close();
    }
  });
});
