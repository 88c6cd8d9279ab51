// `stepwise snapshots list|create|diff|restore`: the Snapshots page's work on
// the journal in the data directory. Writing needs the data directory to
// itself (engine.lock): while the app or `stepwise serve` owns it, create and
// restore are refused and list and diff only read. `warm` prepares a git
// project's snapshot index as opening it in the app does (no journal).
// The work is the engine's own services (openServices), on this journal.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openServices, type Services } from '../../core/engine/context';
import { acquireDataDirLock, DataDirLockedError } from '../../core/engine/dataDirLock';
import { EngineFault } from '../../core/engine/errors';
import { NotFoundError } from '../../core/journal/journal';
import { openJournalForReading, openJournalToWrite, type ReadableJournal } from '../../core/journal/readJournal';
import { DataDirError, JOURNAL_FILE, resolveDataDir, resolveResourcesDir } from '../../core/platform/fs/paths';
import { STEPWISE_VERSION } from '../../core/platform/stepwiseVersion';
import { IndexWarmer } from '../../core/snapshots/indexWarmer';
import { EMERGENCY_REBUILD } from '../../core/snapshots/restores';
import type { RestoreMode } from '../../shared/model';
import { CliError } from '../cliError';
import { wholeNumber } from '../params';
import { projectFolder } from '../projectFolder';
import { formatDiff, formatRestore, formatSnapshotTable } from './snapshotsFormat';

const USAGE = `Usage:
  stepwise snapshots list [--project DIR] [--session ID] [--json]
  stepwise snapshots create [--label TEXT] [--project DIR]
  stepwise snapshots warm [--project DIR]
  stepwise snapshots diff ID [--against ID] [--stat] [--project DIR]
  stepwise snapshots restore ID [--files A,B | --emergency] [--json] [--project DIR]`;

const COMMON = { project: { type: 'string' }, session: { type: 'string' }, json: { type: 'boolean', default: false } } as const;

export async function snapshotsCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'list':
      return list(rest);
    case 'create':
      return create(rest);
    case 'warm':
      return warm(rest);
    case 'diff':
      return diff(rest);
    case 'restore':
      return restore(rest);
    default:
      throw new CliError(sub ? `unknown snapshots command "${sub}"\n\n${USAGE}` : USAGE);
  }
}

export interface Desk {
  services: Services;
  /** The session whose snapshots are meant; null when the project has none yet. */
  sessionId: number | null;
  root: string;
  close(): void;
}

/**
 * Opens the journal of the data directory for the project in `--project`
 * (default: the current directory). With `write`, takes the data directory's
 * lock (refusing while an engine holds it) and settles restores a crash cut
 * short; a reader that finds the lock taken reads without settling anything.
 */
export async function openDesk(values: { project?: string; session?: string }, { write, createSession = false }: { write: boolean; createSession?: boolean }): Promise<Desk | null> {
  const root = await projectFolder(values.project);
  const dataDir = resolveDataDir();
  const file = join(dataDir, JOURNAL_FILE);
  let release: (() => void) | null = null;
  try {
    release = acquireDataDirLock(dataDir);
  } catch (error) {
    // A reader goes on without the lock: another engine holds it, or the folder cannot be written (a read-only journal is still readable).
    if (!(error instanceof DataDirLockedError) && !(error instanceof DataDirError && !write)) throw error;
    if (write) {
      throw new CliError(
        `${error.message}. That engine owns the journal and the snapshots: use its Snapshots page, or close it and run this again.`,
        1,
      );
    }
  }
  if (!write && !existsSync(file)) {
    release?.();
    return null;
  }
  let reading: ReadableJournal;
  try {
    reading = release ? openJournalToWrite(file) : openJournalForReading(file);
  } catch (error) {
    release?.(); // a journal that cannot be opened must not leave the data folder locked
    throw error;
  }
  if (reading.note) process.stderr.write(`Note: ${reading.note}\n`);
  const close = (): void => {
    reading.close();
    release?.();
  };
  try {
    const services = openServices({ dataDir, resourcesDir: resolveResourcesDir(), journal: reading.journal, version: STEPWISE_VERSION });
    if (release) for (const settled of await services.snapshots.recover()) process.stderr.write(`${describeRecovery(settled)}\n`);
    const sessionId = values.session === undefined ? undefined : positiveId(values.session, '--session');
    // As opening the folder in the app would, when asked to: the project, and a session of the built-in plan.
    const current = await services.sessions.current(root, { sessionId, create: createSession });
    return { services, sessionId: current, root, close };
  } catch (error) {
    close();
    if (error instanceof EngineFault) throw new CliError(error.message, 1);
    throw error;
  }
}

function describeRecovery(restore: { id: number; snapshotId: number; status: string; error: string | null }): string {
  const what = `Restore #${restore.id} of snapshot #${restore.snapshotId} was cut short`;
  if (restore.status === 'finished-at-start') return `${what}: it has been finished.`;
  if (restore.status === 'rolled-back-at-start') return `${what}: it has been rolled back; the files are as they were before it.`;
  return `${what} and could not be settled: ${restore.error ?? 'unknown reason'}`;
}

const positiveId = (text: string, what: string): number => wholeNumber(text, what);

