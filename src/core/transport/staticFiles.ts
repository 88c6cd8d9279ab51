// Serving the built UI (out/renderer) as files: to the browser by the
// loopback server, and to Electron's window by the app:// protocol
// (src/main/security/appProtocol.ts). One MIME table and one rule for which
// file a URL path names, so neither can serve what the other refuses.
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

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
