// Terminal output as one binary WebSocket frame instead of a JSON text
// message: the page skips decoding and JSON-parsing megabytes of text and
// hands xterm.js the UTF-8 bytes (its parser decodes them itself). The header
// carries the terminal and how many characters (UTF-16 units, what flow
// control counts) the bytes hold, so the page acknowledges exactly what the
// engine counted without decoding anything.
//
//   byte 0      FRAME_VERSION
//   byte 1      n, the terminal id's length in UTF-8 bytes (1..255)
//   bytes 2..   the terminal id (UTF-8), then the character count (u32, little-endian)
//   the rest    the output, UTF-8
import type { ServerMessage } from '../contract';

export const FRAME_VERSION = 1;
const MAX_ID_BYTES = 255;

export interface TerminalFrame {
  terminalId: string;
  /** Characters (UTF-16 code units) of output the bytes decode to: what the client acknowledges. */
  chars: number;
  /** The output, UTF-8. */
  bytes: Uint8Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeTerminalFrame(terminalId: string, data: string): Uint8Array {
  const id = encoder.encode(terminalId);
  if (id.length === 0 || id.length > MAX_ID_BYTES) {
    throw new Error(`terminal frame: the terminal id must take 1 to ${MAX_ID_BYTES} bytes, ${JSON.stringify(terminalId)} takes ${id.length}`);
  }
  const head = 2 + id.length + 4;
  // A UTF-16 unit never takes more than 3 bytes of UTF-8 (a pair takes 4 for 2 units).
  const frame = new Uint8Array(head + data.length * 3);
  frame[0] = FRAME_VERSION;
  frame[1] = id.length;
  frame.set(id, 2);
  new DataView(frame.buffer).setUint32(2 + id.length, data.length, true);
  const { written } = encoder.encodeInto(data, frame.subarray(head));
  return frame.subarray(0, head + written);
}

/** Throws, saying what is wrong at which byte, for anything encodeTerminalFrame could not have made. */
export function decodeTerminalFrame(frame: Uint8Array): TerminalFrame {
  const fail = (what: string): never => {
    throw new Error(`terminal frame of ${frame.length} bytes: ${what}`);
  };
  if (frame.length < 7) fail('too short for a header (at least 7 bytes)');
  if (frame[0] !== FRAME_VERSION) fail(`byte 0 is version ${frame[0]}, this client reads version ${FRAME_VERSION}`);
  const idLength = frame[1]!;
  if (idLength === 0) fail('byte 1 says the terminal id is empty');
  const head = 2 + idLength + 4;
  if (frame.length < head) fail(`byte 1 says a ${idLength}-byte terminal id, which does not fit`);
  const chars = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(2 + idLength, true);
  const bytes = frame.subarray(head);
  // As many characters as bytes at most (ASCII), and never fewer than a third of them (3-byte UTF-8).
  if (chars > bytes.length || chars < bytes.length / 3) fail(`bytes ${2 + idLength}..${head - 1} say ${chars} characters for ${bytes.length} bytes of output`);
  return { terminalId: decoder.decode(frame.subarray(2, 2 + idLength)), chars, bytes };
}

/** A message for a transport that carries bytes: terminal output as a frame, anything else as it is. */
export function packServerMessage(message: ServerMessage): ServerMessage | Uint8Array {
  if (message.type !== 'event' || message.event !== 'terminal.data') return message;
  const { terminalId, data } = message.payload as { terminalId: string; data: string };
  return encodeTerminalFrame(terminalId, data);
}

/**
 * A frame as the message it was: `bytes` keeps the output as UTF-8 (a
 * `terminal.bytes` event, for xterm.js), `text` decodes it (`terminal.data`,
 * as the engine sent it).
 */
export function unpackTerminalFrame(frame: Uint8Array, as: 'bytes' | 'text'): ServerMessage {
  const { terminalId, chars, bytes } = decodeTerminalFrame(frame);
  return as === 'bytes'
    ? { type: 'event', event: 'terminal.bytes', payload: { terminalId, chars, bytes } }
    : { type: 'event', event: 'terminal.data', payload: { terminalId, data: decoder.decode(bytes) } };
}
