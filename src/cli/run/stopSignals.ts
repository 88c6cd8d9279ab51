// Ctrl-C, SIGTERM and a closed terminal (SIGHUP) stop a command the same way:
// what runs in its terminals is ended first, then it exits. A second signal
// while that happens is answered, never left to Node's default, which would
// end this process mid-way and leave the shells' processes running.
import type { Printer } from './printer';
import type { SessionTerminal } from './sessionTerminal';

const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** `stop` on the first stop signal, `again` on any later one; returns the function that stops listening. */
export function onStopSignals(stop: (signal: NodeJS.Signals) => void, again: (signal: NodeJS.Signals) => void): () => void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals): void => {
    if (stopping) return again(signal);
    stopping = true;
    stop(signal);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, handler);
  return () => {
    for (const signal of STOP_SIGNALS) process.off(signal, handler);
  };
}

export interface StopSignals {
  /** Set once a signal came. */
  readonly stop: { requested: boolean };
  off(): void;
}

/** A headless run: the running command and its terminal are ended (journaled as interrupted), then it says what it did and exits 130. */
export function stopOnSignals(printer: Printer, terminal: () => SessionTerminal | null): StopSignals {
  const stop = { requested: false };
  const off = onStopSignals(
    (signal) => {
      stop.requested = true;
      printer.line(`${signal}: stopping the running command and closing the terminal…`);
      terminal()?.close().catch((error: Error) => console.error(`stepwise: could not close the terminal: ${error.message}`));
    },
    (signal) => printer.line(`Still stopping (${signal})…`),
  );
  return { stop, off };
}

/** A command that works in a scratch copy: the first stop signal aborts it (`doing` says what that ends, on stderr). */
export function abortOnStopSignals(doing: string): { signal: AbortSignal; off: () => void } {
  const stop = new AbortController();
  const off = onStopSignals(
    (signal) => {
      process.stderr.write(`${signal}: ${doing}…\n`);
      stop.abort();
    },
    (signal) => process.stderr.write(`Still stopping (${signal})…\n`),
  );
  return { signal: stop.signal, off };
}
