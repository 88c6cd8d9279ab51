// Terminal output crosses the loopback WebSocket as binary frames (a real
// shell, the real server): whole UTF-8 characters, each frame's header counting
// its characters as JavaScript does (what flow control counts: a surrogate pair
// is two), and everything else still JSON text.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { decodeTerminalFrame, type TerminalFrame } from '../../src/shared/wire/terminalFrames';
import { connectPage, startHarness, type Harness } from '../helpers/engineHarness';

let h: Harness;
let project: string;
beforeAll(async () => {
  h = await startHarness();
  project = mkdtempSync(join(tmpdir(), 'stepwise-frames-'));
  writeFileSync(join(project, 'Cargo.toml'), '[package]\nname = "frames"\n');
});
afterAll(async () => {
  await h.close();
  rmSync(project, { recursive: true, force: true });
});

it('sends terminal output as binary frames, each with its count of characters', async () => {
  const page = await connectPage(h.server);
  const frames: TerminalFrame[] = [];
  const texts: string[] = [];
  page.socket.on('message', (data: Buffer, isBinary: boolean) => {
    if (isBinary) frames.push(decodeTerminalFrame(new Uint8Array(data)));
    else texts.push(data.toString());
  });
  try {
    const { session } = await page.client.request('project.open', { path: project });
    const { terminalId } = await page.client.request('terminal.open', { sessionId: session.id, cols: 80, rows: 24 });
    // Octal escapes: the command line itself stays ASCII, the output is 2-, 3- and 4-byte UTF-8.
    page.client.notify('terminal.input', { terminalId, data: "printf 'caf\\303\\251 \\342\\234\\223 \\360\\237\\246\\200 %s\\n' done\r" });
    const decoder = new TextDecoder();
    const output = (): string => frames.map((f) => decoder.decode(f.bytes)).join('');
    await expect.poll(output, { timeout: 15_000 }).toContain('café ✓ 🦀 done');

    expect(frames.every((f) => f.terminalId === terminalId)).toBe(true);
    for (const frame of frames) expect(frame.chars).toBe(decoder.decode(frame.bytes).length);
    expect(texts.some((t) => t.includes('"terminal.data"'))).toBe(false);
    expect(texts.some((t) => t.includes('"terminal.state"'))).toBe(true); // the other events stay JSON
  } finally {
    page.client.dispose();
    page.socket.close();
  }
});
