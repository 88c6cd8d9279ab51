import { platform } from 'node:os';
import { join } from 'node:path';
import { JOURNAL_FILE } from '../../platform/fs/paths';
import type { EngineContext } from '../context';
import type { RequestHandlers } from './index';

type ProjectHandlers = Pick<RequestHandlers, 'app.info' | 'projects.recent' | 'project.open' | 'session.view' | 'sessions.list'>;

export function projectHandlers({ options, journal, health, sessions }: EngineContext): ProjectHandlers {
  return {
    'app.info': () => ({
      version: options.version,
      dataDir: options.dataDir,
      journalPath: join(options.dataDir, JOURNAL_FILE),
      host: options.host,
      platform: platform(),
      health: health.state,
    }),
    'projects.recent': ({ limit }) => journal.projects.recent(limit),
    'project.open': ({ path, newSession }) => sessions.open(path, { newSession }),
    'session.view': ({ sessionId }) => sessions.view(sessionId),
    'sessions.list': ({ projectId }) => journal.sessions.summaries(journal.projects.get(projectId).id),
  };
}
