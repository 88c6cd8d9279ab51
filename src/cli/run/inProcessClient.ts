// The engine's own client, talking to an engine in this process: the CLI goes
// through the same contract (validation included) as the app's UI.
import type { Engine } from '../../core/engine/engine';
import { EngineClient } from '../../shared/client';
import type { ServerMessage } from '../../shared/contract';

export function inProcessClient(engine: Engine): { client: EngineClient; close(): void } {
  const listeners = new Set<(message: ServerMessage) => void>();
  const connection = engine.connect((message) => {
    for (const listener of listeners) listener(message);
  });
  const client = new EngineClient({
    send: (message) => connection.receive(message),
    onMessage: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
  return {
    client,
    close() {
      client.dispose();
      connection.close();
    },
  };
}
