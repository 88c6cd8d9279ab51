// The application menu, as data. A packaged build has no DevTools item (its
// windows have no DevTools either: webPreferences.devTools is off there).
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  openProject(): void;
  about(): void;
}

export function menuTemplate(options: { packaged: boolean; isMac: boolean }, actions: MenuActions): MenuItemConstructorOptions[] {
  const { packaged, isMac } = options;
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open Project…', accelerator: 'CmdOrCtrl+Shift+O', click: actions.openProject },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    // Without it, copy/paste shortcuts do not work on macOS.
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...(packaged ? [] : [{ role: 'toggleDevTools' as const }]),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'help', submenu: [{ label: 'About Stepwise', click: actions.about }] },
  ];
}
