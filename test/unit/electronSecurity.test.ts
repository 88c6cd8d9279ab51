// The Electron app's security settings, without Electron's binary: the
// policies in src/main/security are plain modules, and the functions that
// wire them into Electron take the session, web contents and ipcMain as
// arguments, so these tests hand them recording fakes and check what was
// registered and how it answers. (This tests our wiring, not Electron.)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { menuTemplate } from '../../src/main/menuTemplate';
import { appRequestHandler, resolveAppFile } from '../../src/main/security/appProtocol';
import { APP_ENTRY_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, appUrlPolicy } from '../../src/main/security/appUrl';
import { contentSecurityPolicy } from '../../src/main/security/csp';
import { externalOpener, externalUrl } from '../../src/main/security/externalUrl';
import { hardenContents, hardenSession, type ContentsLike, type NavigationEvent, type SessionLike } from '../../src/main/security/hardening';
import { handleFromAppPage, type IpcMainLike, type SenderFrame } from '../../src/main/security/ipcSender';
import { secureWebPreferences } from '../../src/main/security/webPreferences';
import { useTempDir } from '../helpers/tempDir';

const tempDir = useTempDir('stepwise-security-');
const DEV = 'http://localhost:5173/';
const isAppUrl = appUrlPolicy(undefined);
const CSP = contentSecurityPolicy(undefined);

/** A built renderer in a real folder, and a secret beside it that must never be served. */
function rendererFixture(): { root: string } {
  const dir = tempDir();
  const root = join(dir, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Stepwise</title>');
  writeFileSync(join(root, 'assets', 'index-1a2b.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', 'index-1a2b.css'), 'body{}');
  writeFileSync(join(root, 'assets', 'font.woff2'), 'w');
  writeFileSync(join(dir, 'secret.txt'), 'SECRET');
  writeFileSync(join(dir, 'renderer-other.txt'), 'SECRET');
  return { root };
}

const get = (url: string, method = 'GET'): Request => new Request(url, { method });

describe('webPreferences', () => {
  it('isolates and sandboxes the page, gives it no Node, and no DevTools when packaged', () => {
    const packaged = secureWebPreferences({ preload: '/app/out/preload/index.js', packaged: true });
    expect(packaged).toMatchObject({
      preload: '/app/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
    expect(secureWebPreferences({ preload: '/p.js', packaged: false }).devTools).toBe(true);
  });
});

describe('the menu', () => {
  const roles = (packaged: boolean): string[] =>
    menuTemplate({ packaged, isMac: false }, { openProject: () => {}, about: () => {} }).flatMap((item) => [
      String(item.role ?? ''),
      ...(Array.isArray(item.submenu) ? item.submenu.map((sub) => String(sub.role ?? '')) : []),
    ]);

  it('has no DevTools item in a packaged build, and keeps it in development', () => {
    expect(roles(true)).not.toContain('toggleDevTools');
    expect(roles(true)).toContain('reload');
    expect(roles(false)).toContain('toggleDevTools');
  });
});

describe('the CSP', () => {
  it('allows scripts and connections only from the app itself, and no plugins, frames, base or forms', () => {
    const directives = new Map(CSP.split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)]));
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(CSP).not.toContain('unsafe-eval');
  });

  it('lets the dev server in during development only: its HMR socket and the Fast Refresh preamble', () => {
    const dev = contentSecurityPolicy(DEV);
    expect(dev).toContain("connect-src 'self' ws://localhost:5173");
    expect(dev).toContain("script-src 'self' 'unsafe-inline'");
    expect(CSP).not.toContain('localhost');
  });
});

