import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveDataDir } from '../../core/platform/fs/paths';
import { startLoopbackServer } from '../../core/transport/loopbackServer';
import { STEPWISE_VERSION as version } from '../../core/platform/stepwiseVersion';
import { CliError } from '../cliError';
import { wholeNumber } from '../params';
import { openCliEngine } from '../openEngine';
import { bundleDir } from '../bundleDir';
import { onStopSignals } from '../run/stopSignals';
import { openInBrowser, writeBrowserRedirect, type BrowserRedirect } from '../serve/openBrowser';

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
  // Listen for the stop signals first: a stop while the browser is being opened still closes everything.
  // Listening until the end: a second Ctrl-C must not cut the shutdown short (the shells' processes would be left running).
  let offSignals = (): void => {};
  const stopped = new Promise<void>((resolve) => {
    offSignals = onStopSignals(() => resolve(), (signal) => console.log(`Still stopping (${signal}): ending the terminals' processes…`));
  });
  const redirect = values['no-open'] ? null : await openBrowser(server.url);
  await stopped;
  console.log('Stopping: closing terminals and the journal…');
  try {
    redirect?.remove();
    await server.close();
    await engine.shutdown();
  } finally {
    offSignals();
  }
  return 0;
}

/** The URL (with its token) goes to the browser through a private file, never on the opener's command line. */
async function openBrowser(url: string): Promise<BrowserRedirect | null> {
  const openByHand = (): void => console.log(`Open ${url} in your browser.`);
  try {
    const redirect = await writeBrowserRedirect(resolveDataDir(), url);
    openInBrowser(redirect.file, openByHand);
    return redirect;
  } catch (error) {
    console.log(`Could not write the page that opens the browser (${(error as Error).message}).`);
    openByHand();
    return null;
  }
}
