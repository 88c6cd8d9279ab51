import { openProjectFile } from '../../editor/openInEditor';
import type { EngineContext } from '../context';
import type { NotificationHandlers, RequestHandlers } from './index';

type TerminalHandlers = Pick<RequestHandlers, 'terminal.open' | 'terminal.create' | 'terminal.list' | 'terminal.close' | 'file.openInEditor'>;

export function terminalHandlers({ journal, terminals }: EngineContext): TerminalHandlers {
  /** The session's project folder, where its shells start (the session must exist). */
  const projectPath = (sessionId: number): string => journal.projects.get(journal.sessions.get(sessionId).session.projectId).path;
  return {
    'terminal.open': ({ sessionId, cols, rows, terminalId }, caller) => terminals.open(sessionId, projectPath(sessionId), cols, rows, caller, terminalId),
    'terminal.create': ({ sessionId, cols, rows }) => terminals.create(sessionId, projectPath(sessionId), cols, rows),
    'terminal.list': ({ sessionId }) => {
      projectPath(sessionId); // an unknown session is an error, not an empty list
      return { terminals: terminals.list(sessionId) };
    },
    'terminal.close': async ({ terminalId }) => ({ closed: await terminals.close(terminalId) }),
    'file.openInEditor': ({ sessionId, file, line, column, terminalId }) => {
      return openProjectFile(terminals, { sessionId, root: projectPath(sessionId), file, line, column, terminalId });
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
