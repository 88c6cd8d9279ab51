// Starts a real engine behind the real loopback server, on a temporary data
// directory, and connects a real WebSocket client to it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineClient } from '../../src/shared/client';
import { openSocket, socketClient } from './loopbackClient';
import { shellHomeEnv } from './shellHome';
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
