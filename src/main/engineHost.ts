// Runs inside Electron's utility process: plain Node plus `process.parentPort`.
// It must not import 'electron': the main-process APIs do not exist here.
import { join } from 'node:path';
import { Engine } from '../core/engine/engine';
import { startLog } from '../core/log/rotatingLog';
import { resolveResourcesDir } from '../core/platform/fs/paths';

/** main -> host, on process.parentPort. */
export type ParentMessage = { type: 'connect' } | { type: 'shutdown' };
/** host -> main: `ready` once the journal is open, `fatal` when it cannot be. */
export type HostMessage = { type: 'ready' } | { type: 'fatal'; message: string };

// Electron's MessagePortMain and ParentPort, described locally so this file
// needs no electron types.
interface PortMain {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  start(): void;
}

interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown; ports: PortMain[] }) => void): unknown;
  postMessage(message: HostMessage): void;
}

function fail(parent: ParentPort, error: unknown): void {
  console.error('[stepwise engine] could not start:', error);
  const message = error instanceof Error ? error.message : String(error);
  parent.postMessage({ type: 'fatal', message });
  // Let the message reach main before the process goes.
  setTimeout(() => process.exit(1), 100);
}

/** The words main says start the cargo JSON filter (src/main/cargoJsonFilterMode.ts). */
function cargoJsonFilterFromEnv(): string[] | undefined {
  const raw = process.env.STEPWISE_CARGO_JSON_FILTER;
  if (!raw) return undefined;
  const words: unknown = JSON.parse(raw);
  if (!Array.isArray(words) || words.length === 0 || !words.every((word) => typeof word === 'string')) {
    throw new Error(`STEPWISE_CARGO_JSON_FILTER is not a list of words: ${raw}`);
  }
  return words;
}

function openEngine(dataDir: string): Engine {
  return Engine.open({
    dataDir,
    resourcesDir: resolveResourcesDir(),
    host: 'electron',
    version: process.env.STEPWISE_VERSION ?? '0.0.0',
    sqliteNativeBinding: process.env.STEPWISE_SQLITE_BINDING || undefined,
    // Built beside this file by electron-vite.
    parserWorker: join(__dirname, 'parserWorker.js'),
    cargoJsonFilter: cargoJsonFilterFromEnv(),
  });
}

function serve(parent: ParentPort, engine: Engine): void {
  let shuttingDown = false;
  parent.on('message', (event) => {
    const message = event.data as ParentMessage | null;
    if (message?.type === 'connect') {
      const port = event.ports[0];
      if (!port || shuttingDown) return;
      // One engine connection per page load; it ends when the page goes away.
      const connection = engine.connect((out) => port.postMessage(out));
      port.on('message', (incoming) => connection.receive(incoming.data));
      port.on('close', () => connection.close());
      port.start();
    } else if (message?.type === 'shutdown' && !shuttingDown) {
      shuttingDown = true;
      engine.shutdown().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error('[stepwise engine] shutdown failed:', error);
          process.exit(1);
        },
      );
    }
  });
  parent.postMessage({ type: 'ready' });
}

// A crash must end the process, so main sees the exit and restarts it,
// rather than leaving a half-alive engine behind.
process.on('uncaughtException', (error) => {
  console.error('[stepwise engine] uncaught exception:', error);
  process.exit(1);
});

const parent = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!parent) {
  console.error('engineHost must run in an Electron utility process');
  process.exit(1);
}

const dataDir = process.env.STEPWISE_HOME;
// logs/engine.log: everything this process prints (it prints only what went wrong, and exits).
if (dataDir) startLog(dataDir, 'engine', 'Stepwise engine (electron)', process.env.STEPWISE_VERSION ?? '0.0.0', ['log', 'info', 'warn', 'error']);

let engine: Engine | null = null;
try {
  if (!dataDir) throw new Error('STEPWISE_HOME is not set');
  engine = openEngine(dataDir);
} catch (error) {
  fail(parent, error);
}
if (engine) serve(parent, engine);
