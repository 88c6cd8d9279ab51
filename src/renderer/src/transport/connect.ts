// Picks the transport: the Electron preload's bridge when there is one,
// else a WebSocket to the loopback server that served this page. The rest of
// the renderer sees only an EngineClient.
import { EngineClient, type Transport } from '../../../shared/client';
import type { ClientMessage, ServerMessage } from '../../../shared/contract';
import type { DesktopBridge } from '../../../shared/bridge';

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface Connection {
  client: EngineClient;
  bridge: DesktopBridge | null;
  onState(listener: (state: ConnectionState) => void): void;
}

export function connect(): Connection {
  const bridge = window.stepwise ?? null;
  if (bridge) {
    const client = new EngineClient(bridge);
    return { client, bridge, onState: (listener) => listener('open') };
  }
  return connectWebSocket();
}

/** The browser mode: the auth cookie set by the server rides along with the upgrade. */
function connectWebSocket(): Connection {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  const socket = new WebSocket(url);
  const queue: ClientMessage[] = [];
  const stateListeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = 'connecting';
  const setState = (next: ConnectionState): void => {
    state = next;
    for (const listener of stateListeners) listener(next);
  };

  const transport: Transport = {
    send(message) {
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
      else if (socket.readyState === WebSocket.CONNECTING) queue.push(message);
    },
    onMessage(listener) {
      const handler = (event: MessageEvent<string>): void => listener(JSON.parse(event.data) as ServerMessage);
      socket.addEventListener('message', handler);
      return () => socket.removeEventListener('message', handler);
    },
  };
  const client = new EngineClient(transport);
  socket.addEventListener('open', () => {
    for (const message of queue.splice(0)) socket.send(JSON.stringify(message));
    setState('open');
  });
  socket.addEventListener('close', () => {
    client.failPending('The connection to the Stepwise engine was closed');
    setState('closed');
  });
  return {
    client,
    bridge: null,
    onState(listener) {
      stateListeners.add(listener);
      listener(state);
    },
  };
}
