// The engine's own client, talking to an engine in this process: the CLI goes
// through the same contract (validation included) as the app's UI.
import type { ConnectOptions, Engine } from '../../core/engine/engine';
import { EngineClient } from '../../shared/client';
import type { ServerMessage } from '../../shared/contract';

/** Patient by default: the CLI's stdout is the run's record, so the terminal waits for it rather than skip output. */
export function inProcessClient(engine: Engine, options: ConnectOptions = { patient: true }): { client: EngineClient; close(): void } {
  const listeners = new Set<(message: ServerMessage) => void>();
  const connection = engine.connect((message) => {
    for (const listener of listeners) listener(message);
  }, options);
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
