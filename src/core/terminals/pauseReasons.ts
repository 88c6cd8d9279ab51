// A pty is paused while any of its readers is behind: the clients that have
// not acknowledged what they were sent (flowControl.ts), the output parser's
// worker (ParserService.onBacklog). Each says so under its own name; the
// pty resumes only once none holds it.
export class PauseReasons {
  private readonly held = new Set<string>();

  constructor(private readonly target: { pause(): void; resume(): void }) {}

  hold(reason: string): void {
    if (this.held.size === 0) this.target.pause();
    this.held.add(reason);
  }

  release(reason: string): void {
    if (!this.held.delete(reason)) return;
    if (this.held.size === 0) this.target.resume();
  }
}
