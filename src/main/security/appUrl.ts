// Where the app's own pages live. The built renderer is served from a
// privileged custom scheme, app://stepwise/ (appProtocol.ts), not file://:
// a page there has its own origin, cannot read the user's files through
// file:// and gets the CSP header on every response. In development
// electron-vite's dev server (ELECTRON_RENDERER_URL) serves it instead.
// No 'electron' import: these policies are unit-tested without Electron.

export const APP_SCHEME = 'app';
export const APP_HOST = 'stepwise';
/** The page the window loads when it is not pointed at a dev server. */
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * What protocol.registerSchemesAsPrivileged grants the scheme: a standard
 * URL with an origin of its own ('self' in the CSP means it; the page's
 * module scripts load same-origin), secure like https, fetch() of its files,
 * and V8's code cache. Nothing else: no CSP bypass, no service workers, and
 * no corsEnabled, which would let any other origin read app:// files (Electron
 * checks no Access-Control-Allow-Origin for it).
 */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true, codeCache: true } as const;

export type IsAppUrl = (url: string) => boolean;

/** Parses a URL, or null. */
export function parseUrl(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/**
 * The app's own pages: any path on app://stepwise (no user, password or
 * port), or in development exactly the dev server's origin.
 */
export function appUrlPolicy(devUrl: string | undefined): IsAppUrl {
  const dev = devUrl ? parseUrl(devUrl) : null;
  if (devUrl && !dev) throw new Error(`ELECTRON_RENDERER_URL is not a URL: ${devUrl}`);
  return (raw) => {
    const url = parseUrl(raw);
    if (!url) return false;
    if (dev) return url.origin === dev.origin;
    // A custom scheme's URL has no origin in Node's URL ("null"): compare its parts.
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.password === '';
  };
}
