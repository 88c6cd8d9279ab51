// What the preload puts on `window`; absent in the browser mode.
import type { DesktopBridge } from '../shared/bridge';

declare global {
  interface Window {
    stepwise?: DesktopBridge;
  }
}

export {};
