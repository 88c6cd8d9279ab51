// Hostile input at the real loopback server in front of a real engine:
// malformed paths, headers, handshakes, half-open sockets and hand-built
// WebSocket frames. The server runs the user's terminals, so after each batch
// it must still serve its page, the connection opened before the batch must
// still answer, a new WebSocket must open and answer, and no handler may have
// failed. Replay a run with STEPWISE_SEED=<the seed printed>.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mapPool } from '../../src/core/platform/async/pool';
import { WS_PROTOCOL, WS_TOKEN_PREFIX } from '../../src/shared/browserAuth';
import { startHarness, type Harness } from '../helpers/engineHarness';
import { openSocket, socketClient, tokenProtocols } from '../helpers/loopbackClient';
import { seededRandom } from '../helpers/random';
import { exchange, frame, handshake, Opcode, openRawWebSocket, rawExchange, statusOf, type FrameSpec } from '../helpers/rawSocket';

const SEED = Number(process.env.STEPWISE_SEED ?? Math.floor(Math.random() * 2 ** 31));
const random = seededRandom(SEED);
const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const chance = (p: number): boolean => random() < p;
const bytes = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => int(0, 255)));
/** Parallel connections at a time: enough to overlap, not enough to starve a loaded 2-core machine. */
const WIDTH = 12;

let h: Harness;
let ui: string;
let port: number;
let origin: string;
const faults: string[] = [];

beforeAll(async () => {
  console.log(`loopbackFuzz: seed ${SEED} (replay with STEPWISE_SEED=${SEED})`);
  ui = mkdtempSync(join(tmpdir(), 'stepwise-fuzz-ui-'));
  mkdirSync(join(ui, 'assets'));
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>Stepwise</title>');
  writeFileSync(join(ui, 'assets', 'app.js'), 'console.log("ui")');
  h = await startHarness({ staticDir: ui, log: (line) => faults.push(line) });
  port = h.server.port;
  origin = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await h?.close();
  rmSync(ui, { recursive: true, force: true });
});

/** What the page sends: this server's Origin, and the protocol with the token. */
function authorizedHeaders(): Record<string, string> {
  return { Origin: origin, 'Sec-WebSocket-Protocol': tokenProtocols(h.server.token).join(', ') };
}

