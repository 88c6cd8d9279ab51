// Starts a real engine behind the real loopback server, on a temporary data
// directory, and connects a real WebSocket client to it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { WS_PROTOCOL, WS_TOKEN_PREFIX } from '../../src/shared/browserAuth';
import { EngineClient } from '../../src/shared/client';
import { shellHomeEnv } from './shellHome';
import type { ServerMessage } from '../../src/shared/contract';
import { Engine } from '../../src/core/engine/engine';
import { resolveResourcesDir } from '../../src/core/paths';
import { startLoopbackServer, type LoopbackServer, type LoopbackServerOptions } from '../../src/core/transport/loopbackServer';

export interface Harness {
  engine: Engine;
  server: LoopbackServer;
  client: EngineClient;
  dataDir: string;
  close(): Promise<void>;
}

export async function startHarness(options: Pick<LoopbackServerOptions, 'staticDir' | 'log'> = {}): Promise<Harness> {
  // The engine's shells inherit this process's environment (each test file runs in its own process).
  Object.assign(process.env, shellHomeEnv());
  const dataDir = mkdtempSync(join(tmpdir(), 'stepwise-engine-'));
  const engine = Engine.open({ dataDir, resourcesDir: resolveResourcesDir(), host: 'server', version: 'test' });
  const server = await startLoopbackServer({ engine, ...options });
  const socket = await openSocket(server, { origin: `http://127.0.0.1:${server.port}`, token: server.token });
  const client = socketClient(socket);
  return {
    engine,
    server,
    client,
    dataDir,
    async close() {
      client.dispose();
      socket.close();
      await server.close();
      await engine.shutdown();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** An EngineClient over a `ws` socket, as the page has one over the browser's WebSocket. */
export function socketClient(socket: WebSocket): EngineClient {
  return new EngineClient({
    send: (message) => socket.send(JSON.stringify(message)),
    onMessage: (listener) => {
      const handler = (data: WebSocket.RawData): void => listener(JSON.parse(data.toString()) as ServerMessage);
      socket.on('message', handler);
      return () => socket.off('message', handler);
    },
  });
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
  server: Pick<LoopbackServer, 'port'>,
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
