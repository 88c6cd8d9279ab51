// OutputCapture keeps a command's head and tail within fixed byte budgets,
// however the output is chunked, with the cut marked by its exact size.
import { describe, expect, it } from 'vitest';
import { cutLine, OutputCapture } from '../../src/core/terminals/outputCapture';
import { seededRandom } from '../helpers/random';

const SEED = Number(process.env.STEPWISE_SEED ?? Math.floor(Math.random() * 2 ** 31));

function capture(chunks: string[], head: number, tail: number) {
  const output = new OutputCapture(head, tail);
  for (const chunk of chunks) output.append(chunk);
  return output.captured();
}

function randomOutput(random: () => number): string {
  const pieces = ['a', 'bc', 'é', '☃', '🦀', '\r\n', '\x1b[31m', 'x'.repeat(50)];
  let text = '';
  const length = Math.floor(random() * 400);
  for (let i = 0; i < length; i++) text += pieces[Math.floor(random() * pieces.length)];
  return text;
}

function randomChunks(text: string, random: () => number): string[] {
  const units = [...text]; // never split a surrogate pair: node-pty hands out whole characters
  const chunks: string[] = [];
  for (let at = 0; at < units.length; ) {
    const size = 1 + Math.floor(random() * 40);
    chunks.push(units.slice(at, at + size).join(''));
    at += size;
  }
  return chunks;
}

describe('OutputCapture', () => {
  it('keeps everything, unmarked, while it fits', () => {
    expect(capture(['héllo\r\n', 'wörld'], 8, 8)).toEqual({ text: 'héllo\r\nwörld', totalBytes: 14, keptBytes: 14 });
    expect(capture([], 8, 8)).toEqual({ text: '', totalBytes: 0, keptBytes: 0 });
  });

  it('cuts between whole lines when a line ends near the cut, and says exactly how much is not kept', () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `line ${i}\r\n`);
    const got = capture(lines, 100, 100);
    const text = lines.join('');
    const [head, tail] = got.text.split(`${cutLine(got.totalBytes - got.keptBytes)}\r\n`);
    expect(got.totalBytes).toBe(Buffer.byteLength(text));
    expect(text.startsWith(head!)).toBe(true);
    expect(text.endsWith(tail!)).toBe(true);
    expect(head!.endsWith('\r\n')).toBe(true);
    expect(tail!.startsWith('line ')).toBe(true);
    expect(got.keptBytes).toBe(Buffer.byteLength(head!) + Buffer.byteLength(tail!));
  });

  it('cuts one long line inside it, never inside a character', () => {
    const text = '🦀'.repeat(1000);
    const got = capture([text], 102, 102);
    const [head, tail] = got.text.split(/\r\n… .* …\r\n/);
    expect(head).toBe('🦀'.repeat(25)); // 100 of the 102 bytes: the 26th crab did not fit whole
    expect(tail).toBe('🦀'.repeat(25));
    expect(got.keptBytes).toBe(200);
    expect(got.text).toContain(cutLine(4000 - 200));
  });

  it(`gives the same text for any chunking as for one chunk (seed ${SEED})`, () => {
    const random = seededRandom(SEED);
    for (let round = 0; round < 300; round++) {
      const text = randomOutput(random);
      const head = 1 + Math.floor(random() * 300);
      const tail = Math.floor(random() * 300);
      const whole = capture([text], head, tail);
      expect(capture(randomChunks(text, random), head, tail), `round ${round}, seed ${SEED}`).toEqual(whole);
      expect(whole.totalBytes).toBe(Buffer.byteLength(text));
      expect(whole.keptBytes).toBeLessThanOrEqual(head + tail);
      if (whole.keptBytes === whole.totalBytes) expect(whole.text).toBe(text);
      else expect(whole.text).toContain(cutLine(whole.totalBytes - whole.keptBytes));
    }
  });

  it('counts a gigabyte and keeps only its budget', () => {
    const output = new OutputCapture(1024, 1024);
    const chunk = `${'y'.repeat(64 * 1024 - 2)}\r\n`;
    for (let i = 0; i < 16 * 1024; i++) output.append(chunk);
    const got = output.captured();
    expect(got.totalBytes).toBe(1024 ** 3);
    expect(got.text).toContain('… 1024 MiB not kept (1,073,739,776 bytes) …');
  });
});
