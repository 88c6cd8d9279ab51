import { constants } from 'node:fs';
import { access, realpath, stat } from 'node:fs/promises';
import { homedir, platform } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { JOURNAL_FILE } from '../../platform/fs/paths';
import { sessionInput } from '../../plans/resolvePlan';
import { EngineFault } from '../errors';
import { sessionView } from '../sessionView';
import type { EngineContext, RequestHandlers } from './index';

type ProjectHandlers = Pick<RequestHandlers, 'app.info' | 'projects.recent' | 'project.open' | 'session.view'>;

export function projectHandlers({ options, journal, health, plans, system, snapshots, terminals }: EngineContext): ProjectHandlers {
  return {
    'app.info': () => ({
      version: options.version,
      dataDir: options.dataDir,
      journalPath: join(options.dataDir, JOURNAL_FILE),
      host: options.host,
      platform: platform(),
      health: health.state,
    }),
    'projects.recent': ({ limit }) => journal.recentProjects(limit),
    'project.open': async ({ path, newSession }) => {
      const folder = await resolveProjectFolder(path);
      // While the journal cannot be written, a project it has opens as it was (its last-opened time kept); a new one waits.
      const project = health.writable ? journal.openProject(folder) : journal.projectByPath(folder);
      if (!project) throw health.refusal();
      // In the background: the first snapshot, before the first risky step, is then as quick as the later ones.
      snapshots.warmer.warm(folder);
      const latest = newSession ? null : journal.latestSession(project.id);
      if (latest) return sessionView(journal, latest.id);
      health.assertWritable();
      const session = journal.createSession(project.id, { ...sessionInput(plans.default, {}, 'builtin', true), system });
      // The new session replaces the project's others: their terminals, and all they run, end.
      await terminals.closeOtherSessions(folder, session.id);
      return sessionView(journal, session.id);
    },
    'session.view': ({ sessionId }) => sessionView(journal, sessionId),
  };
}

/** An absolute, symlink-free path to an existing folder, or a clear error. */
export async function resolveProjectFolder(input: string): Promise<string> {
  const expanded = input.trim().replace(/^~(?=$|\/)/, homedir());
  if (!isAbsolute(expanded)) {
    throw new EngineFault('invalid-params', `Project folder must be an absolute path: "${input}"`);
  }
  const info = await stat(expanded).catch(() => null);
  if (!info) throw new EngineFault('not-found', `No such folder: ${expanded}`);
  if (!info.isDirectory()) throw new EngineFault('invalid-params', `Not a folder: ${expanded}`);
  // A folder Stepwise cannot list would scan as empty and snapshot as nothing: refused, not taken for an empty project.
  const readable = await access(expanded, constants.R_OK | constants.X_OK).then(
    () => true,
    () => false,
  );
  if (!readable) throw new EngineFault('invalid-params', `Cannot read the folder ${expanded}: permission denied`);
  return realpath(expanded);
}
