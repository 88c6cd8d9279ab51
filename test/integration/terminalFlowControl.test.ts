// A flood of output from a real shell must not outrun a client that does not
// acknowledge: the engine pauses the pty, and resumes on acknowledgement.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlowControl } from '../../src/shared/flowControl';
import { startHarness, type Harness } from '../helpers/engineHarness';

const FLOOD_CHARS = 4_000_000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('terminal flow control through the real transport', () => {
  let h: Harness;
  let project: string;
  beforeAll(async () => {
    h = await startHarness();
    project = mkdtempSync(join(tmpdir(), 'stepwise-flood-'));
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
