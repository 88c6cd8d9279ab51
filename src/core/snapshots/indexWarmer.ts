// The engine's warms of the snapshot index (git/warm.ts): started in the
// background, never awaited by the request that asked for one, failures
// logged, all cancelled and awaited on shutdown so no git outlives the engine.
import { findRepo } from './gitSnapshots';
import { warmPrivateIndex, type WarmResult } from './git/warm';

export class IndexWarmer {
  private readonly closing = new AbortController();
  private readonly running = new Set<Promise<void>>();

  /** Prepares the snapshot index of the git work tree containing `root`, if there is one, in the background. */
  warm(root: string): void {
    if (this.closing.signal.aborted) return;
    const work = this.warmNow(root).then(
      () => undefined,
      (error: Error) => {
        if (!this.closing.signal.aborted) console.error(`[stepwise] could not prepare the snapshot index of ${root}: ${error.message}`);
      },
    );
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
  }

  /** The warm itself, awaited (the CLI's `snapshots warm`); null outside a git work tree. */
  async warmNow(root: string): Promise<WarmResult | null> {
    const repo = await findRepo(root);
    return repo && warmPrivateIndex(repo, this.closing.signal);
  }

  /** Resolves once the warms under way have ended. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  /** Cancels the warms under way (their git is ended) and waits for them; no new one starts. */
  async close(): Promise<void> {
    this.closing.abort();
    await this.settled();
  }
}
