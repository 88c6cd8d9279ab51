// Raw TCP to a local HTTP/WebSocket server: bytes no well-behaved client would
// send (malformed request lines and headers, half-sent requests, hand-built
// WebSocket frames), and whatever comes back.
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export interface RawReply {
  /** Everything the server sent, as latin1 (byte for byte). */
  text: string;
  /** The server closed the connection (rather than our timeout ending it). */
  closedByServer: boolean;
}

/**
 * Sends `bytes` on a fresh connection and gathers the answer as `exchange`
 * does, by default until a response's head has come. No FIN unless `end`:
 * Node's HTTP server drops a half-closed client's pending response.
 */
export function rawExchange(port: number, bytes: Buffer | string, options: ExchangeOptions & { end?: boolean } = {}): Promise<RawReply> {
  const socket = connect({ host: '127.0.0.1', port });
  return exchange(socket, bytes, { stopWhen: headComplete, ...options });
}

/** A response's status line and headers have all come. */
export const headComplete = (text: string): boolean => text.includes('\r\n\r\n');

export interface ExchangeOptions {
  timeoutMs?: number;
  /** Stop gathering (and close our end) once what came so far passes this. */
  stopWhen?: (text: string) => boolean;
}

/**
 * Writes `bytes` on `socket` (connected or connecting), then gathers the
 * answer until the server closes, `stopWhen` holds, or `timeoutMs`; the socket
 * is destroyed after.
 */
export function exchange(socket: Socket, bytes: Buffer | string, options: ExchangeOptions & { end?: boolean } = {}): Promise<RawReply> {
  return new Promise((resolve) => {
    let text = '';
    let settled = false;
    const finish = (closedByServer: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, closedByServer });
    };
    const timer = setTimeout(() => finish(false), options.timeoutMs ?? 3000);
    socket.on('error', () => finish(true)); // a reset is the server hanging up
    socket.on('close', () => finish(true));
    socket.on('end', () => finish(true));
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (options.stopWhen?.(text)) finish(false);
    });
    const send = (): void => {
      socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
      if (options.end) socket.end();
    };
    if (socket.connecting) socket.once('connect', send);
    else send();
  });
}

/** The status code of the first response in `text`, or 0 if there is none. */
export function statusOf(text: string): number {
  return Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0);
}

/** A WebSocket handshake request, as bytes; `headers` are added or replace the defaults (null drops one). */
export function handshake(port: number, headers: Record<string, string | null>, target = '/ws'): string {
  const all: Record<string, string | null> = {
    Host: `127.0.0.1:${port}`,
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
    'Sec-WebSocket-Version': '13',
    ...headers,
  };
  const lines = Object.entries(all)
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(([name, value]) => `${name}: ${value}`);
  return `GET ${target} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}

/** Opens a raw socket through a handshake that must succeed (101), for frames built by hand. */
export function openRawWebSocket(port: number, headers: Record<string, string>): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let text = '';
    const onData = (chunk: Buffer): void => {
      text += chunk.toString('latin1');
      if (!headComplete(text)) return;
      const end = text.indexOf('\r\n\r\n');
      socket.off('data', onData);
      if (statusOf(text) === 101) resolve(socket);
      else {
        socket.destroy();
        reject(new Error(`handshake refused: ${text.slice(0, end)}`));
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.on('connect', () => socket.write(handshake(port, headers)));
  });
}

export interface FrameSpec {
  fin?: boolean;
  /** RSV1..3 as bits 0b100, 0b010, 0b001. */
  rsv?: number;
  opcode: number;
  payload?: Buffer;
  /** A client must mask; false builds the unmasked frame a server must refuse. */
  mask?: boolean;
  /** Claim this length instead of the payload's (e.g. more than will ever come, or an invalid 64-bit one). */
  declaredLength?: bigint;
}

/** One WebSocket frame (RFC 6455 §5.2), valid or not as `spec` says. */
export function frame(spec: FrameSpec): Buffer {
  const payload = spec.payload ?? Buffer.alloc(0);
  const length = spec.declaredLength ?? BigInt(payload.length);
  const mask = spec.mask ?? true;
  const first = (spec.fin === false ? 0 : 0x80) | ((spec.rsv ?? 0) << 4) | (spec.opcode & 0x0f);
  let header: Buffer;
  if (length < 126n) header = Buffer.from([first, Number(length)]);
  else if (length < 65536n) {
    header = Buffer.alloc(4);
    header.writeUInt16BE(Number(length), 2);
    header[1] = 126;
  } else {
    header = Buffer.alloc(10);
    header.writeBigUInt64BE(length, 2);
    header[1] = 127;
  }
  header[0] = first;
  if (!mask) return Buffer.concat([header, payload]);
  header[1]! |= 0x80;
  const key = randomBytes(4);
  const masked = Buffer.from(payload);
  for (let i = 0; i < masked.length; i++) masked[i]! ^= key[i % 4]!;
  return Buffer.concat([header, key, masked]);
}

export const Opcode = { continuation: 0, text: 1, binary: 2, close: 8, ping: 9, pong: 10 } as const;