/** The server still does all it is for, and no handler failed along the way. */
async function expectServing(batch: string): Promise<void> {
  const page = await rawExchange(port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
  expect(statusOf(page.text), `${batch}: the page (seed ${SEED})`).toBe(200);
  expect((await h.client.request('app.info', {})).host, `${batch}: the connection opened before`).toBe('server');
  const socket = await openSocket(h.server, { origin, token: h.server.token });
  const client = socketClient(socket);
  expect((await client.request('app.info', {})).host, `${batch}: a new connection`).toBe('server');
  client.dispose();
  socket.close();
  expect(faults, `${batch}: handler faults (seed ${SEED})`).toEqual([]);
}

/** No response may be a server error: every refusal is the client's fault, with a 4xx. */
function expectNoServerError(text: string, what: string): void {
  const status = statusOf(text);
  expect(status >= 500 && status !== 501 && status !== 505, `${what} got ${status} (seed ${SEED})`).toBe(false);
}

const PATH_PIECES = [
  '%', '%E0%A4%A', '%E0%A4', '%ZZ', '%00', '%2e%2e', '%2f', '%5c', '%25', '%%', '%C0%AE', '%FF', '%ED%A0%80', '%F4%90%80%80',
  '..', '.', '//', '\\', '\x01', '\x7f', '\xff', '\xc3\x28', ';', '?', '?token=x', '#', '*', '~', ' ', '\t', 'ws', 'assets', 'app.js',
  'index.html', 'ü', '%u0041', '&', '=', '[', ']', '@', ':',
];
const METHODS = ['GET', 'GET', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'PATCH', 'CONNECT', 'PRI', 'get', 'G\x00T', 'X'.repeat(64), ''];
const VERSIONS = ['HTTP/1.1', 'HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0', 'HTTP/0.9', 'HTTP/2.0', 'HTTP/1.1x', 'HTTP/11', ''];

function randomTarget(): string {
  if (chance(0.15)) return pick(['*', 'http://[', `http://127.0.0.1:${port}/ws`, '//evil/ws', '', 'ws', '/'.repeat(int(2, 5000)), `/${'a'.repeat(int(1000, 20_000))}`]);
  return `/${Array.from({ length: int(0, 8) }, () => pick(PATH_PIECES)).join(pick(['', '/', '/', '%2F']))}`;
}

function randomRequestHeaders(): string[] {
  const headers = chance(0.9) ? [`Host: ${pick([`127.0.0.1:${port}`, `localhost:${port}`, 'evil.example'])}`] : [];
  if (chance(0.3)) headers.push(`Sec-Fetch-Site: ${pick(['same-origin', 'same-site', 'cross-site', 'none', 'bogus'])}`);
  if (chance(0.3)) headers.push(`Sec-Fetch-Mode: ${pick(['navigate', 'no-cors', 'cors', 'websocket'])}`, `Sec-Fetch-Dest: ${pick(['document', 'image', 'iframe', 'empty'])}`);
  if (chance(0.2)) headers.push(`Referer: ${pick([`${origin}/`, 'http://127.0.0.1:1/', '::::', 'http://[', 'javascript:1'])}`);
  if (chance(0.15)) headers.push('Connection: Upgrade', 'Upgrade: websocket'); // through the upgrade listener
  return headers;
}

it('keeps serving through hundreds of malformed request lines and paths', async () => {
  const cases = Array.from({ length: 300 }, () => {
    const line = `${pick(METHODS)} ${randomTarget()} ${pick(VERSIONS)}`;
    return `${line}\r\n${randomRequestHeaders().join('\r\n')}\r\n\r\n`;
  });
  await mapPool(cases, WIDTH, async (request) => {
    const reply = await rawExchange(port, request, { timeoutMs: 2000 });
    expectNoServerError(reply.text, JSON.stringify(request.slice(0, 200)));
  });
  await expectServing('malformed paths');
});

/** One malformed part of a request's head, or of a body its head announces. */
const HEADER_FAULTS: (() => { head: string[]; body?: string; lineEnd?: string })[] = [
  () => ({ head: [`X-Big: ${'a'.repeat(int(8_000, 100_000))}`] }),
  () => ({ head: Array.from({ length: int(100, 3000) }, (_, i) => `X-N${i}: v`) }),
  () => ({ head: ['Host: evil.example:1'] }),
  () => ({ head: [`Origin: ${origin}`, 'Origin: http://127.0.0.1:1'] }),
  () => ({ head: ['Sec-Fetch-Site: same-origin', 'Sec-Fetch-Site: same-site'] }),
  () => ({ head: ['Content-Length: 5', 'Content-Length: 6'], body: 'abcde' }),
  () => ({ head: ['Transfer-Encoding: chunked', 'Content-Length: 3'], body: 'zz\r\n' }),
  () => ({ head: ['Transfer-Encoding: chunked'], body: `${pick(['zz', '-1', 'ffffffffffffffffff', '5;x'])}\r\nhello\r\n0\r\n\r\n` }),
  () => ({ head: [`Content-Length: ${pick(['-1', 'abc', '99999999999999999999', '1e3', ' 5'])}`], body: 'abcde' }),
  () => ({ head: [pick(['Bad Header: x', 'X\x01Y: v', 'Ü: v', ': novalue', 'NoColon', 'X:\x00', 'X: a\x00b', 'X: \x7f', 'X: \xff\xfe', '\x00: x'])] }),
  () => ({ head: ['X-Folded: a', ' b'] }),
  () => ({ head: ['X: y'], lineEnd: '\n' }),
  () => ({ head: ['Expect: 100-continue', 'Content-Length: 10'], body: '0123456789' }),
  () => ({ head: [`Cookie: ${Array.from({ length: int(1, 500) }, (_, i) => `c${i}=${bytes(4).toString('hex')}`).join('; ')}`] }),
  () => ({ head: [`Host: ${pick(['', '127.0.0.1', `127.0.0.1:${port} `, `LOCALHOST:${port}`, `[::1]:${port}`, bytes(8).toString('latin1')])}`] }),
  () => ({ head: [`Referer: ${pick(['::::', 'http://[', `${origin}/`, 'http://127.0.0.1:1/', bytes(12).toString('latin1')])}`] }),
  () => ({ head: Object.entries(authorizedHeaders()).map(([name, value]) => `${name}: ${value}`) }),
];

it('keeps serving through hundreds of malformed, huge and duplicate headers', async () => {
  const cases = Array.from({ length: 200 }, () => {
    const faultsHere = Array.from({ length: int(1, 3) }, () => pick(HEADER_FAULTS)());
    const lineEnd = faultsHere.find((f) => f.lineEnd)?.lineEnd ?? '\r\n';
    const head = [`${pick(['GET', 'POST', 'HEAD'])} / HTTP/1.1`, `Host: 127.0.0.1:${port}`, ...faultsHere.flatMap((f) => f.head)];
    return head.join(lineEnd) + lineEnd + lineEnd + faultsHere.map((f) => f.body ?? '').join('');
  });
  await mapPool(cases, WIDTH, async (request) => {
    const reply = await rawExchange(port, request, { timeoutMs: 2000 });
    expectNoServerError(reply.text, JSON.stringify(request.slice(0, 200)));
  });
  await expectServing('malformed headers');
});

it('keeps serving while dozens of sockets sit half-open, and after they drop', async () => {
  const authorized = authorizedHeaders();
  const partials: (() => string | Buffer)[] = [
    () => '',
    () => 'GET / HT',
    () => `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`,
    () => `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: 1000\r\n\r\n0123456789`,
    () => handshake(port, authorized).slice(0, int(10, 120)),
    () => handshake(port, authorized), // a legitimate WebSocket that never says anything
    () => Buffer.concat([Buffer.from(handshake(port, authorized), 'latin1'), Buffer.from([0x81])]), // half a frame header
    () => Buffer.concat([Buffer.from(handshake(port, authorized), 'latin1'), frame({ opcode: Opcode.text, declaredLength: 1000n, payload: Buffer.from('{"type":') })]),
  ];
  const sockets: Socket[] = await Promise.all(
    Array.from({ length: 64 }, (_, i) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.on('error', () => undefined);
      const data = partials[i % partials.length]!();
      return new Promise<Socket>((resolve) => socket.once('connect', () => (data.length ? socket.write(data, () => resolve(socket)) : resolve(socket))));
    }),
  );
  await expectServing('half-open sockets held');
  // Half go away abruptly (a reset), half politely (a FIN).
  sockets.forEach((socket, i) => (i % 2 ? socket.resetAndDestroy() : socket.end()));
  await expectServing('half-open sockets dropped');
  for (const socket of sockets) socket.destroy();
});

