// `--session ID | --project DIR`: which session a command reads, as
// `stepwise export` and `stepwise plan from-session` take it.
import { existsSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Journal } from '../core/journal/journal';
import { openJournalForReading } from '../core/journal/readJournal';
import { checkDataDir, JOURNAL_FILE, resolveDataDir } from '../core/platform/fs/paths';
import { CliError } from './cliError';
import { wholeNumber } from './params';

export const SESSION_ARG_OPTIONS = { session: { type: 'string' }, project: { type: 'string' } } as const;

/** `work` on the data directory's journal, opened to read; an error when there is none yet. */
export async function withJournalForReading<T>(work: (journal: Journal, dataDir: string) => Promise<T> | T): Promise<T> {
  const dataDir = resolveDataDir();
  checkDataDir(dataDir);
  const file = join(dataDir, JOURNAL_FILE);
  if (!existsSync(file)) throw new CliError(`no journal at ${file} (set STEPWISE_HOME to the data directory you used)`, 1);
  const reading = openJournalForReading(file);
  if (reading.note) console.error(`Note: ${reading.note}`);
  try {
    return await work(reading.journal, dataDir);
  } finally {
    reading.close();
  }
}

/** A session as the command line names it: by id, or as a project's latest. */
export type SessionArg = { session: number } | { project: string };

/** `--session` or `--project`, checked before any journal is opened: a usage error when neither or both are given. */
export function sessionArg(values: { session?: string; project?: string }, command: string, usage: string): SessionArg {
  if (!values.session && !values.project) throw new CliError(`${command} needs --session ID or --project DIR\n\n${usage}`);
  if (values.session && values.project) throw new CliError('give --session or --project, not both');
  return values.session ? { session: wholeNumber(values.session, '--session') } : { project: values.project as string };
}

/** The session's id, found in the journal; an error (exit 1) when it is not there. */
export function sessionOf(journal: Journal, arg: SessionArg): number {
  const id = 'session' in arg ? arg.session : latestSessionOf(journal, arg.project);
  try {
    journal.sessions.get(id);
  } catch (error) {
    if ((error as { code?: string }).code === 'not-found') throw new CliError((error as Error).message, 1);
    throw error;
  }
  return id;
}

/** The latest session of the project at DIR (as the app opened it: absolute, symlinks resolved). */
function latestSessionOf(journal: Journal, dir: string): number {
  const path = resolve(dir.replace(/^~(?=$|\/)/, homedir()));
  if (!existsSync(path)) throw new CliError(`--project: no such folder ${path}`);
  const project = journal.projects.byPath(realpathSync(path));
  if (!project) throw new CliError(`--project: ${path} was never opened in Stepwise (no session in ${journal.file})`, 1);
  const session = journal.sessions.latest(project.id);
  if (!session) throw new CliError(`--project: ${path} has no session yet`, 1);
  return session.id;
}
