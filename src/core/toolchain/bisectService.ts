// Toolchain bisections asked for from the wizard: one at a time per session,
// in a scratch copy (bisect.ts), with progress told to every client, the
// report journaled, and a stop that ends the running check. Shutdown stops
// them all: no cargo outlives the engine.
import type { ParsedParams } from '../../shared/contract';
import type { BisectionRecord, BisectProgress } from '../../shared/toolchain/bisection';
import { EngineFault } from '../engine/errors';
import type { EventBus } from '../engine/eventBus';
import { SessionJobs } from '../engine/sessionJobs';
import type { Journal } from '../journal/journal';
import { BisectRefused, BisectStopped, bisectToolchains } from './bisect';

export interface BisectServiceDeps {
  journal: Journal;
  bus: EventBus;
}

export class BisectService {
  private readonly jobs = new SessionJobs();
  private readonly told = new Map<number, BisectProgress[]>();

  constructor(private readonly deps: BisectServiceDeps) {}

  /** The session's bisection so far (each toolchain's latest event), or null when none runs. */
  progress(sessionId: number): BisectProgress[] | null {
    return this.told.get(sessionId) ?? null;
  }

  async bisect(params: ParsedParams<'metrics.bisect'>): Promise<BisectionRecord> {
    const { journal, bus } = this.deps;
    const { sessionId } = params;
    let record: BisectionRecord | null = null;
    let failure: Error | null = null;
    try {
      record = await this.jobs.run(sessionId, true, 'A bisection is already running in this session; wait for it or stop it', async (signal) => {
        const project = journal.projects.get(journal.sessions.get(sessionId).session.projectId).path;
        const progress: BisectProgress[] = [];
        this.told.set(sessionId, progress);
        try {
          const report = await bisectToolchains({
            project,
            toolchains: params.toolchains,
            check: params.check,
            exhaustive: params.all,
            signal,
            onProgress: (event) => {
              const told: BisectProgress = { sessionId, ...event };
              const at = progress.findIndex((p) => p.toolchain === event.toolchain);
              if (at === -1) progress.push(told);
              else progress[at] = told;
              bus.emit('metrics.bisectProgress', told);
            },
          });
          return journal.bisections.add(sessionId, report);
        } finally {
          this.told.delete(sessionId);
        }
      });
      return record;
    } catch (error) {
      failure =
        error instanceof BisectRefused ? new EngineFault('invalid-params', error.message)
        : error instanceof BisectStopped ? new EngineFault('invalid-params', `Bisection stopped: ${error.message}`)
        : (error as Error);
      throw failure;
    } finally {
      // A second bisection refused as busy does not end the first: no event for it.
      if (!(failure instanceof EngineFault && failure.code === 'busy')) bus.emit('metrics.bisected', { sessionId, record, error: failure?.message ?? null });
    }
  }

  stop(sessionId: number): { stopped: boolean } {
    return this.jobs.stop(sessionId);
  }

  /** Stops every bisection and waits until its check has ended and its scratch copy is gone. */
  close(): Promise<void> {
    return this.jobs.close();
  }
}
