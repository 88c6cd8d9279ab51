// Serves the built UI (out/renderer). Its files hold no secret: the page takes
// its token from the URL's fragment, which never reaches this server.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { pipeline } from 'node:stream';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** Sent with every response: nothing here may be framed, sniffed, or loaded by another origin. */
const SAFETY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};

export function refuse(res: ServerResponse, status: number, reason: string): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { ...SAFETY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'close' });
  res.end(`${reason}\n`);
}

/** The path of an origin-form request target (`/a/b?c`), or null for any other form. */
export function requestPath(target: string | undefined): string | null {
  if (!target?.startsWith('/')) return null;
  return target.replace(/[?#].*$/s, '');
}

export async function serveStatic(req: IncomingMessage, res: ServerResponse, staticDir: string | undefined): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed');
  const path = requestPath(req.url);
  if (path === null) return refuse(res, 400, 'Bad request target');
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return refuse(res, 400, 'Malformed percent-encoding in the path');
  }
  if (decoded.includes('\0')) return refuse(res, 400, 'NUL in the path');
  if (!staticDir) return refuse(res, 404, 'The UI is not built here (run `npm run build`)');

  let file = join(staticDir, normalize(decoded).replace(/^([/\\])+/, ''));
  if (file !== staticDir && !file.startsWith(staticDir + sep)) return refuse(res, 403, 'Forbidden');
  let info = await stat(file).catch(() => null);
  if (!info?.isFile()) {
    // A client-side route: the app's page handles it.
    file = join(staticDir, 'index.html');
    info = await stat(file).catch(() => null);
    if (!info?.isFile()) return refuse(res, 404, 'The UI is not built here (run `npm run build`)');
  }
  res.writeHead(200, {
    ...SAFETY_HEADERS,
    'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
    'Content-Length': info.size,
    'Cache-Control': extname(file) === '.html' ? 'no-store' : 'private, max-age=3600',
  });
  if (req.method === 'HEAD') return void res.end();
  // pipeline destroys the response if the file cannot be read: the client sees a cut response, the server goes on.
  pipeline(createReadStream(file), res, () => undefined);
}
