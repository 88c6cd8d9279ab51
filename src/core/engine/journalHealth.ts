// Whether the journal can be written. The first journal call that fails
// because of the disk (full, over quota, read-only, failing: fs/writeFailure.ts)
// puts the engine in the "journal unwritable" state: every client is told
// (`engine.health`, the page's banner), requests that would start a command or
// write are refused with the same words, and runs that end meanwhile are held
// in memory (heldRuns.ts). Every PROBE_EVERY_MS it probes: room on the disk,
// then a real committed write, then what was held is written; only then is
// the state clear again. Nothing is half-written meanwhile: each journal write
// is one transaction, which SQLite rolls back whole when the disk refuses it.
import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EngineHealth, JournalProblem, RequestMethod, WaitingRun } from '../../shared/contract';
import { describeWriteFailure, remedyFor, writeFailure, type WriteFailure } from '../platform/fs/writeFailure';
import type { Journal } from '../journal/journal';
import { Repository } from '../journal/repositories/repository';
import { EngineFault } from './errors';
import type { EventBus } from './eventBus';

/** How often a journal that could not be written is tried again. */
export const PROBE_EVERY_MS = 2000;
/** Free space needed before writing resumes: a run's kept output (2 MiB), the WAL frames and checkpoint it goes through, and room to spare. */
export const HEADROOM_BYTES = 8 * 2 ** 20;

/**
 * Requests served while the journal cannot be written: they write nothing to
 * it (`project.open` opens a project the journal has without touching it). The
 * rest, everything that starts a command or records something, are refused.
 */
export const SERVED_WHILE_UNWRITABLE: ReadonlySet<RequestMethod> = new Set<RequestMethod>([
  'app.info', 'projects.recent', 'project.open', 'session.view', 'sessions.list', 'plans.list', 'plan.parse', 'session.preflight',
  'step.preview', 'terminal.open', 'terminal.create', 'terminal.list', 'terminal.close', 'run.output', 'guide.export', 'snapshots.list', 'snapshot.diff', 'metrics.list',
  'issues.groups', 'issues.page', 'runs.page', 'run.lines', 'run.issueCounts',
]);

/** A journal call refused, or failed, because the journal cannot be written; its message is the banner's. */
export class JournalUnwritableError extends EngineFault {
  constructor(message: string) {
    super('io', message);
    this.name = 'JournalUnwritableError';
  }
}

export interface JournalHealthOptions {
  /** The journal itself (not watchJournal's): the probe writes through it. */
  journal: Journal;
  bus: EventBus;
  everyMs?: number;
  /** Free bytes on the disk holding `folder`; null when that cannot be told (the probe's write decides). */
  freeBytes?: (folder: string) => number | null;
}

export class JournalHealth {
  private problem: { failure: WriteFailure; since: string } | null = null;
  private waiting: { runs: WaitingRun[]; lost: number } = { runs: [], lost: 0 };
  private readonly beforeResuming: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly folder: string;

  constructor(private readonly options: JournalHealthOptions) {
    this.folder = dirname(options.journal.file);
  }

  get writable(): boolean {
    return this.problem === null;
  }

  get state(): EngineHealth {
    return { journal: this.describe() };
  }

  /** The error a request gets while the journal cannot be written. */
  refusal(): JournalUnwritableError {
    return new JournalUnwritableError(this.describe()?.message ?? 'The journal cannot be written');
  }

  assertWritable(): void {
    if (this.problem) throw this.refusal();
  }

  /**
   * `error`, thrown by a journal call: a failure of the disk enters the
   * unwritable state (once) and comes back as its explanation; anything else
   * (a bug) comes back as it was.
   */
  failed(error: unknown): unknown {
    if (error instanceof JournalUnwritableError) return error;
    const failure = writeFailure(error);
    if (!failure) return error;
    if (!this.problem) {
      this.problem = { failure, since: new Date().toISOString() };
      console.error(`[stepwise] ${this.describe()!.message} (${(error as Error).message})`);
      this.timer = setInterval(() => this.probe(), this.options.everyMs ?? PROBE_EVERY_MS);
      this.timer.unref();
      this.emit();
    }
    return this.refusal();
  }