/** Runs `fn` on an open desk and closes it; engine and journal errors become CLI errors. */
async function withDesk(desk: Desk, fn: (desk: Desk, sessionId: number) => Promise<number>): Promise<number> {
  try {
    if (desk.sessionId === null) throw new CliError(`Stepwise has no session for ${desk.root} yet: no snapshots to work with`, 1);
    return await fn(desk, desk.sessionId);
  } catch (error) {
    if (error instanceof EngineFault || error instanceof NotFoundError) throw new CliError(error.message, 1);
    throw error;
  } finally {
    desk.close();
  }
}

async function list(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: COMMON, strict: true });
  const desk = await openDesk(values, { write: false });
  if (!desk || desk.sessionId === null) {
    desk?.close();
    if (values.json) process.stdout.write(`${JSON.stringify({ sessionId: null, snapshots: [], restores: [] }, null, 2)}\n`);
    else process.stdout.write(`No snapshots of ${desk?.root ?? resolve(values.project ?? '.')} yet.\n`);
    return 0;
  }
  return withDesk(desk, async ({ services }, sessionId) => {
    const listed = await services.snapshots.list(sessionId);
    if (values.json) process.stdout.write(`${JSON.stringify({ sessionId, ...listed }, null, 2)}\n`);
    else process.stdout.write(formatSnapshotTable(listed.snapshots, listed.restores));
    return 0;
  });
}

async function create(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { ...COMMON, label: { type: 'string', default: 'Taken from the command line' } }, strict: true });
  const label = values.label.trim();
  if (!label || label.length > 200) throw new CliError('--label must be 1 to 200 characters');
  const desk = (await openDesk(values, { write: true, createSession: true }))!;
  return withDesk(desk, async ({ services }, sessionId) => {
    const started = performance.now();
    const snapshot = await services.snapshots.take(sessionId, { label, kind: 'manual' });
    const ms = Math.round(performance.now() - started);
    if (values.json) process.stdout.write(`${JSON.stringify(snapshot, null, 2)}\n`);
    else process.stdout.write(`Snapshot #${snapshot.id} taken in ${ms} ms: ${snapshot.fileCount} files (${snapshot.store} ${snapshot.storeId}).\n`);
    return 0;
  });
}

/** What opening the project in the app starts in the background, awaited and timed. */
async function warm(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { project: COMMON.project }, strict: true });
  const root = await projectFolder(values.project);
  const started = performance.now();
  const warmer = new IndexWarmer();
  // Git runs in its own process group (so ending it ends its fsmonitor hook): a Ctrl-C to ours never reaches it.
  let stoppedBy: NodeJS.Signals | null = null;
  const stop = (signal: NodeJS.Signals): void => {
    stoppedBy ??= signal;
    void warmer.close();
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, stop);
  let result: Awaited<ReturnType<IndexWarmer['warmNow']>>;
  try {
    result = await warmer.warmNow(root);
  } catch (error) {
    if (stoppedBy) throw new CliError(`stopped: the snapshot index of ${root} was not prepared.`, 130);
    throw error;
  } finally {
    for (const signal of signals) process.off(signal, stop);
    await warmer.close();
  }
  const ms = Math.round(performance.now() - started);
  if (result === null) process.stdout.write(`${root} is not in a git work tree: its snapshots are copies, with no index to prepare.\n`);
  else if (result === 'ready') process.stdout.write(`The snapshot index of ${root} was ready already (${ms} ms).\n`);
  else process.stdout.write(`Prepared the snapshot index of ${root} in ${ms} ms.\n`);
  return 0;
}

async function diff(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { ...COMMON, against: { type: 'string' }, stat: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new CliError(`diff needs one snapshot id\n\n${USAGE}`);
  const snapshotId = positiveId(positionals[0]!, 'the snapshot id');
  const against = values.against === undefined ? null : positiveId(values.against, '--against');
  const desk = await openDesk(values, { write: false });
  if (!desk) throw new CliError(`no journal in ${resolveDataDir()} (set STEPWISE_HOME to the data directory you used)`, 1);
  return withDesk(desk, async ({ services }, sessionId) => {
    const changes = await services.snapshots.diff(sessionId, snapshotId, against);
    if (values.json) process.stdout.write(`${JSON.stringify(changes, null, 2)}\n`);
    else process.stdout.write(formatDiff(changes, { stat: values.stat }));
    if (changes.truncated) process.stderr.write('Some diffs were left out (too large or too many); the file list is complete.\n');
    return 0;
  });
}

async function restore(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { ...COMMON, files: { type: 'string' }, emergency: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new CliError(`restore needs one snapshot id\n\n${USAGE}`);
  if (values.files !== undefined && values.emergency) throw new CliError('--files and --emergency do not go together: choose one');
  const snapshotId = positiveId(positionals[0]!, 'the snapshot id');
  const files = values.files === undefined ? [] : values.files.split(',').map((f) => f.trim()).filter(Boolean);
  if (values.files !== undefined && files.length === 0) throw new CliError('--files needs at least one path (comma-separated)');
  const mode: RestoreMode = values.emergency ? 'emergency' : files.length > 0 ? 'files' : 'all';
  const desk = (await openDesk(values, { write: true }))!;
  return withDesk(desk, async ({ services }, sessionId) => {
    const started = performance.now();
    const result = await services.snapshots.restore({ sessionId, snapshotId, mode, files });
    const ms = Math.round(performance.now() - started);
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else process.stdout.write(formatRestore(result, ms, mode === 'emergency' ? EMERGENCY_REBUILD : null));
    return 0;
  });
}
