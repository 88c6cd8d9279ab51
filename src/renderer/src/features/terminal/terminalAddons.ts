// What the terminal does beyond a bare xterm.js: emoji and CJK widths,
// the GPU renderer where there is one, clickable URLs and `path:line:col`s.
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { WebglAddon } from '@xterm/addon-webgl';
import type { IDisposable, ILink, Terminal } from '@xterm/xterm';
import { filePositionsIn, type FilePosition } from './filePositions';

/** Unicode 11 widths, so an emoji or a CJK character takes the two cells the shell counted. */
export function loadUnicode11(term: Terminal): void {
  term.loadAddon(new Unicode11Addon());
  term.unicode.activeVersion = '11';
}

/**
 * The WebGL renderer in the desktop app; the DOM renderer stays if WebGL cannot
 * start or its context is lost. Browser mode keeps the DOM renderer: its rows
 * are text a screen reader, a find-in-page and the end-to-end tests can read.
 */
export function loadGpuRenderer(term: Terminal): void {
  if (!window.stepwise) return;
  try {
    const webgl = new WebglAddon();
    webgl.onContextLoss(() => webgl.dispose());
    term.loadAddon(webgl);
  } catch {
    // No WebGL2 here: the DOM renderer draws as before.
  }
}

/** URLs open in a new tab (the desktop app offers them to the system browser instead). */
export function loadWebLinks(term: Terminal): void {
  term.loadAddon(new WebLinksAddon((_event, uri) => window.open(uri, '_blank', 'noopener,noreferrer')));
}

/** Makes each `path:line[:col]` the terminal shows a link that `open` is given. */
export function registerFileLinks(term: Terminal, open: (position: FilePosition) => void): IDisposable {
  return term.registerLinkProvider({
    provideLinks(y, callback) {
      const text = term.buffer.active.getLine(y - 1)?.translateToString(true) ?? '';
      const links: ILink[] = filePositionsIn(text).map(({ index, length, position }) => ({
        range: { start: { x: index + 1, y }, end: { x: index + length, y } },
        text: text.slice(index, index + length),
        activate: () => open(position),
      }));
      callback(links.length ? links : undefined);
    },
  });
}