  /** Runs after a probe's write commits and before writing resumes (writing what was held); if it throws, the state stays. */
  beforeResume(write: () => void): void {
    this.beforeResuming.push(write);
  }

  /** What waits to be written, for the banner. */
  setWaiting(runs: WaitingRun[], lost: number): void {
    this.waiting = { runs, lost };
    if (this.problem) this.emit();
  }

  /** Tries the journal now: true once it can be written again, and what waited has been. */
  probe(): boolean {
    if (!this.problem) return true;
    const free = (this.options.freeBytes ?? freeBytesOf)(this.folder);
    if (free !== null && free < HEADROOM_BYTES) return false;
    try {
      this.options.journal.probeWrite();
      for (const write of this.beforeResuming) write();
    } catch (error) {
      const failed = this.failed(error);
      if (!(failed instanceof JournalUnwritableError)) console.error(`[stepwise] could not write what waited for the journal: ${(failed as Error).message}`);
      return false;
    }
    clearInterval(this.timer);
    this.problem = null;
    console.error(`[stepwise] the journal ${this.options.journal.file} can be written again`);
    this.emit();
    return true;
  }

  close(): void {
    clearInterval(this.timer);
  }

  private emit(): void {
    this.options.bus.emit('engine.health', this.state);
  }

  private describe(): JournalProblem | null {
    if (!this.problem) return null;
    const { failure, since } = this.problem;
    const { runs, lost } = this.waiting;
    const room = failure.kind === 'full' || failure.kind === 'quota' ? ` (at least ${HEADROOM_BYTES / 2 ** 20} MiB)` : '';
    const headline = `The journal ${this.options.journal.file} cannot be written: ${describeWriteFailure(failure, this.folder)} (${failure.code}).`;
    const parts = [
      'Stepwise starts no steps, measurements, edits or snapshots until it can; commands you type still run. What was recorded is safe.',
      `${remedyFor(failure)}${room}: Stepwise resumes by itself.`,
    ];
    if (runs.length > 0) parts.push(`${count(runs.length, 'command')} that ended meanwhile ${runs.length === 1 ? 'waits' : 'wait'} to be journaled.`);
    if (lost > 0) parts.push(`${count(lost, 'more command')} could not be kept and will not be journaled (the log names them).`);
    return {
      kind: failure.kind,
      code: failure.code,
      journalPath: this.options.journal.file,
      since,
      headline,
      detail: parts.join(' '),
      message: [headline, ...parts].join(' '),
      waitingRuns: runs,
      lostRuns: lost,
    };
  }
}

/**
 * `journal` with every call that fails for the disk reported to `health` and
 * thrown as its explanation: one place, whichever of the journal's methods or
 * its repositories' (and whichever caller: a handler, a run's end, a save of
 * its output) hit it.
 */
export function watchJournal(journal: Journal, health: JournalHealth): Journal {
  return watchMethods(journal, health);
}

/** `target` with its methods wrapped, and its repositories watched in turn. */
function watchMethods<T extends object>(target: T, health: JournalHealth): T {
  const wrappers = new Map<PropertyKey, unknown>();
  return new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property, object);
      if (typeof value !== 'function' && !(value instanceof Repository)) return value;
      let wrapper = wrappers.get(property);
      if (!wrapper) {
        wrapper =
          value instanceof Repository
            ? watchMethods(value, health)
            : (...args: unknown[]): unknown => {
                try {
                  // Looked up at each call, so a method replaced later (a test's spy) is the one called.
                  return (Reflect.get(object, property, object) as (...a: unknown[]) => unknown).apply(object, args);
                } catch (error) {
                  throw health.failed(error);
                }
              };
        wrappers.set(property, wrapper);
      }
      return wrapper;
    },
  });
}

function freeBytesOf(folder: string): number | null {
  try {
    const stats = statfsSync(folder);
    return stats.bavail * stats.bsize;
  } catch {
    return null;
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
