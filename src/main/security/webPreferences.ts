// The window's webPreferences: the page is an isolated, sandboxed web page
// with no Node, and a packaged build has no DevTools at all (development
// keeps them). One function, so a second window cannot differ.

export interface SecureWebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  experimentalFeatures: false;
  navigateOnDragDrop: false;
  devTools: boolean;
  spellcheck: false;
}

export function secureWebPreferences(options: { preload: string; packaged: boolean }): SecureWebPreferences {
  return {
    preload: options.preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    // A file dropped on the window must not replace the app with it.
    navigateOnDragDrop: false,
    devTools: !options.packaged,
    spellcheck: false,
  };
}
