// The renderer's single connection to the engine.
import { connect, type Connection } from './connect';

let connection: Connection | null = null;

export function engine(): Connection {
  connection ??= connect();
  return connection;
}
