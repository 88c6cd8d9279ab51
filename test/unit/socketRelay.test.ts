// The browser mode's socket worker, relaying a real WebSocket (`ws`, as the
// engine's loopback server uses) both ways.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { relaySocket, type RelayedSocket, type RelayScope, type SocketCommand, type SocketReport } from '../../src/shared/wire/socketRelay';

/** A worker's scope: what the relay posts, in order, with what it transferred. */
function scope() {
  const posted: { report: SocketReport; transfer: ArrayBuffer[] }[] = [];
  let listener: ((event: { data: SocketCommand }) => void) | null = null;
  const worker: RelayScope = {
    postMessage: (report, transfer = []) => void posted.push({ report, transfer }),
    addEventListener: (_type, l) => void (listener = l),
  };
  return { worker, posted, command: (data: SocketCommand) => listener?.({ data }) };
}

const until = async (done: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!done()) throw new Error('timed out');
};

let server: WebSocketServer | null = null;
afterEach(() => server?.close());

describe('socketRelay', () => {
  it('relays text as strings and binary as transferred ArrayBuffers, in order, and sends once open', async () => {
    server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await once(server, 'listening');
    const received: string[] = [];
    let protocol = '';
    server.on('connection', (ws, request) => {
      protocol = request.headers['sec-websocket-protocol'] ?? '';
      ws.on('message', (data) => received.push(String(data)));
      ws.send('{"type":"event"}');
      ws.send(Buffer.from([1, 2, 3]), { binary: true });
      ws.send('after');
    });
    const { worker, posted, command } = scope();
    relaySocket(worker, (url, protocols) => new WebSocket(url, protocols) as unknown as RelayedSocket);
    command({ type: 'send', text: 'before connecting: dropped' });
    command({ type: 'connect', url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`, protocols: ['stepwise.v1', 'stepwise.token.t'] });
    await until(() => posted.length === 4);
    expect(protocol.split(/,\s*/)).toEqual(['stepwise.v1', 'stepwise.token.t']);
    expect(posted.map((p) => p.report.type)).toEqual(['open', 'text', 'bytes', 'text']);
    const bytes = posted[2]!;
    expect(bytes.report.type === 'bytes' && [...new Uint8Array(bytes.report.bytes)]).toEqual([1, 2, 3]);
    expect(bytes.transfer).toEqual([bytes.report.type === 'bytes' && bytes.report.bytes]);
    expect(posted[1]!.transfer).toEqual([]);
    command({ type: 'send', text: 'hello' });
    await until(() => received.length === 1);
    expect(received).toEqual(['hello']);
    for (const client of server.clients) client.close();
    await until(() => posted.length === 5);
    expect(posted[4]!.report).toEqual({ type: 'close' });
  });
});