it('never opens a WebSocket without the token, Origin and protocol, whatever the handshake looks like', async () => {
  const valid = `${WS_TOKEN_PREFIX}${h.server.token}`;
  const wrong = `${WS_TOKEN_PREFIX}${bytes(24).toString('base64url')}`;
  const protocolHeaders = [
    null,
    WS_PROTOCOL,
    `${WS_PROTOCOL}, ${valid}`,
    `${WS_PROTOCOL}, ${wrong}`,
    `${WS_PROTOCOL}, ${WS_TOKEN_PREFIX}`,
    `${WS_PROTOCOL},,`,
    ' , ',
    'a b',
    `${WS_PROTOCOL}, ${valid}\x01`,
    `${WS_PROTOCOL}, ${Array.from({ length: 1000 }, () => `${WS_TOKEN_PREFIX}${bytes(24).toString('base64url')}`).join(', ')}`,
    `${WS_PROTOCOL}, ${valid}, ${valid}`,
    valid,
    `${WS_PROTOCOL}, ${wrong}, ${valid}`,
    `${WS_PROTOCOL}, ${valid.toUpperCase()}`,
    `${WS_PROTOCOL}, ${valid.slice(0, -1)}`,
  ];
  const origins = [origin, `http://localhost:${port}`, null, 'null', 'http://127.0.0.1:1', `${origin}/`, `HTTP://127.0.0.1:${port}`, '', `${origin}, ${origin}`];
  const cases = Array.from({ length: 200 }, () => ({
    origin: pick(origins),
    protocols: pick(protocolHeaders),
    key: pick([undefined, undefined, 'x', '', null]),
    version: pick(['13', '13', '13', '8', 'x', null]),
    upgrade: pick(['websocket', 'websocket', 'WebSocket', 'h2c', 'websocket, foo']),
    target: pick(['/ws', '/ws', '/ws', '/ws/', '/WS', '/ws?x=1', '/%77s', '*', 'http://[', '/']),
    garbage: chance(0.2) ? bytes(int(1, 64)) : Buffer.alloc(0),
  }));
  await mapPool(cases, WIDTH, async (c) => {
    const headers: Record<string, string | null> = { Origin: c.origin, 'Sec-WebSocket-Protocol': c.protocols, 'Sec-WebSocket-Version': c.version, Upgrade: c.upgrade };
    if (c.key !== undefined) headers['Sec-WebSocket-Key'] = c.key;
    const request = Buffer.concat([Buffer.from(handshake(port, headers, c.target), 'latin1'), c.garbage]);
    const reply = await rawExchange(port, request, { timeoutMs: 2000 });
    const what = `${JSON.stringify(c)} (seed ${SEED})`;
    expectNoServerError(reply.text, what);
    if (statusOf(reply.text) !== 101) return;
    const entries = (c.protocols ?? '').split(',').map((p) => p.trim());
    const authorized =
      (c.origin === origin || c.origin === `http://localhost:${port}`) &&
      entries.includes(WS_PROTOCOL) &&
      entries.filter((p) => p.startsWith(WS_TOKEN_PREFIX)).length === 1 &&
      entries.includes(valid);
    expect(authorized, `opened: ${what}`).toBe(true);
    expect(reply.text, what).toMatch(new RegExp(`\r\nSec-WebSocket-Protocol: ${WS_PROTOCOL.replace('.', '\\.')}\r\n`, 'i'));
    expect(reply.text, what).not.toContain(h.server.token);
  });
  await expectServing('hostile handshakes');
});

