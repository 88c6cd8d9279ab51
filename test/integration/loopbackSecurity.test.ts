import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WS_PROTOCOL, WS_TOKEN_PREFIX } from '../../src/shared/browserAuth';
import { startHarness, type Harness } from '../helpers/engineHarness';
import { openSocket } from '../helpers/loopbackClient';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the loopback server lets only its own user in', () => {
  let h: Harness;
  let ui: string;
  let origin: string;
  beforeAll(async () => {
    ui = mkdtempSync(join(tmpdir(), 'stepwise-ui-'));
    mkdirSync(join(ui, 'assets'));
    writeFileSync(join(ui, 'index.html'), '<!doctype html><title>Stepwise</title>');
    writeFileSync(join(ui, 'assets', 'app.js'), 'console.log("ui")');
    h = await startHarness({ staticDir: ui });
    origin = `http://127.0.0.1:${h.server.port}`;
  });
  afterAll(async () => {
    await h.close();
    rmSync(ui, { recursive: true, force: true });
  });

  it('prints a URL on 127.0.0.1 whose token is in the fragment, which browsers never send', () => {
    expect(h.server.url).toBe(`http://127.0.0.1:${h.server.port}/#token=${h.server.token}`);
  });

  it('serves the page and its assets, which hold no secret, and never sets a cookie', async () => {
    for (const path of ['/', '/assets/app.js', '/some/client/route', `/?token=${h.server.token}`]) {
      const res = await get(h.server.port, path);
      expect(res.status, path).toBe(200);
      expect(res.headers['set-cookie'], path).toBeUndefined();
      expect(res.body, path).not.toContain(h.server.token);
      expect(res.headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
      expect(res.headers['cross-origin-resource-policy'], path).toBe('same-origin');
      expect(res.headers['x-frame-options'], path).toBe('DENY');
    }
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await get(h.server.port, '/', { Host: `evil.example:${h.server.port}` })).status).toBe(403);
  });

  it("refuses another site's subresource (an <img> or <iframe> on another port's page) but lets a tab navigate here", async () => {
    const fetchMeta = (site: string, mode: string, dest: string): Record<string, string> => ({
      'Sec-Fetch-Site': site,
      'Sec-Fetch-Mode': mode,
      'Sec-Fetch-Dest': dest,
    });
    expect((await get(h.server.port, '/', fetchMeta('same-site', 'no-cors', 'image'))).status).toBe(403);
    expect((await get(h.server.port, '/', fetchMeta('same-site', 'navigate', 'iframe'))).status).toBe(403);
    expect((await get(h.server.port, '/assets/app.js', fetchMeta('cross-site', 'no-cors', 'script'))).status).toBe(403);
    expect((await get(h.server.port, '/', fetchMeta('same-site', 'cors', 'empty'))).status).toBe(403);
    // The redirect page `stepwise serve` opens is a file:// page: its navigation is cross-site.
    expect((await get(h.server.port, '/', fetchMeta('cross-site', 'navigate', 'document'))).status).toBe(200);
    expect((await get(h.server.port, '/assets/app.js', fetchMeta('same-origin', 'no-cors', 'script'))).status).toBe(200);
    // A browser without fetch metadata: a foreign Referer gives it away.
    expect((await get(h.server.port, '/', { Referer: 'http://127.0.0.1:1/evil.html' })).status).toBe(403);
    expect((await get(h.server.port, '/', { Referer: `${origin}/` })).status).toBe(200);
  });

  it('answers a malformed or hostile path with an error, and keeps serving', async () => {
    expect((await get(h.server.port, '/%E0%A4%A')).status).toBe(400);
    expect((await get(h.server.port, '/%00')).status).toBe(400);
    expect((await get(h.server.port, '/../../../etc/passwd')).status).toBe(403); // a dot segment names no file of the UI
    expect((await get(h.server.port, '/..%2f..%2f..%2fetc%2fpasswd')).body).not.toContain('root:');
    expect((await get(h.server.port, '/', {}, 'POST')).status).toBe(405);
    expect((await get(h.server.port, '/')).status).toBe(200);
  });

  it('refuses a WebSocket from a foreign Origin, even with the token', async () => {
    await expect(openSocket(h.server, { origin: 'https://evil.example', token: h.server.token })).rejects.toThrow('HTTP 403');
    await expect(openSocket(h.server, { origin: 'http://127.0.0.1:1', token: h.server.token })).rejects.toThrow('HTTP 403');
  });

  it('refuses a WebSocket without Origin, or without the token in its handshake', async () => {
    await expect(openSocket(h.server, { token: h.server.token })).rejects.toThrow('HTTP 403');
    await expect(openSocket(h.server, { origin })).rejects.toThrow('HTTP 401');
    await expect(openSocket(h.server, { origin, protocols: [WS_PROTOCOL] })).rejects.toThrow('HTTP 401');
    await expect(openSocket(h.server, { origin, token: 'A'.repeat(32) })).rejects.toThrow('HTTP 401');
    // The token alone, without the protocol it belongs to.
    await expect(openSocket(h.server, { origin, protocols: [`${WS_TOKEN_PREFIX}${h.server.token}`] })).rejects.toThrow('HTTP 401');
    // One guess per handshake: a list of candidates with the right one among them is refused.
    const guesses = [WS_PROTOCOL, `${WS_TOKEN_PREFIX}${'B'.repeat(32)}`, `${WS_TOKEN_PREFIX}${h.server.token}`];
    await expect(openSocket(h.server, { origin, protocols: guesses })).rejects.toThrow('HTTP 401');
  });

  it("refuses the old design's carriers of the token: a cookie and the query string", async () => {
    const cookie = { Cookie: `stepwise_token_${h.server.port}=${h.server.token}` };
    await expect(openSocket(h.server, { origin, headers: cookie })).rejects.toThrow('HTTP 401');
    await expect(openSocket(h.server, { origin, path: `/ws?token=${h.server.token}` })).rejects.toThrow('HTTP 401');
  });

  it('accepts a same-origin WebSocket with the token, and answers with a protocol that is not the token', async () => {
    const socket = await openSocket(h.server, { origin: `http://localhost:${h.server.port}`, token: h.server.token });
    expect(socket.protocol).toBe(WS_PROTOCOL);
    socket.close();
  });
});
