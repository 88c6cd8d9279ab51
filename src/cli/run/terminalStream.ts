// Streams the session's terminal to stdout as it comes. The shell-integration
// marks are the engine's business and are left out; colours stay. Output is
// acknowledged once stdout has taken it, so a slow pipe pauses the pty the
// same way a slow xterm.js does.
import { Osc633Parser } from '../../core/terminals/osc633';
import type { EngineClient } from '../../shared/client';
import type { Printer } from './printer';

export function streamTerminal(client: EngineClient, printer: Printer): () => void {
  const parsers = new Map<string, Osc633Parser>();
  const plainText = (events: ReturnType<Osc633Parser['push']>): string =>
    events.map((event) => (event.type === 'output' ? event.data : '')).join('');
  const offData = client.on('terminal.data', ({ terminalId, data }) => {
    let parser = parsers.get(terminalId);
    if (!parser) parsers.set(terminalId, (parser = new Osc633Parser()));
    printer.raw(plainText(parser.push(data)), () => client.notify('terminal.ack', { terminalId, chars: data.length }));
  });
  const offExit = client.on('terminal.exit', ({ terminalId }) => {
    printer.raw(plainText(parsers.get(terminalId)?.end() ?? []));
    parsers.delete(terminalId);
  });
  return () => {
    offData();
    offExit();
  };
}