/** Frames a server must refuse with a close: each breaks RFC 6455 or the server's limits. */
const BAD_FRAMES: (() => Buffer)[] = [
  () => frame({ opcode: pick([3, 4, 5, 6, 7, 0xb, 0xc, 0xd, 0xe, 0xf]), payload: bytes(int(0, 20)) }),
  () => frame({ opcode: Opcode.text, payload: Buffer.from('{"type":"request","id":1,"method":"app.info"}'), mask: false }),
  () => frame({ opcode: Opcode.text, rsv: pick([1, 2, 4, 7]), payload: Buffer.from('{}') }),
  () => frame({ opcode: Opcode.text, payload: Buffer.from(pick([[0xc3, 0x28], [0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]])) }),
  () => frame({ opcode: pick([Opcode.text, Opcode.binary]), declaredLength: BigInt(int(4 * 1024 * 1024 + 1, 2 ** 31)), payload: bytes(16) }),
  () => frame({ opcode: Opcode.text, declaredLength: 2n ** 63n + BigInt(int(0, 1000)), payload: bytes(8) }),
  () => frame({ opcode: pick([Opcode.ping, Opcode.pong, Opcode.close]), payload: bytes(int(126, 400)) }),
  () => frame({ opcode: Opcode.ping, fin: false, payload: bytes(4) }),
  () => frame({ opcode: Opcode.continuation, payload: Buffer.from('orphan') }),
  () => Buffer.concat([frame({ opcode: Opcode.text, fin: false, payload: Buffer.from('{"a":') }), frame({ opcode: Opcode.text, payload: Buffer.from('1}') })]),
  () => frame({ opcode: Opcode.close, payload: bytes(1) }),
  () => {
    const payload = Buffer.alloc(2);
    payload.writeUInt16BE(pick([0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535]));
    return frame({ opcode: Opcode.close, payload });
  },
  () => {
    const payload = Buffer.concat([Buffer.from([0x03, 0xe8]), Buffer.from([0xff, 0xfe])]);
    return frame({ opcode: Opcode.close, payload }); // a close reason that is not UTF-8
  },
];

/** Frames that are well-formed but carry what no client of ours would send: the socket must keep working. */
const JUNK_MESSAGES: (() => FrameSpec)[] = [
  () => ({ opcode: Opcode.text, payload: Buffer.from(pick(['', 'null', '[]', '42', '"x"', '{', '{"type":"request"}', 'undefined', '\u0000'])) }),
  () => ({ opcode: Opcode.text, payload: Buffer.from(`{"type":"request","id":${pick(['1e309', '-1', '"1"', 'null', '1.5'])},"method":"app.info"}`) }),
  () => ({
    opcode: Opcode.text,
    payload: Buffer.from(JSON.stringify({ type: 'request', id: int(1, 1000), method: pick(['__proto__', 'constructor', 'toString', 'x'.repeat(10_000), 'project.open', 'terminal.open', 'step.run', 'snapshot.restore']), params: pick([42, [1], 'x', true]) })),
  }),
  () => ({ opcode: Opcode.text, payload: Buffer.from(JSON.stringify({ type: 'notify', method: pick(['terminal.input', 'terminal.resize', 'terminal.ack', 'nope']), params: pick([42, [1], 'x', { terminalId: -1, data: 1 }]) })) }),
  () => ({ opcode: Opcode.text, payload: Buffer.from('{"type":"request","id":7,"method":"app.info","__proto__":{"polluted":true}}') }),
  () => ({ opcode: Opcode.text, payload: Buffer.from(`${'['.repeat(int(1000, 100_000))}${chance(0.5) ? ']'.repeat(100_000) : ''}`) }),
  () => ({ opcode: Opcode.binary, payload: bytes(int(0, 2000)) }),
  () => ({ opcode: Opcode.ping, payload: bytes(int(0, 125)) }),
  () => ({ opcode: Opcode.pong, payload: bytes(int(0, 125)) }),
  () => ({ opcode: Opcode.text, payload: Buffer.from(JSON.stringify({ type: 'request', id: 3, method: 'plan.parse', params: { fileName: 'x.yaml', content: 'a: ['.repeat(int(1, 2000)) } })) }),
];

