// The Content-Security-Policy of the app's pages, sent as a header on every
// response (appProtocol.ts for app://, the session's onHeadersReceived for
// the dev server). Scripts only from the app itself; the engine is reached
// through a MessagePort, so nothing needs to connect anywhere.

export function contentSecurityPolicy(devUrl: string | undefined): string {
  const dev = devUrl ? new URL(devUrl) : null;
  const ws = dev ? `${dev.protocol === 'https:' ? 'wss' : 'ws'}://${dev.host}` : '';
  return [
    "default-src 'self'",
    // Dev only: @vitejs/plugin-react injects an inline Fast Refresh preamble.
    dev ? "script-src 'self' 'unsafe-inline'" : "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    // Dev only: Vite's HMR socket.
    dev ? `connect-src 'self' ${ws}` : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
