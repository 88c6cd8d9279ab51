// IPC from the renderer is answered only when it comes from the main frame of
// the app's own window, at the app's own URL: not from a frame inside it, a
// page it navigated to, or another window.

/** The frame an IPC message came from (Electron's WebFrameMain). */
export interface SenderFrame {
  processId: number;
  routingId: number;
  url: string;
}

export function isTrustedSender(
  frame: SenderFrame | null,
  mainFrame: SenderFrame | null,
  isAppUrl: (url: string) => boolean,
): boolean {
  return (
    frame !== null &&
    mainFrame !== null &&
    frame.processId === mainFrame.processId &&
    frame.routingId === mainFrame.routingId &&
    isAppUrl(frame.url)
  );
}

/** The part of ipcMain used here. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: { senderFrame: SenderFrame | null }, ...args: unknown[]) => unknown): void;
}

export interface TrustedHandlerOptions {
  /** The main frame of the window whose page may call; null when there is none. */
  mainFrame(): SenderFrame | null;
  isAppUrl(url: string): boolean;
}

/** ipcMain.handle(channel), refusing (rejecting the invoke) any other sender. */
export function handleFromAppPage<T>(ipc: IpcMainLike, channel: string, options: TrustedHandlerOptions, handler: () => Promise<T>): void {
  ipc.handle(channel, (event) => {
    if (!isTrustedSender(event.senderFrame, options.mainFrame(), options.isAppUrl)) {
      throw new Error(`${channel} refused: unknown sender`);
    }
    return handler();
  });
}
