// ByteLines hands out the same lines, cut the same way, however the chunks
// fall; a line past the cap keeps its head and says how long it was. The
// parser reads the head of a cut line and goes on reading the lines after it
// as if it had been whole.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ByteLines, MAX_LINE_BYTES, type CutLine } from '../../src/core/diagnostics/byteLines';
import { OutputParser, parseOutput } from '../../src/core/diagnostics/outputParser';
import { seededRandom } from '../helpers/random';

const SEED = Number(process.env.STEPWISE_SEED ?? Math.floor(Math.random() * 2 ** 31));

interface Line {
  text: string;
  cut?: CutLine;
}

function collect(lines: ByteLines, chunks: Buffer[]): Line[] {
  const out: Line[] = [];
  const sink = (bytes: Buffer, start: number, end: number, cut?: CutLine): void => {
    out.push(cut ? { text: bytes.toString('latin1', start, end), cut } : { text: bytes.toString('latin1', start, end) });
  };
  for (const chunk of chunks) lines.push(chunk, sink);
  lines.end(sink);
  return out;
}

/** What splitting at `\n` and keeping `cap` bytes of each line gives. */
function expected(text: string, cap: number): Line[] {
  const parts = text.split('\n');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts.map((part, i) => (part.length > cap ? { text: part.slice(0, cap), cut: { line: i + 1, bytes: part.length } } : { text: part }));
}

/** Random text: short and long lines, empty ones, bytes of every value but `\n` inside them. */
function randomText(random: () => number): string {
  let text = '';
  const lines = 1 + Math.floor(random() * 30);
  for (let i = 0; i < lines; i++) {
    const long = random() < 0.3;
    const length = long ? Math.floor(random() * 5000) : Math.floor(random() * 40);
    for (let j = 0; j < length; j++) text += String.fromCharCode(random() < 0.9 ? 97 + (j % 26) : Math.floor(random() * 256) || 1).replace('\n', 'n');
    if (i < lines - 1 || random() < 0.5) text += '\n';
  }
  return text;
}

function randomChunks(bytes: Buffer, random: () => number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; ) {
    const size = 1 + Math.floor(random() * (random() < 0.5 ? 8 : 3000));
    chunks.push(Buffer.from(bytes.subarray(at, at + size)));
    at += size;
  }
  return chunks;
}

describe('ByteLines', () => {
  it(`gives the same lines and cuts for random chunk boundaries as for one chunk (seed ${SEED})`, () => {
    const random = seededRandom(SEED);
    for (let round = 0; round < 300; round++) {
      const text = randomText(random);
      const bytes = Buffer.from(text, 'latin1');
      const cap = 1 + Math.floor(random() * 1000);
      const whole = collect(new ByteLines(cap), [Buffer.from(bytes)]);
      expect(whole, `round ${round}, seed ${SEED}`).toEqual(expected(text, cap));
      expect(collect(new ByteLines(cap), randomChunks(bytes, random)), `round ${round}, seed ${SEED}`).toEqual(whole);
    }
  });

  it('keeps the head of a line spread over many chunks, counts the rest, and goes on after it', () => {
    const lines = new ByteLines(100);
    const chunks = [Buffer.from('first\nab')];
    for (let i = 0; i < 10_000; i++) chunks.push(Buffer.alloc(1000, 0x78));
    chunks.push(Buffer.from('cd\nlast\n'));
    const got = collect(lines, chunks);
    expect(got.map((l) => l.text)).toEqual(['first', `ab${'x'.repeat(98)}`, 'last']);
    expect(got[1]!.cut).toEqual({ line: 2, bytes: 2 + 10_000_000 + 2 });
  });

  it('holds no more than the cap of a line that never ends', () => {
    const lines = new ByteLines(4096);
    const sink = (): void => {};
    for (let i = 0; i < 10_000; i++) lines.push(Buffer.alloc(1000, 0x79), sink);
    // The held head is a private buffer no larger than the cap.
    expect((lines as unknown as { partial: Buffer }).partial.length).toBeLessThanOrEqual(4096);
    const got = collect(lines, []);
    expect(got).toEqual([{ text: 'y'.repeat(4096), cut: { line: 1, bytes: 10_000_000 } }]);
  });
});

