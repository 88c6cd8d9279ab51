// The cross-port attack (issue 10): the user has Stepwise open, then opens, in
// the same browser, a page another local server serves on another port of
// 127.0.0.1 (a dev server, a docs preview). That page, and its server, must
// get no Stepwise secret, must not open Stepwise's WebSocket, and must not be
// able to stop Stepwise's server. The hostile server runs in this process and
// records every request it gets, headers (Cookie!) and bodies; its page is
// hostilePage.html.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openSocket, tokenProtocols } from '../../helpers/loopbackClient';
import { useServerAndFixture } from '../serverProcess';
import { openProject } from '../workspace';

const env = useServerAndFixture('photondrift');

interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface AttackReport {
  /** Whatever the page could read that might hold a secret. */
  found: Record<string, string>;
  /** How each attempt ended. */
  results: Record<string, string>;
}

async function startHostileServer(stepwisePort: number): Promise<{ server: Server; url: string; requests: Recorded[] }> {
  const requests: Recorded[] = [];
  const page = readFileSync(join(__dirname, 'hostilePage.html'), 'utf8').replaceAll('__STEPWISE_PORT__', String(stepwisePort));
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if (req.url === '/') res.writeHead(200, { 'Content-Type': 'text/html' }).end(page);
      else res.writeHead(req.url === '/report' ? 204 : 404).end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`, requests };
}

async function runInTerminal(page: Page, marker: string): Promise<void> {
  await page.getByTestId('terminal').click();
  await page.keyboard.type(`echo ${marker}-$((6*7))`);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('terminal')).toContainText(`${marker}-42`);
}

test('a page on another 127.0.0.1 port gets no secret, cannot open the WebSocket, and cannot stop the server', async ({ context, page }) => {
  // Stepwise first: connected, a project open, its terminal ready.
  await openProject(page, env.server.url, env.project);
  await runInTerminal(page, 'before');

  const hostile = await startHostileServer(env.server.port);
  try {
    const evil = await context.newPage();
    const popupOpened = context.waitForEvent('page', { predicate: (p) => p !== evil && p !== page });
    const pageErrors: string[] = [];
    evil.on('pageerror', (error) => pageErrors.push(error.message));
    await evil.goto(hostile.url);
    const report = (await evil
      .waitForFunction('window.attack', null, { timeout: 90_000 })
      .then((handle) => handle.jsonValue())
      .catch((error: unknown) => {
        throw new Error(`the hostile page never reported (its errors: ${pageErrors.join('; ') || 'none'}): ${String(error)}`);
      })) as AttackReport;
    const what = JSON.stringify(report, null, 1);
    await test.info().attach('attack report', { body: what, contentType: 'application/json' });

    // Nothing the hostile page or its server saw holds the token: no cookie, no storage, no document.
    for (const request of hostile.requests) {
      expect(JSON.stringify(request), 'the hostile server received the token').not.toContain(env.server.token);
      expect(request.headers.cookie ?? '', 'the hostile server received a Stepwise cookie').not.toMatch(/stepwise/i);
    }
    expect(hostile.requests.map((r) => r.url)).toEqual(expect.arrayContaining(['/', '/report']));
    expect(what).not.toContain(env.server.token);

    // Its WebSockets never opened, and it could read none of Stepwise's pages or storage.
    expect(report.results, what).toMatchObject({
      wsBare: 'refused',
      wsProtocol: 'refused',
      wsGuess: 'refused',
      wsQueryGuess: 'refused',
      fetch: 'blocked',
      imgMalformed: 'error',
      imgPage: 'error',
      iframe: 'blocked',
      popup: 'blocked',
    });
    // The window it opened on Stepwise has no token: it asks for the printed URL instead of connecting.
    const popup = await popupOpened;
    await expect(popup.getByRole('heading', { name: 'Open Stepwise from its URL' })).toBeVisible();

    // Even had it the token, the browser's Origin would give it away.
    const withToken = await evil.evaluate(
      ([url, protocols]) =>
        new Promise<string>((done) => {
          const ws = new WebSocket(url, protocols);
          ws.onopen = () => done('open');
          ws.onerror = () => done('refused');
        }),
      [`ws://127.0.0.1:${env.server.port}/ws`, tokenProtocols(env.server.token)] as const,
    );
    expect(withToken).toBe('refused');
  } finally {
    hostile.server.closeAllConnections();
    hostile.server.close();
  }

  // Stepwise's server is still up, its page still works, and a terminal command still runs.
  expect(env.server.process.exitCode).toBeNull();
  await runInTerminal(page, 'after');
  const fresh = await context.newPage();
  await fresh.goto(env.server.url);
  await fresh.getByLabel('Project folder').fill(env.project);
  await expect(fresh.getByRole('button', { name: 'Open project' })).toBeEnabled();
});

test('a client outside the browser that forges Origin and Host but has no token is refused', async () => {
  const origin = `http://127.0.0.1:${env.server.port}`;
  const forged = { origin, headers: { Host: `127.0.0.1:${env.server.port}` } };
  await expect(openSocket(env.server, forged)).rejects.toThrow('HTTP 401');
  await expect(openSocket(env.server, { ...forged, token: 'A'.repeat(32) })).rejects.toThrow('HTTP 401');
  await expect(openSocket(env.server, { ...forged, path: `/ws?token=${'A'.repeat(32)}` })).rejects.toThrow('HTTP 401');
  await expect(openSocket(env.server, { ...forged, headers: { ...forged.headers, Cookie: `stepwise_token_${env.server.port}=${'A'.repeat(32)}` } })).rejects.toThrow('HTTP 401');
  // With the token it opens: the refusals above were for want of it.
  const socket = await openSocket(env.server, { ...forged, token: env.server.token });
  socket.close();
});
