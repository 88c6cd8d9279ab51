// The browser mode's transport: an HTTP + WebSocket server on 127.0.0.1.
// Only the user who started it can drive its shell: the WebSocket opens only
// with the random token in its handshake and this server's Origin; the token
// is never a cookie (a browser sends cookies to every port of 127.0.0.1). See
// requestGuard.ts for who may ask what, and src/shared/browserAuth.ts for how
// the page carries the token.
//
// No request, however malformed, may stop the server: it runs the user's
// terminals. Every listener here catches its own errors.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { URL_TOKEN_PARAM, WS_PROTOCOL } from '../../shared/browserAuth';
import type { ServerMessage } from '../../shared/contract';
import { packServerMessage } from '../../shared/wire/terminalFrames';
import type { Engine, EngineConnection } from '../engine/engine';
import { RequestGuard } from './requestGuard';
import { refuse, requestPath, serveStatic } from './staticFiles';

export interface LoopbackServerOptions {
  engine: Engine;
  /** 0 picks a free port. */
  port?: number;
  /** The built renderer (out/renderer); without it only the WebSocket is served. */
  staticDir?: string;
  token?: string;
  /** Where a fault in a handler is told (it never stops the server). Default: stderr. */
  log?: (line: string) => void;
}

export interface LoopbackServer {
  /** `http://127.0.0.1:PORT/#token=…`: the fragment never leaves the browser. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

export async function startLoopbackServer(options: LoopbackServerOptions): Promise<LoopbackServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const log = options.log ?? ((line: string) => console.error(line));
  // Our requests are small GETs: a client that sends its headers slowly is dropped, not waited for.
  const server = createServer({ headersTimeout: 10_000, requestTimeout: 30_000 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const guard = new RequestGuard(HOST, port, token);
  // The guard has checked the token before the handshake: answer with the protocol, never the token entry.
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, handleProtocols: () => WS_PROTOCOL });
  const fault = (where: string, error: unknown): void => log(`stepwise serve: ${where} failed (the server goes on): ${String(error)}`);

  server.on('request', (req, res) => {
    try {
      const refusal = guard.checkHttp(req);
      if (refusal) return refuse(res, refusal.status, refusal.reason);
      serveStatic(req, res, options.staticDir).catch((error: unknown) => {
        fault(`serving ${req.url}`, error);
        refuse(res, 500, 'Internal error');
      });
    } catch (error) {
      fault('a request', error);
      refuse(res, 500, 'Internal error');
    }
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy()); // a reset mid-handshake is the client's business
    try {
      if (requestPath(req.url) !== '/ws') return endHandshake(socket, 404, 'Not Found');
      const refusal = guard.checkUpgrade(req);
      if (refusal) return endHandshake(socket, refusal.status, refusal.reason);
      sockets.handleUpgrade(req, socket, head, (ws) => attach(ws, options.engine, fault));
    } catch (error) {
      fault('a WebSocket handshake', error);
      socket.destroy();
    }
  });

  // A request Node could not parse (bad request line, headers too large, a timeout).
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    const status =
      error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
  });

  return {
    url: `http://${HOST}:${port}/#${URL_TOKEN_PARAM}=${token}`,
    port,
    token,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function endHandshake(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** One authenticated WebSocket, one engine connection. */
function attach(ws: WebSocket, engine: Engine, fault: (where: string, error: unknown) => void): void {
  // ws has already closed the socket with a status when it emits this (a bad frame, too big a message);
  // without a listener the error would be thrown and end the process.
  ws.on('error', () => undefined);
  const send = (message: ServerMessage): void => {
    if (ws.readyState !== ws.OPEN) return;
    try {
      // Terminal output goes as a binary frame, everything else as JSON text.
      const packed = packServerMessage(message);
      const done = (error?: Error): void => void (error && ws.terminate());
      if (packed instanceof Uint8Array) ws.send(packed, { binary: true }, done);
      else ws.send(JSON.stringify(packed), done);
    } catch (error) {
      fault('sending to a client', error);
      ws.terminate();
    }
  };
  let connection: EngineConnection;
  try {
    connection = engine.connect(send);
  } catch (error) {
    fault('connecting a client to the engine', error);
    ws.close(1011, 'the engine could not take this connection');
    return;
  }
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    let message: unknown;
    try {
      message = JSON.parse(data.toString());
    } catch {
      return; // not JSON: nothing a client of ours would send
    }
    try {
      connection.receive(message);
    } catch (error) {
      fault('a message handler', error);
    }
  });
  ws.on('close', () => {
    try {
      connection.close();
    } catch (error) {
      fault('closing a client', error);
    }
  });
}