it('closes a WebSocket that sends a malformed frame, and keeps serving', async () => {
  const cases = Array.from({ length: 200 }, () => pick(BAD_FRAMES)());
  await mapPool(cases, WIDTH, async (bad) => {
    const socket = await openRawWebSocket(port, authorizedHeaders());
    const reply = await exchange(socket, bad, { timeoutMs: 5000 });
    expect(reply.closedByServer, `frame ${bad.subarray(0, 16).toString('hex')} (seed ${SEED})`).toBe(true);
  });
  await expectServing('malformed frames');
});

it('ignores well-formed junk messages and answers the next request on the same socket', async () => {
  const cases = Array.from({ length: 150 }, () => Array.from({ length: int(1, 4) }, () => pick(JUNK_MESSAGES)()));
  await mapPool(cases, WIDTH, async (junk) => {
    const socket = await openRawWebSocket(port, authorizedHeaders());
    const probe = frame({ opcode: Opcode.text, payload: Buffer.from('{"type":"request","id":424242,"method":"app.info","params":{}}') });
    const reply = await exchange(socket, Buffer.concat([...junk.map(frame), probe]), {
      timeoutMs: 20_000, // the engine answers in order, after the junk: room for a loaded machine
      stopWhen: (text) => text.includes('"id":424242'),
    });
    expect(reply.text, `junk ${JSON.stringify(junk.map((j) => j.payload?.subarray(0, 40).toString('latin1')))} (seed ${SEED})`).toContain('"id":424242,"ok":true');
  });
  await expectServing('junk messages');
});

it('survives garbage right after the handshake and random bytes in place of frames', async () => {
  const cases = Array.from({ length: 150 }, () => bytes(int(1, 4096)));
  await mapPool(cases, WIDTH, async (garbage) => {
    const socket = await openRawWebSocket(port, authorizedHeaders());
    // Random bytes may well form a frame header that announces more than follows: that socket just waits, so stop early.
    await exchange(socket, garbage, { timeoutMs: 300 });
  });
  await expectServing('garbage after the handshake');
});

describe('a message bigger than the limit', () => {
  it('closes that socket (1009) without stopping the server', async () => {
    const socket = await openRawWebSocket(port, authorizedHeaders());
    const huge = frame({ opcode: Opcode.text, payload: Buffer.alloc(4 * 1024 * 1024 + 1, 0x20) });
    const reply = await exchange(socket, huge, { timeoutMs: 10_000 });
    expect(reply.closedByServer).toBe(true);
    expect(reply.text.charCodeAt(0)).toBe(0x88); // a close frame
    expect((reply.text.charCodeAt(2) << 8) | reply.text.charCodeAt(3)).toBe(1009);
    await expectServing('an oversized message');
  });
});

describe('an engine handler that throws', () => {
  // No input makes the real engine's connect or receive throw (that is the point), so one call of each is made to.
  it('is told on the log and costs that client at most, never the server', async () => {
    const connect = h.engine.connect.bind(h.engine);
    const spy = vi.spyOn(h.engine, 'connect');
    try {
      spy.mockImplementationOnce(() => {
        throw new Error('connect failed on purpose');
      });
      const refused = await openSocket(h.server, { origin, token: h.server.token });
      const closed = await new Promise<number>((done) => refused.once('close', done));
      expect(closed).toBe(1011);

      spy.mockImplementationOnce((send) => {
        const real = connect(send);
        return {
          receive: (message) => {
            if ((message as { method?: string }).method === 'throw.please') throw new Error('receive failed on purpose');
            real.receive(message);
          },
          close: real.close,
        };
      });
      const socket = await openSocket(h.server, { origin, token: h.server.token });
      const client = socketClient(socket);
      socket.send(JSON.stringify({ type: 'notify', method: 'throw.please' }));
      expect((await client.request('app.info', {})).host).toBe('server'); // the same socket goes on
      client.dispose();
      socket.close();
      expect(faults).toEqual([
        expect.stringContaining('connecting a client to the engine failed (the server goes on): Error: connect failed on purpose'),
        expect.stringContaining('a message handler failed (the server goes on): Error: receive failed on purpose'),
      ]);
    } finally {
      spy.mockRestore();
      faults.length = 0;
    }
    await expectServing('after throwing handlers');
  });
});
