// `stepwise sessions list`: the journal's sessions, newest first. Read-only: it
// works while the app or a headless run holds the data directory.
import { existsSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { SessionSummary } from '../../core/journal/journal';
import { openJournalForReading } from '../../core/journal/readJournal';
import { checkDataDir, JOURNAL_FILE, resolveDataDir } from '../../core/platform/fs/paths';
import { formatTimestamp } from '../../shared/format';
import { CliError } from '../cliError';
import { formatTable } from '../table';

const USAGE = `Usage: stepwise sessions list [--project DIR] [--json]

Lists the journal's sessions, newest first: id, project, plan, when it started,
steps passed/failed/stopped/interrupted of the plan's total, open issues, and the last activity.
--project keeps one project's; --json prints them as JSON.`;

export async function sessionsCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (sub !== 'list') throw new CliError(sub ? `unknown sessions command "${sub}"\n\n${USAGE}` : `sessions needs a command\n\n${USAGE}`);
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { project: { type: 'string' }, json: { type: 'boolean', default: false } }, strict: true });
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n\n${USAGE}`);
  }
  const { values } = parsed;
  const dataDir = resolveDataDir();
  checkDataDir(dataDir);
  const file = join(dataDir, JOURNAL_FILE);
  const sessions = existsSync(file) ? readSessions(file, values.project) : [];
  if (values.json) process.stdout.write(`${JSON.stringify(sessions, null, 2)}\n`);
  else process.stdout.write(formatSessions(sessions, file));
  return 0;
}

function readSessions(file: string, projectArg: string | undefined): SessionSummary[] {
  const reading = openJournalForReading(file);
  if (reading.note) console.error(`Note: ${reading.note}`);
  const { journal } = reading;
  try {
    if (projectArg === undefined) return journal.sessions.summaries();
    const project = journal.projects.byPath(projectPath(projectArg));
    return project ? journal.sessions.summaries(project.id) : [];
  } finally {
    reading.close();
  }
}

/** The journal keeps projects by their real path. */
function projectPath(arg: string): string {
  const path = resolve(arg);
  try {
    return realpathSync(path);
  } catch {
    throw new CliError(`--project: no such folder: ${path}`);
  }
}

export function formatSessions(sessions: SessionSummary[], file: string): string {
  if (sessions.length === 0) return `No sessions in ${file}.\n`;
  const header = ['id', 'project', 'plan', 'started', 'passed', 'failed', 'stopped', 'interrupted', 'steps', 'open issues', 'last activity'];
  const rows = sessions.map((s) => [
    String(s.id),
    s.project,
    s.planId,
    formatTimestamp(s.startedAt),
    String(s.steps.passed),
    String(s.steps.failed),
    String(s.steps.stopped),
    String(s.steps.interrupted),
    String(s.steps.total),
    String(s.openIssues),
    formatTimestamp(s.lastActivityAt),
  ]);
  return `${formatTable(header, rows)}\n`;
}
