// The engine's warms of the snapshot index (git/warm.ts): started in the
// background, never awaited by the request that asked for one, failures
// logged, all cancelled and awaited on shutdown so no git outlives the engine.
import { BackgroundWork } from '../platform/async/backgroundWork';
import { findRepo } from './gitSnapshots';
import { warmPrivateIndex, type WarmResult } from './git/warm';

export class IndexWarmer {
  private readonly background = new BackgroundWork();

  /** Prepares the snapshot index of the git work tree containing `root`, if there is one, in the background. */
  warm(root: string): void {
    const { signal } = this.background;
    if (signal.aborted) return;
    this.background.track(
      this.warmNow(root).then(
        () => undefined,
        (error: Error) => {
          if (!signal.aborted) console.error(`[stepwise] could not prepare the snapshot index of ${root}: ${error.message}`);
        },
      ),
    );
  }

  /** The warm itself, awaited (the CLI's `snapshots warm`); null outside a git work tree. */
  async warmNow(root: string): Promise<WarmResult | null> {
    const repo = await findRepo(root);
    return repo && warmPrivateIndex(repo, this.background.signal);
  }

  /** Resolves once the warms under way have ended. */
  settled(): Promise<void> {
    return this.background.settled();
  }

  /** Cancels the warms under way (their git is ended) and waits for them; no new one starts. */
  close(): Promise<void> {
    return this.background.close();
  }
}
