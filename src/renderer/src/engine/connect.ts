// Picks the transport: the Electron preload's bridge when there is one,
// else a WebSocket to the loopback server that served this page (held by a
// worker: workerSocket.ts). The rest of the renderer sees only an EngineClient.
import { EngineClient, type Transport } from '../../../shared/client';
import type { ClientMessage, ServerMessage } from '../../../shared/contract';
import type { DesktopBridge } from '../../../shared/bridge';
import { WS_PROTOCOL, WS_TOKEN_PREFIX } from '../../../shared/browserAuth';
import { unpackTerminalFrame } from '../../../shared/wire/terminalFrames';
import { forgetBrowserToken, takeBrowserToken } from './browserToken';
import { openWorkerSocket } from './workerSocket';

/**
 * `no-token`: the page was opened without the URL `stepwise serve` printed;
 * `refused`: the server is up but refused the token (it restarted since).
 * Both need the user to open the printed URL; neither is retried.
 */
export type ConnectionState = 'connecting' | 'open' | 'closed' | 'no-token' | 'refused';

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

/** The browser mode: the token rides in the handshake, so no socket ever opens without it. */
function connectWebSocket(): Connection {
  const queue: ClientMessage[] = [];
  const stateListeners = new Set<(state: ConnectionState) => void>();
  const messageListeners = new Set<(message: ServerMessage) => void>();
  const token = takeBrowserToken();
  let state: ConnectionState = token ? 'connecting' : 'no-token';
  const setState = (next: ConnectionState): void => {
    state = next;
    for (const listener of stateListeners) listener(next);
  };

  const transport: Transport = {
    send(message) {
      if (state === 'open') socket?.send(JSON.stringify(message));
      else if (state === 'connecting') queue.push(message);
      // No connection to wait for: a request fails now rather than hang.
      else if (message.type === 'request') queueMicrotask(() => client.failPending('Not connected to the Stepwise engine'));
    },
    onMessage(listener) {
      messageListeners.add(listener);
      return () => messageListeners.delete(listener);
    },
  };
  const client = new EngineClient(transport);
  let opened = false;
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  const socket = !token
    ? null
    : openWorkerSocket(url, [WS_PROTOCOL, `${WS_TOKEN_PREFIX}${token}`], {
        open() {
          opened = true;
          for (const message of queue.splice(0)) socket?.send(JSON.stringify(message));
          setState('open');
        },
        message(data) {
          // A binary message is terminal output: its bytes go to xterm.js undecoded.
          const message = typeof data === 'string' ? (JSON.parse(data) as ServerMessage) : unpackTerminalFrame(new Uint8Array(data), 'bytes');
          for (const listener of messageListeners) listener(message);
        },
        close() {
          client.failPending('The connection to the Stepwise engine was closed');
          if (opened) return setState('closed');
          // A browser hides why a handshake failed: a server that still answers refused the token.
          void serverAnswers().then((up) => {
            if (up) forgetBrowserToken();
            setState(up ? 'refused' : 'closed');
          });
        },
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

async function serverAnswers(): Promise<boolean> {
  try {
    await fetch('/', { method: 'HEAD', cache: 'no-store' });
    return true;
  } catch {
    return false;
  }
}