describe('isAppUrl', () => {
  it('is any path on app://stepwise, and nothing else', () => {
    expect(APP_ENTRY_URL).toBe('app://stepwise/index.html');
    for (const url of [APP_ENTRY_URL, 'app://stepwise/', 'app://stepwise/assets/index.js?x=1#y']) expect(isAppUrl(url), url).toBe(true);
    for (const url of [
      'file:///opt/Stepwise/resources/app.asar/out/renderer/index.html',
      'app://other/index.html',
      'app://user@stepwise/index.html',
      'app://stepwise:81/index.html',
      'https://stepwise/index.html',
      DEV,
      'not a url',
    ]) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });

  it('is exactly the dev server origin in development', () => {
    const dev = appUrlPolicy(DEV);
    expect(dev('http://localhost:5173/src/main.tsx')).toBe(true);
    expect(dev('http://localhost:5174/')).toBe(false);
    expect(dev('https://localhost:5173/')).toBe(false);
    expect(dev(APP_ENTRY_URL)).toBe(false);
  });

  it('registers the scheme as standard and secure, and grants nothing that bypasses the CSP', () => {
    expect(APP_SCHEME).toBe('app');
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ standard: true, secure: true });
    expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('bypassCSP');
    expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('allowServiceWorkers');
    expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('corsEnabled');
  });
});

describe('the app:// protocol', () => {
  it('serves the renderer with exact MIME types and the CSP on every response', async () => {
    const { root } = rendererFixture();
    const serve = appRequestHandler({ rootDir: root, csp: CSP });
    const cases: [string, string][] = [
      ['app://stepwise/', 'text/html; charset=utf-8'],
      ['app://stepwise/index.html', 'text/html; charset=utf-8'],
      ['app://stepwise/assets/index-1a2b.js', 'text/javascript; charset=utf-8'],
      ['app://stepwise/assets/index-1a2b.css', 'text/css; charset=utf-8'],
      ['app://stepwise/assets/font.woff2', 'font/woff2'],
    ];
    for (const [url, type] of cases) {
      const response = await serve(get(url));
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type'), url).toBe(type);
      expect(response.headers.get('content-security-policy'), url).toBe(CSP);
      expect(response.headers.get('x-content-type-options'), url).toBe('nosniff');
    }
    expect(await (await serve(get('app://stepwise/assets/index-1a2b.js'))).text()).toBe('console.log(1)');
    const head = await serve(get('app://stepwise/index.html', 'HEAD'));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('refuses paths that leave the renderer folder, other hosts, folders, missing files and other methods', async () => {
    const { root } = rendererFixture();
    const serve = appRequestHandler({ rootDir: root, csp: CSP });
    for (const url of [
      'app://stepwise/../secret.txt',
      'app://stepwise/%2e%2e/secret.txt',
      'app://stepwise/assets/..%2f..%2fsecret.txt',
      'app://stepwise/..%5csecret.txt',
      'app://stepwise/%2E%2E/renderer-other.txt',
      'app://stepwise/index.html%00.js',
      'app://stepwise/assets',
      'app://stepwise/missing.js',
      'app://other/index.html',
    ]) {
      const response = await serve(get(url));
      expect(response.status, url).toBe(404);
      expect(await response.text(), url).not.toContain('SECRET');
      expect(response.headers.get('content-security-policy'), url).toBe(CSP);
    }
    expect((await serve(get('app://stepwise/index.html', 'POST'))).status).toBe(405);
  });

  it('resolves paths inside the folder only', () => {
    const root = '/app/out/renderer';
    expect(resolveAppFile(root, 'app://stepwise/')).toBe('/app/out/renderer/index.html');
    expect(resolveAppFile(root, 'app://stepwise/assets/a%20b.js')).toBe('/app/out/renderer/assets/a b.js');
    expect(resolveAppFile(root, 'app://stepwise/a/../../b')).not.toMatch(/^\/app\/out\/b/);
    expect(resolveAppFile(root, 'app://stepwise/%E0%A4%A')).toBeNull();
    expect(resolveAppFile(root, 'file:///etc/passwd')).toBeNull();
  });
});

/** A session that records what was registered on it. */
function recordingSession() {
  const recorded: {
    protocols: Map<string, (request: Request) => Promise<Response>>;
    headers?: Parameters<SessionLike['webRequest']['onHeadersReceived']>[0];
    request?: Parameters<SessionLike['setPermissionRequestHandler']>[0];
    check?: Parameters<SessionLike['setPermissionCheckHandler']>[0];
    device?: () => boolean;
  } = { protocols: new Map() };
  const session: SessionLike = {
    protocol: { handle: (scheme, handler) => void recorded.protocols.set(scheme, handler) },
    webRequest: { onHeadersReceived: (listener) => void (recorded.headers = listener) },
    setPermissionRequestHandler: (handler) => void (recorded.request = handler),
    setPermissionCheckHandler: (handler) => void (recorded.check = handler),
    setDevicePermissionHandler: (handler) => void (recorded.device = handler),
  };
  return { session, recorded };
}

const pageAt = (url: string) => ({ getURL: () => url });

describe('hardenSession', () => {
  it('serves app:// from the renderer folder with the CSP', async () => {
    const { root } = rendererFixture();
    const { session, recorded } = recordingSession();
    hardenSession(session, { isAppUrl, csp: CSP, rendererDir: root });
    const handler = recorded.protocols.get('app');
    expect(handler).toBeDefined();
    const response = await handler!(get(APP_ENTRY_URL));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(CSP);
  });

  it('puts the CSP on every other response, replacing one the response brought', () => {
    const { session, recorded } = recordingSession();
    hardenSession(session, { isAppUrl, csp: CSP, rendererDir: '/nowhere' });
    let answered: Record<string, string | string[]> | undefined;
    recorded.headers!({ responseHeaders: { 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] } }, (response) => {
      answered = response.responseHeaders;
    });
    expect(answered).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CSP] });
  });

  it('denies every permission request and check, but the clipboard write of the app page', () => {
    const { session, recorded } = recordingSession();
    hardenSession(session, { isAppUrl, csp: CSP, rendererDir: '/nowhere' });
    const request = (permission: string, url: string, requestingUrl = url): boolean => {
      let granted: boolean | undefined;
      recorded.request!(pageAt(url), permission, (answer) => (granted = answer), { requestingUrl });
      return granted!;
    };
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'fullscreen', 'clipboard-read', 'display-capture', 'unknown']) {
      expect(request(permission, APP_ENTRY_URL), permission).toBe(false);
      expect(recorded.check!(pageAt(APP_ENTRY_URL), permission), permission).toBe(false);
    }
    expect(request('clipboard-sanitized-write', APP_ENTRY_URL)).toBe(true);
    expect(request('clipboard-sanitized-write', 'https://example.com/')).toBe(false);
    expect(request('clipboard-sanitized-write', APP_ENTRY_URL, 'https://example.com/frame')).toBe(false);
    expect(recorded.check!(pageAt(APP_ENTRY_URL), 'clipboard-sanitized-write')).toBe(true);
    expect(recorded.check!(pageAt('https://example.com/'), 'clipboard-sanitized-write')).toBe(false);
    expect(recorded.check!(null, 'clipboard-sanitized-write')).toBe(false);
    expect(recorded.device!()).toBe(false);
  });
});

