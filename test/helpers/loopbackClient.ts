// A WebSocket client of the loopback server, as the page is one: the token in
// the handshake's subprotocols. Plain `ws`, no engine: e2e specs use it too.
import type { ChildProcess } from 'node:child_process';
import WebSocket from 'ws';
import { WS_PROTOCOL, WS_TOKEN_PREFIX } from '../../src/shared/browserAuth';
import { EngineClient } from '../../src/shared/client';
import type { ServerMessage } from '../../src/shared/contract';
import { unpackTerminalFrame } from '../../src/shared/wire/terminalFrames';

/** An EngineClient over a `ws` socket, as the page has one over the browser's WebSocket. */
export function socketClient(socket: WebSocket): EngineClient {
  return new EngineClient({
    send: (message) => socket.send(JSON.stringify(message)),
    onMessage: (listener) => {
      // Terminal output comes as binary frames: decoded to terminal.data, as the engine sent it.
      const handler = (data: WebSocket.RawData, isBinary: boolean): void =>
        listener(isBinary ? unpackTerminalFrame(rawBytes(data), 'text') : (JSON.parse(data.toString()) as ServerMessage));
      socket.on('message', handler);
      return () => socket.off('message', handler);
    },
  });
}

function rawBytes(data: WebSocket.RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}

/** The page's subprotocols: the protocol and the token entry. */
export function tokenProtocols(token: string): string[] {
  return [WS_PROTOCOL, `${WS_TOKEN_PREFIX}${token}`];
}

/**
 * A WebSocket to the server's /ws. `token` goes in the handshake as the page
 * sends it; `protocols` replaces the subprotocol list whole; `headers` adds any
 * other (a Cookie, a Host).
 */
export function openSocket(
  server: { port: number },
  options: { origin?: string; token?: string; protocols?: string[]; headers?: Record<string, string>; path?: string },
): Promise<WebSocket> {
  const protocols = options.protocols ?? (options.token === undefined ? [] : tokenProtocols(options.token));
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}${options.path ?? '/ws'}`, protocols, {
    origin: options.origin,
    headers: options.headers,
  });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    socket.once('error', reject);
  });
}

/** The URL `stepwise serve` printed (`http://127.0.0.1:PORT/#token=…`) in `output`, with its port and token; null until printed. */
export function printedServerUrl(output: string): { url: string; port: number; token: string } | null {
  const match = /https?:\/\/127\.0\.0\.1:\d+\/#token=\S+/.exec(output);
  if (!match) return null;
  const url = new URL(match[0]);
  return { url: match[0], port: Number(url.port), token: new URLSearchParams(url.hash.slice(1)).get('token') ?? '' };
}

/** Waits for a started `stepwise serve` to print its URL; fails with all it printed if it exits first or stays silent. */
export function waitForServerUrl(
  child: ChildProcess,
  timeoutMs: number,
): Promise<{ url: string; port: number; token: string; log: () => string }> {
  let log = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stepwise serve printed no URL in ${timeoutMs / 1000} s:\n${log}`)), timeoutMs);
    const read = (chunk: Buffer): void => {
      log += chunk.toString();
      const printed = printedServerUrl(log);
      if (printed) {
        clearTimeout(timer);
        resolve({ ...printed, log: () => log });
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`stepwise serve exited with ${code}:\n${log}`));
    });
  });
}
