// The worker's half of the browser mode's socket (the page's half is
// renderer/src/engine/workerSocket.ts): opens the one WebSocket it is told to
// and relays it both ways, in order. A text message crosses as its string, a
// binary one (terminal output) as its ArrayBuffer, transferred: handed over
// to the page, not copied.

/** From the page to the worker. */
export type SocketCommand = { type: 'connect'; url: string; protocols: string[] } | { type: 'send'; text: string };

/** From the worker to the page. */
export type SocketReport = { type: 'open' } | { type: 'close' } | { type: 'text'; text: string } | { type: 'bytes'; bytes: ArrayBuffer };

/** The worker's global scope, as far as the relay uses it. */
export interface RelayScope {
  postMessage(report: SocketReport, transfer?: ArrayBuffer[]): void;
  addEventListener(type: 'message', listener: (event: { data: SocketCommand }) => void): void;
}

/** What the relay uses of a WebSocket: the browser's, or `ws`'s in the tests. */
export interface RelayedSocket {
  binaryType: string;
  readonly readyState: number;
  send(text: string): void;
  addEventListener(type: 'open' | 'close', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

const OPEN = 1; // WebSocket.OPEN, the same in every implementation

export function relaySocket(scope: RelayScope, open: (url: string, protocols: string[]) => RelayedSocket): void {
  let socket: RelayedSocket | null = null;
  scope.addEventListener('message', ({ data: command }) => {
    if (command.type === 'connect') {
      if (socket) return; // one socket per worker
      socket = open(command.url, command.protocols);
      socket.binaryType = 'arraybuffer';
      socket.addEventListener('open', () => scope.postMessage({ type: 'open' }));
      socket.addEventListener('close', () => scope.postMessage({ type: 'close' }));
      socket.addEventListener('message', ({ data }) => {
        if (typeof data === 'string') scope.postMessage({ type: 'text', text: data });
        else if (data instanceof ArrayBuffer) scope.postMessage({ type: 'bytes', bytes: data }, [data]);
      });
    } else if (socket?.readyState === OPEN) {
      // The page sends only once told `open`; a socket closed since drops it, as the page's own would.
      socket.send(command.text);
    }
  });
}
