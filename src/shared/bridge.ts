// What the Electron preload exposes to the renderer as `window.stepwise`.
// The browser mode has no bridge; the renderer then uses a WebSocket.
import type { ClientMessage, ServerMessage } from './contract';

export interface DesktopBridge {
  /** Send one message to the engine (queued until the engine's port arrives). */
  send(message: ClientMessage): void;
  /** Listen to the engine; returns a function that stops listening. */
  onMessage(listener: (message: ServerMessage) => void): () => void;
  /** The native folder picker; null when the user cancels. */
  pickFolder(): Promise<string | null>;
  /** Application-menu commands (e.g. `open-project`); returns a function that stops listening. */
  onMenu?(listener: (command: string) => void): () => void;
}

export const BRIDGE_KEY = 'stepwise';

/** IPC channel names shared by the main process and the preload. */
export const IPC_CHANNELS = {
  /** main -> renderer: the MessagePort to the engine, once per page load. */
  enginePort: 'stepwise:engine-port',
  /** renderer -> main (invoke): the native folder picker. */
  pickFolder: 'stepwise:pick-folder',
  /** main -> renderer: an application-menu command such as `open-project`. */
  menu: 'stepwise:menu',
} as const;
