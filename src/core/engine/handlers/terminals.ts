import type { EngineContext } from '../context';
import type { NotificationHandlers, RequestHandlers } from './index';

type TerminalHandlers = Pick<RequestHandlers, 'terminal.open' | 'terminal.close'>;

export function terminalHandlers({ journal, terminals }: EngineContext): TerminalHandlers {
  return {
    'terminal.open': ({ sessionId, cols, rows }, caller) => {
      const { session } = journal.sessions.get(sessionId);
      const project = journal.projects.get(session.projectId);
      return terminals.open(sessionId, project.path, cols, rows, caller);
    },
    'terminal.close': async ({ terminalId }) => ({ closed: await terminals.close(terminalId) }),
  };
}

export function terminalNotifications({ terminals }: EngineContext): NotificationHandlers {
  return {
    'terminal.input': ({ terminalId, data }) => terminals.input(terminalId, data),
    'terminal.resize': ({ terminalId, cols, rows }) => terminals.resize(terminalId, cols, rows),
    'terminal.ack': ({ terminalId, chars }, caller) => terminals.ack(terminalId, caller, chars),
    'terminal.detach': ({ terminalId }, caller) => terminals.detach(terminalId, caller),
  };
}
