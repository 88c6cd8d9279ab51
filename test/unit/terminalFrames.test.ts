import { describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../src/shared/contract';
import {
  FRAME_VERSION,
  decodeTerminalFrame,
  encodeTerminalFrame,
  packServerMessage,
  unpackTerminalFrame,
} from '../../src/shared/wire/terminalFrames';

const ID = '3f2b9c1e-7a4d-4e8f-9b6a-0c5d2e1f4a3b';
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

describe('terminal frames', () => {
  it.each([
    ['ASCII with CRLF and escapes', 'total 8\r\n\x1b[1;34mdrwxr-xr-x\x1b[0m src\r\n'],
    ['2- and 3-byte characters', 'café — 漢字 ✓'],
    ['pairs (4-byte characters)', 'ok 🦀🦀 done'],
    ['nothing', ''],
  ])('carry %s whole, with the character count flow control acknowledges', (_, data) => {
    const frame = decodeTerminalFrame(encodeTerminalFrame(ID, data));
    expect(frame.terminalId).toBe(ID);
    expect(frame.chars).toBe(data.length);
    expect(text(frame.bytes)).toBe(data);
  });

  it('decode a frame that is a view into a larger buffer (as a socket hands it over)', () => {
    const frame = encodeTerminalFrame(ID, 'héllo');
    const padded = new Uint8Array(frame.length + 10);
    padded.set(frame, 7);
    const decoded = decodeTerminalFrame(padded.subarray(7, 7 + frame.length));
    expect([decoded.terminalId, decoded.chars, text(decoded.bytes)]).toEqual([ID, 5, 'héllo']);
  });

  it('refuse what they cannot have been, saying what is wrong', () => {
    const good = encodeTerminalFrame('t1', 'abc');
    expect(() => decodeTerminalFrame(good.subarray(0, 5))).toThrow(/5 bytes: too short for a header/);
    expect(() => decodeTerminalFrame(Uint8Array.from([9, ...good.subarray(1)]))).toThrow(`byte 0 is version 9, this client reads version ${FRAME_VERSION}`);
    expect(() => decodeTerminalFrame(Uint8Array.from([FRAME_VERSION, 0, 0, 0, 0, 0, 0]))).toThrow(/terminal id is empty/);
    expect(() => decodeTerminalFrame(Uint8Array.from([FRAME_VERSION, 200, 1, 2, 3, 4, 5, 6]))).toThrow(/200-byte terminal id, which does not fit/);
    const lying = Uint8Array.from(good);
    lying[4] = 99; // the count's low byte: 99 characters in 3 bytes
    expect(() => decodeTerminalFrame(lying)).toThrow(/say 99 characters for 3 bytes/);
    expect(() => encodeTerminalFrame('', 'x')).toThrow(/1 to 255 bytes/);
    expect(() => encodeTerminalFrame('x'.repeat(256), 'x')).toThrow(/takes 256/);
  });

  it('pack only terminal output; unpack it as bytes for xterm.js or as the text the engine sent', () => {
    const other: ServerMessage = { type: 'event', event: 'terminal.exit', payload: { terminalId: ID, exitCode: 0 } };
    expect(packServerMessage(other)).toBe(other);
    const reply: ServerMessage = { type: 'response', id: 1, ok: true, result: null };
    expect(packServerMessage(reply)).toBe(reply);
    const packed = packServerMessage({ type: 'event', event: 'terminal.data', payload: { terminalId: ID, data: 'é\r\n' } });
    expect(packed).toBeInstanceOf(Uint8Array);
    expect(unpackTerminalFrame(packed as Uint8Array, 'text')).toEqual({ type: 'event', event: 'terminal.data', payload: { terminalId: ID, data: 'é\r\n' } });
    const asBytes = unpackTerminalFrame(packed as Uint8Array, 'bytes');
    expect(asBytes).toMatchObject({ event: 'terminal.bytes', payload: { terminalId: ID, chars: 3 } });
    expect(text((asBytes as { payload: { bytes: Uint8Array } }).payload.bytes)).toBe('é\r\n');
  });
});
