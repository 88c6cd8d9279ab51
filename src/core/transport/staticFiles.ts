// Serving the built UI (out/renderer) as files: to the browser by the
// loopback server, and to Electron's window by the app:// protocol
// (src/main/security/appProtocol.ts). One MIME table and one rule for which
// file a URL path names, so neither can serve what the other refuses. The
// files hold no secret: the page takes its token from the URL's fragment,
// which never reaches a server.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream';

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** The Content-Type of a file, by its extension (module scripts need an exact one). */
export function mimeTypeOf(file: string): string {
  return MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file under `rootDir` that a URL's (still percent-encoded) path names,
 * or null when it names none inside it: a `..` or `.` segment (also
 * percent-encoded), an encoded slash or backslash, a NUL byte, bad
 * percent-encoding. `/` is index.html.
 */
export function fileInside(rootDir: string, urlPathname: string): string | null {
  // Encoded separators would let one path segment become several after decoding.
  if (/%(2f|5c|00)/i.test(urlPathname)) return null;
  let path: string;
  try {
    path = decodeURIComponent(urlPathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  const segments = path.split('/').filter((segment) => segment !== '');
  if (segments.some((segment) => segment === '..' || segment === '.')) return null;
  const root = resolve(rootDir);
  const file = resolve(root, ...(segments.length > 0 ? segments : ['index.html']));
  const inside = relative(root, file);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return null;
  return file;
}

/** Sent with every response of the loopback server: nothing here may be framed, sniffed, or loaded by another origin. */
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

  let file = fileInside(staticDir, path);
  if (!file) return refuse(res, 403, 'Forbidden');
  let info = await stat(file).catch(() => null);
  if (!info?.isFile()) {
    // A client-side route: the app's page handles it.
    file = join(staticDir, 'index.html');
    info = await stat(file).catch(() => null);
    if (!info?.isFile()) return refuse(res, 404, 'The UI is not built here (run `npm run build`)');
  }
  res.writeHead(200, {
    ...SAFETY_HEADERS,
    'Content-Type': mimeTypeOf(file),
    'Content-Length': info.size,
    'Cache-Control': extname(file) === '.html' ? 'no-store' : 'private, max-age=3600',
  });
  if (req.method === 'HEAD') return void res.end();
  // pipeline destroys the response if the file cannot be read: the client sees a cut response, the server goes on.
  pipeline(createReadStream(file), res, () => undefined);
}
