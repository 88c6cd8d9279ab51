// Toolchain bisections asked for from the wizard: one at a time per session,
// in a scratch copy (bisect.ts), with progress told to every client, the
// report journaled, and a stop that ends the running check. Shutdown stops
// them all: no cargo outlives the engine.
import type { ParsedParams } from '../../shared/contract';
import type { BisectionRecord, BisectProgress } from '../../shared/toolchain/bisection';
import { EngineFault } from '../engine/errors';
import type { EventBus } from '../engine/eventBus';
import type { Journal } from '../journal/journal';
import { BisectRefused, BisectStopped, bisectToolchains } from './bisect';

export interface BisectServiceDeps {
  journal: Journal;
  bus: EventBus;
}

interface Running {
  controller: AbortController;
  progress: BisectProgress[];
  done: Promise<unknown>;
}

export class BisectService {
  private readonly running = new Map<number, Running>();

  constructor(private readonly deps: BisectServiceDeps) {}

  /** The session's bisection so far (each toolchain's latest event), or null when none runs. */
  progress(sessionId: number): BisectProgress[] | null {
    return this.running.get(sessionId)?.progress ?? null;
  }

  async bisect(params: ParsedParams<'metrics.bisect'>): Promise<BisectionRecord> {
    const { journal, bus } = this.deps;
    const { sessionId } = params;
    if (this.running.has(sessionId)) throw new EngineFault('busy', 'A bisection is already running in this session; wait for it or stop it');
    const project = journal.projects.get(journal.sessions.get(sessionId).session.projectId).path;
    const controller = new AbortController();
    const progress: BisectProgress[] = [];
    const work = bisectToolchains({
      project,
      toolchains: params.toolchains,
      check: params.check,
      exhaustive: params.all,
      signal: controller.signal,
      onProgress: (event) => {
        const told: BisectProgress = { sessionId, ...event };
        const at = progress.findIndex((p) => p.toolchain === event.toolchain);
        if (at === -1) progress.push(told);
        else progress[at] = told;
        bus.emit('metrics.bisectProgress', told);
      },
    });
    this.running.set(sessionId, { controller, progress, done: work.catch(() => undefined) });
    let record: BisectionRecord | null = null;
    let failure: Error | null = null;
    try {
      record = journal.bisections.add(sessionId, await work);
      return record;
    } catch (error) {
      failure =
        error instanceof BisectRefused ? new EngineFault('invalid-params', error.message)
        : error instanceof BisectStopped ? new EngineFault('invalid-params', `Bisection stopped: ${error.message}`)
        : (error as Error);
      throw failure;
    } finally {
      this.running.delete(sessionId);
      bus.emit('metrics.bisected', { sessionId, record, error: failure?.message ?? null });
    }
  }

  stop(sessionId: number): { stopped: boolean } {
    const running = this.running.get(sessionId);
    running?.controller.abort();
    return { stopped: running !== undefined };
  }

  /** Stops every bisection and waits until its check has ended and its scratch copy is gone. */
  async close(): Promise<void> {
    const all = [...this.running.values()];
    for (const running of all) running.controller.abort();
    await Promise.all(all.map((running) => running.done));
  }
}
