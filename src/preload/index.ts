// The preload hands the renderer a typed DesktopBridge and nothing else: no raw
// ipcRenderer, no node. It runs sandboxed, so it may import only `electron`
// (shared code is bundled in).
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_KEY, IPC_CHANNELS, type DesktopBridge } from '../shared/bridge';
import type { ClientMessage, ServerMessage } from '../shared/contract';

// The DOM MessagePort we receive, described locally: this file is typechecked
// by tsconfig.node.json, which has no DOM lib.
interface EnginePort {
  postMessage(message: unknown): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  close(): void;
}

let port: EnginePort | null = null;
const outbox: ClientMessage[] = [];
const messageListeners = new Set<(message: ServerMessage) => void>();
const menuListeners = new Set<(command: string) => void>();

function emit<T>(listeners: Set<(value: T) => void>, value: T): void {
  for (const listener of listeners) {
    try {
      listener(value);
    } catch (error) {
      // One broken listener must not starve the others.
      console.error('[stepwise] listener failed', error);
    }
  }
}

// Main sends a fresh port on every page load (and after an engine restart).
ipcRenderer.on(IPC_CHANNELS.enginePort, (event) => {
  const next = event.ports[0] as EnginePort | undefined;
  if (!next) return;
  port?.close();
  port = next;
  // Assigning onmessage also starts the port.
  port.onmessage = (message) => emit(messageListeners, message.data as ServerMessage);
  for (const message of outbox.splice(0)) port.postMessage(message);
});

ipcRenderer.on(IPC_CHANNELS.menu, (_event, command: unknown) => {
  if (typeof command === 'string') emit(menuListeners, command);
});

const bridge: DesktopBridge = {
  send(message) {
    if (port) port.postMessage(message);
    else outbox.push(message);
  },
  onMessage(listener) {
    messageListeners.add(listener);
    return () => void messageListeners.delete(listener);
  },
  async pickFolder() {
    const picked: unknown = await ipcRenderer.invoke(IPC_CHANNELS.pickFolder);
    return typeof picked === 'string' ? picked : null;
  },
  onMenu(listener) {
    menuListeners.add(listener);
    return () => void menuListeners.delete(listener);
  },
};

contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
