import { openProjectFile } from '../../editor/openInEditor';
import type { EngineContext } from '../context';
import type { NotificationHandlers, RequestHandlers } from './index';

type TerminalHandlers = Pick<RequestHandlers, 'terminal.open' | 'terminal.close' | 'file.openInEditor'>;

export function terminalHandlers({ journal, terminals }: EngineContext): TerminalHandlers {
  return {
    'terminal.open': ({ sessionId, cols, rows }, caller) => {
      const { session } = journal.sessions.get(sessionId);
      const project = journal.projects.get(session.projectId);
      return terminals.open(sessionId, project.path, cols, rows, caller);
    },
    'terminal.close': async ({ terminalId }) => ({ closed: await terminals.close(terminalId) }),
    'file.openInEditor': ({ sessionId, file, line, column, terminalId }) => {
      const root = journal.projects.get(journal.sessions.get(sessionId).session.projectId).path;
      return openProjectFile(terminals, { sessionId, root, file, line, column, terminalId });
    },
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
