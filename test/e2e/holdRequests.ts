// Holds back the page's requests of one engine method on their way to the
// worker that holds the WebSocket (engine/workerSocket.ts; Playwright's
// routeWebSocket sees only the page's own sockets), for as long as a test
// needs; everything else passes through to the real server.
import type { Page } from '@playwright/test';

export interface HeldRequests {
  /** How many are held now. */
  count(): Promise<number>;
  /** Sends those held, in order, and stops holding. */
  release(): Promise<void>;
}

/** Call before the page loads. */
export async function holdRequests(page: Page, method: string): Promise<HeldRequests> {
  await page.addInitScript((quoted) => {
    // In the page: what the socket's worker is told to send (socketRelay.ts's `send`).
    const page = globalThis as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    let held: (() => void)[] | null = [];
    const post = page.Worker.prototype.postMessage;
    page.Worker.prototype.postMessage = function (this: unknown, message: { type?: string; text?: string }, ...rest: unknown[]) {
      const send = (): void => post.call(this, message, ...rest);
      if (held && message?.type === 'send' && message.text?.includes(quoted)) held.push(send);
      else send();
    };
    page.stepwiseHeld = () => held?.length ?? 0;
    page.stepwiseRelease = () => {
      const sends = held ?? [];
      held = null;
      sends.forEach((send) => send());
    };
  }, JSON.stringify(method));
  return {
    count: () => page.evaluate(() => (globalThis as any).stepwiseHeld() as number), // eslint-disable-line @typescript-eslint/no-explicit-any
    release: () => page.evaluate(() => (globalThis as any).stepwiseRelease()), // eslint-disable-line @typescript-eslint/no-explicit-any
  };
}
