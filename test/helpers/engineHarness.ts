// A real engine behind a real loopback server, and a page's client of it
// (a WebSocket with the token in its handshake): for integration tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type WebSocket from 'ws';
import type { EngineClient } from '../../src/shared/client';
import { openSocket, socketClient } from './loopbackClient';
import { shellHomeEnv } from './shellHome';
import { Engine, type EngineOptions } from '../../src/core/engine/engine';
import { resolveResourcesDir } from '../../src/core/platform/fs/paths';
import { startLoopbackServer, type LoopbackServer, type LoopbackServerOptions } from '../../src/core/transport/loopbackServer';

export interface Harness {
  engine: Engine;
  server: LoopbackServer;
  client: EngineClient;
  dataDir: string;
  close(): Promise<void>;
}

/** Engine options a test may set (the terminals' client timeouts, cgroups), and the server's. */
export type HarnessOptions = Partial<Pick<EngineOptions, 'stalledClientMs' | 'lastClientGraceMs' | 'shellCgroups' | 'dataDir'>> &
  Pick<LoopbackServerOptions, 'staticDir' | 'log'>;

/** `dataDir`: where the journal goes (say, a small disk); default a new temporary folder. Removed at close either way. */
export async function startHarness({ staticDir, log, dataDir = mkdtempSync(join(tmpdir(), 'stepwise-engine-')), ...engineOptions }: HarnessOptions = {}): Promise<Harness> {
  // The engine's shells inherit this process's environment (each test file runs in its own process).
  Object.assign(process.env, shellHomeEnv());
  const engine = Engine.open({ dataDir, resourcesDir: resolveResourcesDir(), host: 'server', version: 'test', ...engineOptions });
  const server = await startLoopbackServer({ engine, staticDir, log });
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

/** One more page of the server: a WebSocket client with the page's origin and token. */
export async function connectPage(server: Pick<LoopbackServer, 'port' | 'token'>): Promise<{ client: EngineClient; socket: WebSocket }> {
  const socket = await openSocket(server, { origin: `http://127.0.0.1:${server.port}`, token: server.token });
  return { client: socketClient(socket), socket };
}
