// Hostile output into `stepwise parse` (the built CLI, reading stdin as a
// pipe): binary noise, invalid UTF-8, NUL bytes, and one line of 2 GiB
// generated as it is written (never on disk). Each must parse in bounded
// memory (the process's peak resident size, VmHWM, sampled until it exits)
// and give a sensible result: the real issues among the noise, and the
// over-long lines named. Replay with STEPWISE_SEED=<the seed printed>.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES } from '../../src/core/diagnostics/byteLines';
import { BuiltCli } from '../helpers/builtCli';
import { mib, RssSampler } from '../helpers/footprint';
import { seededRandom } from '../helpers/random';

const SEED = Number(process.env.STEPWISE_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** Node itself is ~50 MiB; a line's head (16 MiB), its decoded text and what the parsers keep of it fit in the rest. */
const MAX_RSS = 256 * 2 ** 20;

interface ParseJson {
  issues: { severity: string; tool: string; message: string }[];
  tests: unknown;
  cutLines: { count: number; first: { line: number; bytes: number }[] };
}

let cli: BuiltCli;
beforeAll(() => {
  console.log(`parseFlood: seed ${SEED} (replay with STEPWISE_SEED=${SEED})`);
  cli = BuiltCli.build({});
});
afterAll(async () => {
  await cli?.remove();
});

/** Writes each chunk `feed` yields, waiting whenever the pipe is full. */
async function write(stdin: Writable, chunks: Iterable<Buffer>): Promise<number> {
  let bytes = 0;
  for (const chunk of chunks) {
    bytes += chunk.length;
    if (!stdin.write(chunk)) await once(stdin, 'drain');
  }
  stdin.end();
  return bytes;
}

async function parse(name: string, chunks: Iterable<Buffer>): Promise<ParseJson> {
  const started = performance.now();
  const running = cli.start(['parse', '-', '--json'], {}, { stdin: 'pipe' });
  const memory = new RssSampler(running.child.pid!, 100);
  const [bytes, result] = await Promise.all([write(running.child.stdin!, chunks), running.done]);
  memory.stop();
  const seconds = (performance.now() - started) / 1000;
  console.log(`parseFlood ${name}: ${(bytes / 2 ** 20).toFixed(0)} MiB in ${seconds.toFixed(1)} s (${(bytes / 2 ** 20 / seconds).toFixed(0)} MiB/s), peak RSS ${mib(memory.peakBytes)}`);
  expect(result.code, result.stderr).toBe(0);
  expect(memory.peakBytes, `${name}: peak RSS`).toBeLessThan(MAX_RSS);
  return JSON.parse(result.stdout) as ParseJson;
}

const messages = (result: ParseJson): string[] => result.issues.map((issue) => issue.message);

function randomBytes(random: () => number, length: number): Buffer {
  const bytes = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) bytes[i] = Math.floor(random() * 256);
  return bytes;
}

describe('stepwise parse on hostile input', () => {
  it('finds the issues among 64 MiB of binary noise', async () => {
    const noise = randomBytes(seededRandom(SEED), 4 * 2 ** 20);
    const needle = Buffer.from('\nerror: needle in binary\n\n');
    const result = await parse('binary', (function* () {
      for (let i = 0; i < 16; i++) yield Buffer.concat([noise, needle]);
    })());
    expect(messages(result).filter((m) => m === 'needle in binary')).toHaveLength(16);
  });

  it('reads invalid UTF-8 as replacement characters, and the lines around it', async () => {
    const invalid = Buffer.from([0xff, 0xfe, 0xc0, 0xaf, 0x20, 0xed, 0xa0, 0x80, 0x20, 0xf4, 0x90, 0x80, 0x80, 0xe2, 0x82]);
    const line = Buffer.concat([Buffer.from('error: bad '), invalid, Buffer.from(' bytes\n\n')]);
    const junk = Buffer.concat(Array.from({ length: 4096 }, () => Buffer.concat([invalid, invalid, Buffer.from('\n')])));
    const result = await parse('invalid UTF-8', (function* () {
      for (let i = 0; i < 256; i++) yield Buffer.concat([junk, line]);
    })());
    const expected = `bad ${invalid.toString('utf8')} bytes`;
    expect(expected).toContain('\ufffd');
    expect(messages(result).filter((m) => m === expected)).toHaveLength(256);
  });

  it('reads NUL bytes in a line, and a line of 32 MiB of them', async () => {
    const result = await parse('NUL bytes', (function* () {
      yield Buffer.from('error: nul\0inside\n\n');
      for (let i = 0; i < 32; i++) yield Buffer.alloc(2 ** 20);
      yield Buffer.from('\nerror: after the NULs\n\n');
    })());
    expect(messages(result)).toEqual(['nul\0inside', 'after the NULs']);
    expect(result.cutLines).toEqual({ count: 1, first: [{ line: 3, bytes: 32 * 2 ** 20 }] });
  });

  it('reads one line of 2 GiB from stdin: its head names the issue, the line after it is read', async () => {
    const head = '{"reason":"compiler-message","package_id":"p","message":{"$message_type":"diagnostic","message":"a type too long to print","code":{"code":"E0320","explanation":null},"level":"error","spans":[],"children":[],"rendered":"';
    const block = Buffer.alloc(2 ** 20, 'A');
    const lineBytes = 2 * 2 ** 30;
    const result = await parse('a 2 GiB line', (function* () {
      yield Buffer.from('warning: before it\n\n');
      yield Buffer.from(head);
      for (let sent = head.length; sent < lineBytes; sent += block.length) yield sent + block.length <= lineBytes ? block : block.subarray(0, lineBytes - sent);
      yield Buffer.from('"}}\nerror: after it\n\n');
    })());
    expect(result.issues.map((i) => [i.severity, i.message])).toEqual([
      ['warning', 'before it'],
      ['error', 'a type too long to print'],
      ['error', 'after it'],
    ]);
    expect(result.cutLines).toEqual({ count: 1, first: [{ line: 3, bytes: lineBytes + 3 }] });
    expect(lineBytes).toBeGreaterThan(MAX_LINE_BYTES * 100);
  }, 600_000);
});