/** Web contents that record their listeners, and events to fire at them. */
function recordingContents() {
  const listeners = new Map<string, (event: NavigationEvent) => void>();
  let openHandler: ((details: { url: string }) => { action: 'deny' } | { action: 'allow' }) | undefined;
  const contents = {
    setWindowOpenHandler: (handler: typeof openHandler) => void (openHandler = handler),
    on: (event: string, listener: (event: NavigationEvent) => void) => void listeners.set(event, listener),
  } as ContentsLike;
  const fire = (name: string, url = ''): { prevented: boolean } => {
    const event = { url, prevented: false, preventDefault: () => void (event.prevented = true) };
    listeners.get(name)!(event);
    return event;
  };
  return { contents, fire, open: (url: string) => openHandler!({ url }) };
}

describe('hardenContents', () => {
  const setup = () => {
    const offered: string[] = [];
    const recorded = recordingContents();
    hardenContents(recorded.contents, { isAppUrl, openExternal: (url) => void offered.push(url) });
    return { ...recorded, offered };
  };

  it('refuses every new window, offering its URL to the external opener instead', () => {
    const { open, offered } = setup();
    expect(open('https://example.com/')).toEqual({ action: 'deny' });
    expect(open(APP_ENTRY_URL)).toEqual({ action: 'deny' });
    expect(offered).toEqual(['https://example.com/', APP_ENTRY_URL]);
  });

  it('refuses navigation away from the app (and offers the URL), but lets the app reload itself', () => {
    const { fire, offered } = setup();
    expect(fire('will-navigate', 'https://example.com/').prevented).toBe(true);
    expect(fire('will-navigate', 'file:///etc/passwd').prevented).toBe(true);
    expect(fire('will-navigate', APP_ENTRY_URL).prevented).toBe(false);
    expect(offered).toEqual(['https://example.com/', 'file:///etc/passwd']);
  });

  it('refuses redirects away from the app without offering them, and every <webview>', () => {
    const { fire, offered } = setup();
    expect(fire('will-redirect', 'https://example.com/').prevented).toBe(true);
    expect(fire('will-redirect', APP_ENTRY_URL).prevented).toBe(false);
    expect(fire('will-attach-webview').prevented).toBe(true);
    expect(offered).toEqual([]);
  });
});

