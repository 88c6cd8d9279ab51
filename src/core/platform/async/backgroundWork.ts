// Work started for a caller that does not wait for it (a run's start tree,
// a fix diff, a snapshot index warm), kept so that tests can wait for it
// and shutdown can cancel it and wait: nothing outlives the engine.
export class BackgroundWork {
  private readonly closing = new AbortController();
  private readonly running = new Set<Promise<unknown>>();

  /** Aborted by close(): work under way ends its processes. */
  get signal(): AbortSignal {
    return this.closing.signal;
  }

  /** Keeps `work` until it ends; `work` must never reject. */
  track(work: Promise<unknown>): void {
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
  }

  /** Resolves once the work under way, and any it started meanwhile, has ended. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  /** Cancels the work under way and waits for it to end. */
  async close(): Promise<void> {
    this.closing.abort();
    await this.settled();
  }
}
