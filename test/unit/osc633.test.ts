import { describe, expect, it } from 'vitest';
import { Osc633Parser, unescapeValue, type TerminalEvent } from '../../src/core/terminals/osc633';

/** Escapes a value the way the shell integration scripts do before they send it. */
function escapeValue(value: string): string {
  return value.replace(/[\\;\x00-\x1f]/g, (c) => (c === '\\' ? '\\\\' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

const BEL = '\x07';
const ST = '\x1b\\';
const osc = (payload: string, end = BEL): string => `\x1b]633;${payload}${end}`;

/** Merge adjacent output events so differently chunked streams compare equal. */
function normalize(events: TerminalEvent[]): TerminalEvent[] {
  const out: TerminalEvent[] = [];
  for (const e of events) {
    const last = out[out.length - 1];
    if (e.type === 'output' && last?.type === 'output') last.data += e.data;
    else out.push(e.type === 'output' ? { ...e } : e);
  }
  return out;
}

function parseChunks(chunks: string[]): TerminalEvent[] {
  const parser = new Osc633Parser();
  const events = chunks.flatMap((c) => parser.push(c));
  return normalize([...events, ...parser.end()]);
}

const outputOf = (events: TerminalEvent[]): string =>
  events.map((e) => (e.type === 'output' ? e.data : '')).join('');

// A realistic stretch of shell output: colours, a title OSC, marks with BEL and ST.
const cmdLine = 'echo "a;b\\c"\nnext';
const cwd = '/tmp/we;ird\\dir\nx';
const stream =
  osc(`P;Cwd=${escapeValue('/home/me')}`) +
  osc('A') +
  '\x1b[32mme@host\x1b[0m $ ' +
  osc('B', ST) +
  'echo hi\r\n' +
  osc(`E;${escapeValue(cmdLine)}`) +
  osc('C') +
  '\x1b]0;title\x07hi\r\n\x1b[1mbold\x1b[0m\r\n' +
  osc('D;3', ST) +
  osc(`P;Cwd=${escapeValue(cwd)}`) +
  osc('A') +
  '$ ' +
  osc('B') +
  osc('D');

const expected: TerminalEvent[] = [
  { type: 'cwd', cwd: '/home/me' },
  { type: 'promptStart' },
  { type: 'output', data: '\x1b[32mme@host\x1b[0m $ ' },
  { type: 'promptEnd' },
  { type: 'output', data: 'echo hi\r\n' },
  { type: 'commandLine', commandLine: cmdLine },
  { type: 'commandStart' },
  { type: 'output', data: '\x1b]0;title\x07hi\r\n\x1b[1mbold\x1b[0m\r\n' },
  { type: 'commandEnd', exitCode: 3 },
  { type: 'cwd', cwd },
  { type: 'promptStart' },
  { type: 'output', data: '$ ' },
  { type: 'promptEnd' },
  { type: 'commandEnd', exitCode: null },
];

describe('Osc633Parser', () => {
  it('parses marks ended by BEL and by ST, passing other sequences through', () => {
    expect(parseChunks([stream])).toEqual(expected);
  });

  it('round-trips escaped values: ; \\ newline and other control characters', () => {
    for (const value of ['a;b', 'back\\slash', 'new\nline', 'tab\tesc\x1bbel\x07', '\\x3b literal', 'ünï ☃']) {
      expect(unescapeValue(escapeValue(value))).toBe(value);
      expect(escapeValue(value)).not.toMatch(/[;\x00-\x1f]/);
      const events = parseChunks([osc(`E;${escapeValue(value)}`), osc(`P;Cwd=${escapeValue(value)}`, ST)]);
      expect(events).toEqual([
        { type: 'commandLine', commandLine: value },
        { type: 'cwd', cwd: value },
      ]);
    }
  });

  it('ignores a trailing nonce after the command line (VS Code style)', () => {
    expect(parseChunks([osc('E;ls\\x3b pwd;nonce123')])).toEqual([{ type: 'commandLine', commandLine: 'ls; pwd' }]);
  });

  it('gives the same events and output however the stream is split', () => {
    for (let i = 0; i <= stream.length; i++) {
      const events = parseChunks([stream.slice(0, i), stream.slice(i)]);
      expect(events, `split at ${i}`).toEqual(expected);
    }
    for (let i = 0; i < stream.length; i++) {
      for (const j of [i + 1, i + 3, i + 7]) {
        const events = parseChunks([stream.slice(0, i), stream.slice(i, j), stream.slice(j)]);
        expect(outputOf(events)).toBe(outputOf(expected));
      }
    }
    expect(parseChunks([...stream])).toEqual(expected);
  });

  it('reads a long mark that arrives a character at a time (held in parts, joined once)', () => {
    const line = `cargo build ${'--features x '.repeat(3000)}`;
    const text = `before${osc(`E;${escapeValue(line)}`)}${osc('C')}after`;
    expect(parseChunks([...text])).toEqual(parseChunks([text]));
    expect(parseChunks([text])).toEqual([
      { type: 'output', data: 'before' },
      { type: 'commandLine', commandLine: line },
      { type: 'commandStart' },
      { type: 'output', data: 'after' },
    ]);
  });

  it('holds back only what may start a 633 sequence', () => {
    const parser = new Osc633Parser();
    expect(parser.push('plain\x1b[1m')).toEqual([{ type: 'output', data: 'plain\x1b[1m' }]);
    expect(parser.push('text\x1b]63')).toEqual([{ type: 'output', data: 'text' }]);
    expect(parser.heldLength).toBe(4);
    expect(parser.push('4 other')).toEqual([{ type: 'output', data: '\x1b]634 other' }]);
    expect(parser.push('x\x1b')).toEqual([{ type: 'output', data: 'x' }]);
    expect(parser.push('[0m')).toEqual([{ type: 'output', data: '\x1b[0m' }]);
    expect(parser.heldLength).toBe(0);
  });

  it('passes a 633 sequence broken by another escape through as output', () => {
    expect(parseChunks(['\x1b]633;E;ls\x1b[0mafter', osc('C')])).toEqual([
      { type: 'output', data: '\x1b]633;E;ls\x1b[0mafter' },
      { type: 'commandStart' },
    ]);
  });

  it('bounds the held buffer and loses no bytes when a sequence never ends', () => {
    const parser = new Osc633Parser(1024);
    const junk = '\x1b]633;E;' + 'x'.repeat(600);
    let output = '';
    for (let i = 0; i < 10; i++) {
      for (const e of parser.push(i === 0 ? junk : 'y'.repeat(600))) if (e.type === 'output') output += e.data;
      expect(parser.heldLength).toBeLessThanOrEqual(1024);
    }
    for (const e of [...parser.push(osc('C')), ...parser.end()]) if (e.type === 'output') output += e.data;
    expect(output).toBe(junk + 'y'.repeat(5400));
  });

  it('reads exit codes, and none from a plain D', () => {
    expect(parseChunks([osc('D;0'), osc('D;130'), osc('D'), osc('D;')])).toEqual([
      { type: 'commandEnd', exitCode: 0 },
      { type: 'commandEnd', exitCode: 130 },
      { type: 'commandEnd', exitCode: null },
      { type: 'commandEnd', exitCode: null },
    ]);
  });
});
