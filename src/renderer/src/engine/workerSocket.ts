// The browser mode's WebSocket, owned by a dedicated worker (shared/wire/socketRelay.ts).
// Receiving a message costs Chromium's main thread about 24 ms a megabyte
// however it is cut (10 MB of binary frames: 240 ms of the page's tasks on
// its own socket, 25-40 ms through a worker), and a flood of terminal output
// needs that time for xterm.js's parsing and drawing. The worker hands each
// message over as it came, in order: text as a string, bytes transferred.
import type { SocketCommand, SocketReport } from '../../../shared/wire/socketRelay';
import SocketWorker from './socketWorker?worker';

export interface SocketEvents {
  open(): void;
  message(data: string | ArrayBuffer): void;
  /** The socket closed, or never opened (the worker could not start either). */
  close(): void;
}

/** Opens `url`; `send` only after `open`. */
export function openWorkerSocket(url: string, protocols: string[], events: SocketEvents): { send(text: string): void } {
  const worker = new SocketWorker({ name: 'stepwise-socket' });
  const command = (message: SocketCommand): void => worker.postMessage(message);
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    worker.terminate();
    events.close();
  };
  worker.addEventListener('message', ({ data: report }: MessageEvent<SocketReport>) => {
    if (report.type === 'open') events.open();
    else if (report.type === 'close') close();
    else events.message(report.type === 'text' ? report.text : report.bytes);
  });
  // The worker's script did not load or threw: there is no socket.
  worker.addEventListener('error', close);
  command({ type: 'connect', url, protocols });
  return { send: (text) => command({ type: 'send', text }) };
}
