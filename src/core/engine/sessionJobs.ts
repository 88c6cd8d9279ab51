// Long work in a scratch copy (a bisection, a migration), one at a time per
// session: a second one is refused as busy, a stop aborts its signal (which
// ends the cargo it runs), and close() stops them all and waits, so nothing
// outlives the engine.
import { EngineFault } from './errors';

interface Job<K> {
  kind: K;
  controller: AbortController;
  done: Promise<unknown>;
}

export class SessionJobs<K = true> {
  private readonly running = new Map<number, Job<K>>();

  /** What runs in the session now, or null. */
  kind(sessionId: number): K | null {
    return this.running.get(sessionId)?.kind ?? null;
  }

  /** Runs `work` unless the session already runs one (`busy`, saying what to do). */
  async run<T>(sessionId: number, kind: K, busy: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.running.has(sessionId)) throw new EngineFault('busy', busy);
    const controller = new AbortController();
    // Called inside a promise so a synchronous throw still frees the session.
    const promise = Promise.resolve().then(() => work(controller.signal));
    this.running.set(sessionId, { kind, controller, done: promise.catch(() => undefined) });
    try {
      return await promise;
    } finally {
      this.running.delete(sessionId);
    }
  }

  stop(sessionId: number): { stopped: boolean } {
    const job = this.running.get(sessionId);
    job?.controller.abort();
    return { stopped: job !== undefined };
  }

  async close(): Promise<void> {
    const all = [...this.running.values()];
    for (const job of all) job.controller.abort();
    await Promise.all(all.map((job) => job.done));
  }
}
