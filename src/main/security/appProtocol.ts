// app://stepwise/ serves the built renderer (out/renderer) and nothing else:
// a path that would leave that folder is refused, every response carries the
// CSP and its exact MIME type (module scripts need one), and only GET/HEAD
// are answered. Reads go through fs, which reads inside app.asar too.
import { readFile } from 'node:fs/promises';
import { fileInside, mimeTypeOf } from '../../core/transport/staticFiles';
import { APP_HOST, APP_SCHEME, parseUrl } from './appUrl';

/**
 * The file under `rootDir` that an app:// URL names, or null when it names
 * none: another scheme or host, or a path that would leave the folder
 * (core/transport/staticFiles.ts, the loopback server's rule too).
 */
export function resolveAppFile(rootDir: string, rawUrl: string): string | null {
  const url = parseUrl(rawUrl);
  if (!url || url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username || url.password) return null;
  return fileInside(rootDir, url.pathname);
}

export interface AppRequestOptions {
  /** The built renderer: out/renderer. */
  rootDir: string;
  /** The Content-Security-Policy header of every response. */
  csp: string;
}

/** The request handler of the app:// scheme, for protocol.handle. */
export function appRequestHandler(options: AppRequestOptions): (request: Request) => Promise<Response> {
  const headers = (extra: Record<string, string>): Record<string, string> => ({
    'Content-Security-Policy': options.csp,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
    ...extra,
  });
  const refuse = (status: number, text: string): Response =>
    new Response(text, { status, headers: headers({ 'Content-Type': 'text/plain; charset=utf-8' }) });

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'method not allowed');
    const file = resolveAppFile(options.rootDir, request.url);
    if (!file) return refuse(404, 'not found');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return refuse(404, 'not found');
      console.error(`[stepwise] could not read ${file}: ${(error as Error).message}`);
      return refuse(500, 'could not read the file');
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: headers({ 'Content-Type': mimeTypeOf(file), 'Content-Length': String(body.length) }),
    });
  };
}