describe('shell.openExternal', () => {
  it('gets http(s) URLs only, never file:, javascript:, data:, custom schemes or credentials', () => {
    expect(externalUrl('https://doc.rust-lang.org/edition-guide/')).toBe('https://doc.rust-lang.org/edition-guide/');
    expect(externalUrl('http://example.com')).toBe('http://example.com/');
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'vscode://file/etc/passwd',
      'ms-msdt:/id',
      'smb://host/share',
      'app://stepwise/index.html',
      'https://bank.example@evil.example/',
      'https://user:pass@example.com/',
      'not a url',
    ]) {
      expect(externalUrl(url), url).toBeNull();
    }
  });

  it('opens a checked URL only after the user agreed to that exact URL', async () => {
    const asked: string[] = [];
    const opened: string[] = [];
    let answer = false;
    const open = externalOpener({
      confirm: async (url) => (asked.push(url), answer),
      open: async (url) => void opened.push(url),
    });
    expect(await open('javascript:alert(1)')).toBe(false);
    expect(await open('file:///etc/passwd')).toBe(false);
    expect(asked).toEqual([]);
    expect(await open('https://example.com/a b')).toBe(false);
    expect(asked).toEqual(['https://example.com/a%20b']);
    expect(opened).toEqual([]);
    answer = true;
    expect(await open('https://example.com/')).toBe(true);
    expect(opened).toEqual(['https://example.com/']);
  });
});

describe('IPC sender check', () => {
  const main: SenderFrame = { processId: 4, routingId: 1, url: APP_ENTRY_URL };

  function registered(mainFrame: SenderFrame | null) {
    const handlers = new Map<string, Parameters<IpcMainLike['handle']>[1]>();
    const ipc: IpcMainLike = { handle: (channel, listener) => void handlers.set(channel, listener) };
    let calls = 0;
    handleFromAppPage(ipc, 'stepwise:pick-folder', { mainFrame: () => mainFrame, isAppUrl }, async () => (calls++, '/picked'));
    const invoke = (senderFrame: SenderFrame | null) => handlers.get('stepwise:pick-folder')!({ senderFrame });
    return { invoke, calls: () => calls };
  }

  it('answers the main frame of the app window at the app URL', async () => {
    const { invoke, calls } = registered(main);
    expect(await invoke({ ...main })).toBe('/picked');
    expect(calls()).toBe(1);
  });

  it('refuses a subframe, another process, the same frame navigated elsewhere, no frame, and no window', () => {
    const { invoke, calls } = registered(main);
    for (const frame of [
      { ...main, routingId: 2 },
      { ...main, processId: 5 },
      { ...main, url: 'https://example.com/' },
      null,
    ]) {
      expect(() => invoke(frame), JSON.stringify(frame)).toThrow(/stepwise:pick-folder refused: unknown sender/);
    }
    expect(() => registered(null).invoke(main)).toThrow(/refused/);
    expect(calls()).toBe(0);
  });
});
