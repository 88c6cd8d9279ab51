// Ctrl-C, SIGTERM and a closed terminal stop a headless command the same way:
// the running command and its terminal are ended (journaled as interrupted),
// then the command says what it did and exits 130.
import type { Printer } from './printer';
import type { SessionTerminal } from './sessionTerminal';

export interface StopSignals {
  /** Set once a signal came. */
  readonly stop: { requested: boolean };
  off(): void;
}

export function stopOnSignals(printer: Printer, terminal: () => SessionTerminal | null): StopSignals {
  const stop = { requested: false };
  const handler = (signal: NodeJS.Signals): void => {
    if (stop.requested) return printer.line(`Still stopping (${signal})…`);
    stop.requested = true;
    printer.line(`${signal}: stopping the running command and closing the terminal…`);
    terminal()?.close().catch((error: Error) => console.error(`stepwise: could not close the terminal: ${error.message}`));
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, handler);
  return {
    stop,
    off: () => {
      for (const signal of signals) process.off(signal, handler);
    },
  };
}
