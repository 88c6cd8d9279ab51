// The browser mode's transport: an HTTP + WebSocket server on 127.0.0.1.
// Only the user who started it can drive its shell: every request needs the
// random token (given once in the URL, then kept in an HttpOnly cookie), and
// Host and Origin are checked against this very server, which stops DNS
// rebinding and cross-site WebSockets.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Engine } from '../engine/engine';
import { fileInside, mimeTypeOf } from './staticFiles';

export interface LoopbackServerOptions {
  engine: Engine;
  /** 0 picks a free port. */
  port?: number;
  /** The built renderer (out/renderer); without it only the WebSocket is served. */
  staticDir?: string;
  token?: string;
}

export interface LoopbackServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

export async function startLoopbackServer(options: LoopbackServerOptions): Promise<LoopbackServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const guard = new RequestGuard(port, token);

  server.on('request', (req, res) => {
    const refusal = guard.check(req);
    if (refusal) return refuse(res, refusal.status, refusal.reason);
    void serveHttp(req, res, guard, options.staticDir);
  });

  server.on('upgrade', (req, socket, head) => {
    const refusal = guard.check(req, { requireOrigin: true });
    const path = new URL(req.url ?? '/', `http://${HOST}`).pathname;
    if (refusal || path !== '/ws') {
      socket.end(`HTTP/1.1 ${refusal?.status ?? 404} ${refusal?.reason ?? 'Not Found'}\r\nConnection: close\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => attach(ws, options.engine));
  });

  return {
    url: `http://${HOST}:${port}/?token=${token}`,
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

function attach(ws: WebSocket, engine: Engine): void {
  const connection = engine.connect((message) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  });
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    let message: unknown;
    try {
      message = JSON.parse(data.toString());
    } catch {
      return; // not JSON: nothing a client of ours would send
    }
    connection.receive(message);
  });
  ws.on('close', () => connection.close());
}

class RequestGuard {
  readonly cookieName: string;
  private readonly hosts: Set<string>;
  private readonly origins: Set<string>;

  constructor(
    port: number,
    private readonly token: string,
  ) {
    this.cookieName = `stepwise_token_${port}`;
    this.hosts = new Set([`${HOST}:${port}`, `localhost:${port}`]);
    this.origins = new Set([...this.hosts].map((h) => `http://${h}`));
  }

  check(req: IncomingMessage, { requireOrigin = false } = {}): { status: number; reason: string } | null {
    if (!this.hosts.has(req.headers.host ?? '')) return { status: 403, reason: 'Host not allowed' };
    const origin = req.headers.origin;
    if (origin ? !this.origins.has(origin) : requireOrigin) return { status: 403, reason: 'Origin not allowed' };
    if (!this.validToken(this.queryToken(req)) && !this.validToken(this.cookieToken(req))) {
      return { status: 401, reason: 'Unauthorized' };
    }
    return null;
  }

  queryToken(req: IncomingMessage): string | null {
    return new URL(req.url ?? '/', `http://${HOST}`).searchParams.get('token');
  }

  private cookieToken(req: IncomingMessage): string | null {
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const [name, ...value] = part.trim().split('=');
      if (name === this.cookieName) return value.join('=');
    }
    return null;
  }

  private validToken(candidate: string | null): boolean {
    if (!candidate) return false;
    const a = Buffer.from(candidate);
    const b = Buffer.from(this.token);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  cookie(): string {
    return `${this.cookieName}=${this.token}; HttpOnly; SameSite=Strict; Path=/`;
  }
}

function refuse(res: ServerResponse, status: number, reason: string): void {
  const hint = status === 401 ? ': open the URL that `stepwise serve` printed, with its token' : '';
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(`${reason}${hint}\n`);
}

async function serveHttp(req: IncomingMessage, res: ServerResponse, guard: RequestGuard, staticDir?: string): Promise<void> {
  const url = new URL(req.url ?? '/', `http://${HOST}`);
  if (guard.queryToken(req)) {
    // Trade the URL's token for a cookie, and drop it from the address bar.
    url.searchParams.delete('token');
    res.writeHead(302, { 'Set-Cookie': guard.cookie(), Location: url.pathname + url.search, 'Cache-Control': 'no-store' });
    res.end();
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed');
  if (!staticDir) return refuse(res, 404, 'The UI is not built here (run `npm run build`)');

  let file = fileInside(staticDir, url.pathname);
  if (!file) return refuse(res, 403, 'Forbidden');
  let info = await stat(file).catch(() => null);
  if (!info?.isFile()) {
    // A client-side route: the app's page handles it.
    file = join(staticDir, 'index.html');
    info = await stat(file).catch(() => null);
    if (!info) return refuse(res, 404, 'The UI is not built here (run `npm run build`)');
  }
  res.writeHead(200, {
    'Content-Type': mimeTypeOf(file),
    'Content-Length': info.size,
    'Cache-Control': extname(file) === '.html' ? 'no-store' : 'private, max-age=3600',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Content-Security-Policy':
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file).pipe(res);
}
