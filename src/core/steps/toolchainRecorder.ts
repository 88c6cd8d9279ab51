// The toolchain as rustup sees it just after a step moved it: an edit of the
// project's rust-toolchain file, a toolchain step that passed or was already
// done. Snapshots record the toolchain before a change, so without this the
// guide's "After" would be the toolchain before the last change. Read in the
// background (rustup's answers take ~100 ms each): the step's answer does not
// wait, and a rustup that cannot say journals nothing, never failing the step.
import { JournalUnwritableError } from '../engine/journalHealth';
import type { Journal } from '../journal/journal';
import { BackgroundWork } from '../platform/async/backgroundWork';
import { captureToolchain } from '../snapshots/toolchain';

export class ToolchainRecorder {
  private readonly background = new BackgroundWork();

  constructor(private readonly deps: { journal: Journal }) {}

  /** Journals, in the background, the toolchain seen from `root` now that step `stepId` has moved it. */
  afterStep(sessionId: number, stepId: string, root: string): void {
    this.background.track(this.record(sessionId, stepId, root));
  }

  private async record(sessionId: number, stepId: string, root: string): Promise<void> {
    try {
      const state = await captureToolchain(root);
      // No active toolchain: rustup is missing or could not say (its error is the snapshots' to show).
      if (!state.active) return;
      this.deps.journal.toolchainStates.record(sessionId, stepId, state);
    } catch (error) {
      // The journal cannot be written (said once, by its health): this state is not kept.
      if (!(error instanceof JournalUnwritableError)) console.error(`[stepwise] could not record the toolchain after step ${stepId}: ${(error as Error).message}`);
    }
  }

  /** Resolves once no recording is under way: shutdown waits (rustup's questions have their timeout), so the last step's state is kept. */
  settled(): Promise<void> {
    return this.background.settled();
  }
}
