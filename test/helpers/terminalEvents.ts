// Waiting on a real TerminalSession's events, for the tests that start shells themselves.
import type { CommandEndEvent, TerminalSession, TerminalSessionEvents } from '../../src/core/terminals/terminalSession';

/** The next `event` from the session (subscribe before causing it). */
export function nextEvent<K extends keyof TerminalSessionEvents>(session: TerminalSession, event: K, timeoutMs = 10_000): Promise<TerminalSessionEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    const off = session.on(event, (payload) => {
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

/** Types `commandLine` as the engine does; resolves with its end. */
export async function runLine(session: TerminalSession, commandLine: string, timeoutMs?: number): Promise<CommandEndEvent> {
  const end = nextEvent(session, 'commandEnd', timeoutMs);
  await session.runCommand(commandLine);
  return end;
}
