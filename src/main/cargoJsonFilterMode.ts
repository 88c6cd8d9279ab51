// Plan steps' cargo runs through resources/cargo-json/filter.cjs, a Node
// script, piped by the shell integration's `cargo` function (core/runs/cargoJsonStep.ts). A packaged app has no Node to run
// it with: its RunAsNode fuse is off, so ELECTRON_RUN_AS_NODE=1 no longer
// turns the Electron executable into Node, and a `node` on PATH is not
// something to count on. So the app's own executable runs the filter when
// started with this switch: index.ts checks for it before anything else
// (no single-instance lock, no window) and the main process, which is Node
// too, runs the script on its stdin and exits when cargo's output ends.
// Development (`electron .`) takes the same path, so it is the one tested
// whenever the app runs.
import { createRequire } from 'node:module';

export const CARGO_JSON_FILTER_SWITCH = '--stepwise-cargo-json-filter';

export interface FilterCommandOptions {
  /** The Electron executable (process.execPath). */
  execPath: string;
  /** The app's folder, when Electron is not the packaged app itself (development); null when packaged. */
  appPath: string | null;
  /** The app runs without Chromium's sandbox (as root): the filter must too, or Chromium refuses to start. */
  noSandbox: boolean;
}

/** The words that start the filter, before the messages file (the shell gets them in $STEPWISE_CARGO_FILTER). */
export function cargoJsonFilterCommand(options: FilterCommandOptions): string[] {
  return [
    options.execPath,
    ...(options.appPath === null ? [] : [options.appPath]),
    ...(options.noSandbox ? ['--no-sandbox'] : []),
    CARGO_JSON_FILTER_SWITCH,
  ];
}

/** The messages file when this process was started as the filter, else null. */
export function cargoJsonFilterFile(argv: readonly string[]): string | null {
  const at = argv.indexOf(CARGO_JSON_FILTER_SWITCH);
  if (at === -1) return null;
  const file = argv[at + 1];
  return file && !file.startsWith('--') ? file : null;
}

/**
 * Runs filter.cjs in this process as if started as `node filter.cjs FILE`,
 * and calls `exit` once its input has ended and it has handled that end
 * (Electron's main process, unlike Node, does not exit by itself).
 */
export function runCargoJsonFilter(script: string, messagesFile: string, exit: (code: number) => void): void {
  process.argv = [process.argv[0]!, script, messagesFile];
  createRequire(__filename)(script);
  // Added after the script's own listeners, so they run first.
  process.stdin.once('end', () => setImmediate(() => exit(0)));
  process.stdin.once('error', () => exit(0));
}
