import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSocket, startHarness, type Harness } from '../helpers/engineHarness';

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the loopback server lets only its own user in', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('listens on 127.0.0.1 only', () => {
    expect(h.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
  });

  it('refuses an HTTP request without the token', async () => {
    expect((await get(h.server.port, '/')).status).toBe(401);
    expect((await get(h.server.port, '/?token=wrong')).status).toBe(401);
  });

  it('trades a valid token for an HttpOnly cookie', async () => {
    const res = await get(h.server.port, `/?token=${h.server.token}`);
    expect(res.status).toBe(302);
    expect(String(res.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const res = await get(h.server.port, `/?token=${h.server.token}`, { Host: `evil.example:${h.server.port}` });
    expect(res.status).toBe(403);
  });

  it('refuses a WebSocket from a foreign Origin, even with the token', async () => {
    await expect(openSocket(h.server, { origin: 'https://evil.example', cookie: true })).rejects.toThrow('HTTP 403');
  });

  it('refuses a WebSocket without Origin or without the token', async () => {
    await expect(openSocket(h.server, { cookie: true })).rejects.toThrow('HTTP 403');
    await expect(openSocket(h.server, { origin: `http://127.0.0.1:${h.server.port}` })).rejects.toThrow('HTTP 401');
  });

  it('accepts a same-origin WebSocket with the token', async () => {
    const socket = await openSocket(h.server, { origin: `http://localhost:${h.server.port}`, token: h.server.token });
    socket.close();
  });
});
