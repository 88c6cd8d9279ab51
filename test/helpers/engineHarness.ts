// Starts a real engine behind the real loopback server, on a temporary data
// directory, and connects a real WebSocket client to it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { EngineClient } from '../../src/shared/client';
import { shellHomeEnv } from './shellHome';
import type { ServerMessage } from '../../src/shared/contract';
import { Engine, type EngineOptions } from '../../src/core/engine/engine';
import { resolveResourcesDir } from '../../src/core/paths';
import { startLoopbackServer, type LoopbackServer } from '../../src/core/transport/loopbackServer';

export interface Harness {
  engine: Engine;
  server: LoopbackServer;
  client: EngineClient;
  dataDir: string;
  close(): Promise<void>;
}

/** Engine options a test may set: the terminals' client timeouts, cgroups. */
export type HarnessOptions = Partial<Pick<EngineOptions, 'stalledClientMs' | 'lastClientGraceMs' | 'shellCgroups'>>;

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  // The engine's shells inherit this process's environment (each test file runs in its own process).
  Object.assign(process.env, shellHomeEnv());
  const dataDir = mkdtempSync(join(tmpdir(), 'stepwise-engine-'));
  const engine = Engine.open({ dataDir, resourcesDir: resolveResourcesDir(), host: 'server', version: 'test', ...options });
  const server = await startLoopbackServer({ engine });
  const { client, socket } = await connectPage(server);
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

/** One more page of the server: a WebSocket client with the page's origin and cookie. */
export async function connectPage(server: Pick<LoopbackServer, 'port' | 'token'>): Promise<{ client: EngineClient; socket: WebSocket }> {
  const socket = await openSocket(server, { origin: `http://127.0.0.1:${server.port}`, cookie: true });
  const client = new EngineClient({
    send: (message) => socket.send(JSON.stringify(message)),
    onMessage: (listener) => {
      const handler = (data: WebSocket.RawData): void => listener(JSON.parse(data.toString()) as ServerMessage);
      socket.on('message', handler);
      return () => socket.off('message', handler);
    },
  });
  return { client, socket };
}

export function openSocket(
  server: Pick<LoopbackServer, 'port' | 'token'>,
  options: { origin?: string; cookie?: boolean; token?: string; host?: string },
): Promise<WebSocket> {
  const query = options.token === undefined ? '' : `?token=${options.token}`;
  const headers: Record<string, string> = {};
  if (options.cookie) headers.Cookie = `stepwise_token_${server.port}=${server.token}`;
  if (options.host) headers.Host = options.host;
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}/ws${query}`, { origin: options.origin, headers });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    socket.once('error', reject);
  });
}
