import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startLoopbackServer } from '../../core/transport/loopbackServer';
import { STEPWISE_VERSION as version } from '../../core/version';
import { CliError } from '../cliError';
import { wholeNumber } from '../params';
import { openCliEngine } from '../openEngine';
import { bundleDir } from '../bundleDir';
import { onStopSignals } from '../run/stopSignals';

export async function serveCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { port: { type: 'string', default: '0' }, 'no-open': { type: 'boolean', default: false } },
    strict: true,
  });
  const port = wholeNumber(values.port, '--port', 0, 65535);
  const { engine, parsesOffThread } = openCliEngine('server', 'cannot serve');
  let server;
  try {
    // The bundle lives in out/main; the built UI beside it in out/renderer.
    server = await startLoopbackServer({ engine, port, staticDir: join(bundleDir(), '../renderer') });
  } catch (error) {
    await engine.shutdown();
    throw new CliError(`cannot listen on 127.0.0.1:${port}: ${(error as Error).message}`, 1);
  }
  console.log(`Stepwise ${version} is serving on ${server.url}`);
  console.log(`Journal: ${engine.journal.file}`);
  console.log(`Output is parsed ${parsesOffThread ? 'in a worker thread' : 'on the main thread'}.`);
  console.log('Press Ctrl+C to stop.');
  if (!values['no-open']) openBrowser(server.url);

  let offSignals = (): void => {};
  await new Promise<void>((resolve) => {
    // Listening until the end: a second Ctrl-C must not cut the shutdown short (the shells' processes would be left running).
    offSignals = onStopSignals(() => resolve(), (signal) => console.log(`Still stopping (${signal}): ending the terminals' processes…`));
  });
  console.log('Stopping: closing terminals and the journal…');
  try {
    await server.close();
    await engine.shutdown();
  } finally {
    offSignals();
  }
  return 0;
}

function openBrowser(url: string): void {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(opener, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => console.log(`Open ${url} in your browser.`));
  child.unref();
}
