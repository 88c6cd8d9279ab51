// Wires the policies of this folder into Electron's session and web
// contents. It takes the objects it hardens as arguments (described by the
// few members used), so a test can hand it recording fakes and see what was
// registered without Electron's binary; index.ts hands it the real ones.
import { APP_SCHEME } from './appUrl';
import { appRequestHandler } from './appProtocol';
import { permissionGranted } from './permissions';

type HeaderMap = Record<string, string | string[]>;

export interface SessionLike {
  webRequest: {
    onHeadersReceived(
      listener: (
        details: { responseHeaders?: HeaderMap },
        callback: (response: { responseHeaders?: HeaderMap }) => void,
      ) => void,
    ): void;
  };
  setPermissionRequestHandler(
    handler: (
      contents: { getURL(): string },
      permission: string,
      callback: (granted: boolean) => void,
      details: { requestingUrl?: string },
    ) => void,
  ): void;
  setPermissionCheckHandler(
    handler: (contents: { getURL(): string } | null, permission: string) => boolean,
  ): void;
  setDevicePermissionHandler(handler: () => boolean): void;
  protocol: { handle(scheme: string, handler: (request: Request) => Promise<Response>): void };
}

export interface SessionPolicy {
  isAppUrl(url: string): boolean;
  csp: string;
  /** The built renderer that app:// serves. */
  rendererDir: string;
}

/**
 * The app's session: its pages served from app:// with the CSP, the CSP also
 * on every other response (the dev server's), and every permission refused
 * but the clipboard write of our own page; USB, HID and serial devices too.
 */
export function hardenSession(ses: SessionLike, policy: SessionPolicy): void {
  ses.protocol.handle(APP_SCHEME, appRequestHandler({ rootDir: policy.rendererDir, csp: policy.csp }));
  ses.webRequest.onHeadersReceived((details, callback) => {
    const headers: HeaderMap = {};
    // Header names are case-insensitive: drop any CSP the response brought.
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [policy.csp] } });
  });
  ses.setPermissionRequestHandler((contents, permission, callback, details) =>
    callback(
      permissionGranted(permission, contents.getURL(), policy.isAppUrl) &&
        (details.requestingUrl === undefined || policy.isAppUrl(details.requestingUrl)),
    ),
  );
  ses.setPermissionCheckHandler((contents, permission) => permissionGranted(permission, contents?.getURL(), policy.isAppUrl));
  ses.setDevicePermissionHandler(() => false);
}

export interface NavigationEvent {
  url: string;
  preventDefault(): void;
}

export interface ContentsLike {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void;
  on(event: 'will-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-redirect', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
}

export interface ContentsPolicy {
  isAppUrl(url: string): boolean;
  /** Offers a URL to the system browser (externalUrl.ts: checked, and asked). */
  openExternal(url: string): void;
}

/**
 * Every web contents: no new windows and no navigation away from the app's
 * own pages (a link's URL is offered to the browser instead), no redirect
 * away from them, no <webview>.
 */
export function hardenContents(contents: ContentsLike, policy: ContentsPolicy): void {
  contents.setWindowOpenHandler(({ url }) => {
    policy.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    if (policy.isAppUrl(event.url)) return;
    event.preventDefault();
    policy.openExternal(event.url);
  });
  contents.on('will-redirect', (event) => {
    if (!policy.isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
