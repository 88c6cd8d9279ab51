// Who may talk to the loopback server. The page and its assets hold no secret
// and are served to any request that names this server (Host: no DNS
// rebinding) and is not another site's subresource (an <img>, <script> or
// <iframe> of a page on another port). The WebSocket, which drives the shell,
// opens only for this server's Origin with the token in its handshake.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_PATTERN, WS_PROTOCOL, WS_TOKEN_PREFIX } from '../../shared/browserAuth';

export interface Refusal {
  status: number;
  reason: string;
}

export class RequestGuard {
  private readonly hosts: Set<string>;
  private readonly origins: Set<string>;
  private readonly token: Buffer;

  constructor(host: string, port: number, token: string) {
    if (!TOKEN_PATTERN.test(token)) throw new Error('the browser-mode token must be 16 to 128 base64url characters');
    this.token = Buffer.from(token);
    this.hosts = new Set([`${host}:${port}`, `localhost:${port}`]);
    this.origins = new Set([...this.hosts].map((h) => `http://${h}`));
  }

  /** A plain HTTP request for the UI's files. */
  checkHttp(req: IncomingMessage): Refusal | null {
    if (!this.hosts.has(req.headers.host ?? '')) return { status: 403, reason: 'Host not allowed' };
    if (this.fromAnotherSite(req)) return { status: 403, reason: 'Not served to other sites' };
    return null;
  }

  /** The WebSocket handshake: same origin, and the token among its subprotocols. */
  checkUpgrade(req: IncomingMessage): Refusal | null {
    if (!this.hosts.has(req.headers.host ?? '')) return { status: 403, reason: 'Host not allowed' };
    if (!this.origins.has(req.headers.origin ?? '')) return { status: 403, reason: 'Origin not allowed' };
    const protocols = subprotocols(req);
    const tokens = protocols.filter((p) => p.startsWith(WS_TOKEN_PREFIX));
    // One guess per handshake: a list of candidates is refused whole.
    if (!protocols.includes(WS_PROTOCOL) || tokens.length !== 1 || !this.validToken(tokens[0]!.slice(WS_TOKEN_PREFIX.length))) {
      return { status: 401, reason: 'Unauthorized' };
    }
    return null;
  }

  private validToken(candidate: string): boolean {
    const given = Buffer.from(candidate);
    return given.length === this.token.length && timingSafeEqual(given, this.token);
  }

  /**
   * A request another site's page made: fetch metadata where the browser sends
   * it (another port of 127.0.0.1 is `same-site`, not `same-origin`), else a
   * foreign Referer. Only a top-level navigation may come from elsewhere: the
   * redirect file `stepwise serve` opens is a file:// page.
   */
  private fromAnotherSite(req: IncomingMessage): boolean {
    const site = req.headers['sec-fetch-site'];
    if (site === undefined) {
      const referer = req.headers.referer;
      return referer !== undefined && !this.origins.has(originOf(referer));
    }
    if (site === 'same-origin' || site === 'none') return false;
    return !(req.headers['sec-fetch-mode'] === 'navigate' && req.headers['sec-fetch-dest'] === 'document');
  }
}

/** Sec-WebSocket-Protocol's comma-separated names (repeated headers arrive joined by Node). */
function subprotocols(req: IncomingMessage): string[] {
  const header = req.headers['sec-websocket-protocol'];
  return header === undefined ? [] : header.split(',').map((p) => p.trim());
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'null';
  }
}