describe('OutputParser on cut lines', () => {
  const outputs = fileURLToPath(new URL('../fixtures/outputs/', import.meta.url));
  const json = readFileSync(`${outputs}cargo-check-json.ansi.txt`, 'utf8');
  const jsonLines = json.split('\n').filter((line) => line.startsWith('{"reason":"compiler-message"'));
  const message = JSON.parse(jsonLines[0]!) as { message: { rendered: string; spans: unknown[] } };

  /** The first compiler message with its rendered text grown past the cap, as rustc's longest messages are. */
  function hugeMessage(): string {
    const grown = structuredClone(message);
    grown.message.rendered = `${grown.message.rendered}${'note: a long type '.repeat(Math.ceil(MAX_LINE_BYTES / 18) + 10)}`;
    return JSON.stringify(grown);
  }

  it('names the issue of a cut cargo JSON message from its head, and reads the lines after it', () => {
    const huge = hugeMessage();
    expect(huge.length).toBeGreaterThan(MAX_LINE_BYTES);
    const text = `${json}${huge}\n${json}error: after the cut\n`;
    const result = parseOutput(text);
    const whole = parseOutput(json).diagnostics;
    const [first] = parseOutput(`${jsonLines[0]}\n`).diagnostics;
    // The issues before and after the cut line, the cut line's own (as if whole, but for its rendered text), the error after.
    expect(result.diagnostics.map(({ rendered: _, ...d }) => d)).toEqual(
      [...whole, first!, ...whole].map(({ rendered: _, ...d }) => d).concat([expect.objectContaining({ severity: 'error', message: 'after the cut' })]),
    );
    const cutLine = json.split('\n').length;
    expect(result.cutLines).toEqual({ count: 1, first: [{ line: cutLine, bytes: Buffer.byteLength(huge) }] });
  });

  it('names the issue of a cut message in rustc 1.95 key order (message, code, level, spans, then rendered)', () => {
    const line = JSON.parse(jsonLines[0]!) as Record<string, unknown> & { message: Record<string, unknown> };
    const { message: m } = line;
    const reordered = { $message_type: 'diagnostic', message: m.message, code: m.code, level: m.level, spans: m.spans, children: m.children, rendered: `${String(m.rendered)}${'x'.repeat(MAX_LINE_BYTES)}` };
    const huge = JSON.stringify({ ...line, message: reordered });
    const result = parseOutput(`${huge}\nwarning: after the cut\n\n`);
    const [first] = parseOutput(`${jsonLines[0]}\n`).diagnostics;
    expect(result.diagnostics.map(({ rendered: _, ...d }) => d)).toEqual([
      (({ rendered: _, ...d }) => d)(first!),
      expect.objectContaining({ severity: 'warning', message: 'after the cut' }),
    ]);
  });

  it('gives back an open pretty-printed object as text when a cut line comes inside it', () => {
    const text = `{\n  "a": 1,\n${' '.repeat(MAX_LINE_BYTES + 5)}x\nerror: after the cut\n\n`;
    const result = parseOutput(text);
    expect(result.diagnostics.map((d) => d.message)).toEqual(['after the cut']);
    expect(result.cutLines.count).toBe(1);
  });

  it('reads a cut line that is not JSON as its head: an error it starts is still an error', () => {
    const parser = new OutputParser();
    parser.push(`error: ${'y'.repeat(MAX_LINE_BYTES)}\n\nwarning: unused\n\n`);
    const result = parser.end();
    expect(result.diagnostics.map((d) => [d.severity, d.message.length > 1000 ? 'long' : d.message])).toEqual([
      ['error', 'long'],
      ['warning', 'unused'],
    ]);
  });
});
