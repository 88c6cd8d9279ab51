// The session's terminal for a headless run: opened when a step first needs
// it, opened again if its shell exited (a step that ran `exit`), and closed at
// the end, which ends every process started in it.
import type { EngineClient } from '../../shared/client';

export class SessionTerminal {
  private terminalId: string | null = null;
  private closing: Promise<void> = Promise.resolve();
  private readonly offExit: () => void;

  constructor(
    private readonly client: EngineClient,
    private readonly sessionId: number,
    private readonly size: { cols: number; rows: number },
  ) {
    this.offExit = client.on('terminal.exit', ({ terminalId }) => {
      if (terminalId === this.terminalId) this.terminalId = null;
    });
  }

  async id(): Promise<string> {
    this.terminalId ??= (await this.client.request('terminal.open', { sessionId: this.sessionId, ...this.size })).terminalId;
    return this.terminalId;
  }

  /**
   * Ends the shell and what runs in it; the run it cut short is journaled
   * before this resolves. A second call waits for the close under way.
   */
  close(): Promise<void> {
    const id = this.terminalId;
    this.terminalId = null;
    if (id) this.closing = this.client.request('terminal.close', { terminalId: id }).then(() => undefined);
    return this.closing;
  }

  dispose(): void {
    this.offExit();
  }
}

/** The pty's size: the user's terminal when there is one, else wide enough for cargo's lines. */
export function terminalSize(out: NodeJS.WriteStream = process.stdout): { cols: number; rows: number } {
  return { cols: out.columns || 160, rows: out.rows || 40 };
}
