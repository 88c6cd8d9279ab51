// One of the session's shells: an xterm.js terminal in `host`, bound to a pty
// in the engine (input, output with flow control, resize, exit), with search
// and clickable links.
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Terminal } from '@xterm/xterm';
import { useEffect, useRef, useState } from 'react';
import { FlowControl } from '../../../../shared/flowControl';
import { useApp } from '../../app/store';
import { engine } from '../../engine/client';
import { TerminalWriter } from './terminalWriter';
import { loadGpuRenderer, loadUnicode11, loadWebLinks, registerFileLinks } from './terminalAddons';

const THEME = {
  background: '#0b0d12',
  foreground: '#d7dae0',
  cursor: '#7aa2f7',
  selectionBackground: '#33467c',
};

const noStore = (): void => undefined;

export interface TerminalSession {
  cwd: string | null;
  /** Attached to its shell in the engine. */
  attached: boolean;
  /** A command runs in it. */
  busy: boolean;
  /** Why the shell could not start, or a clicked file could not open. */
  error: string | null;
  /** Searches the terminal's text; null until the shell is attached. */
  search: SearchAddon | null;
  /** Whether the find bar is open: Ctrl+Shift+F in the terminal opens it. */
  finding: boolean;
  setFinding(finding: boolean): void;
  focus(): void;
}

/** Which of the session's terminals a view shows, and the keys it hands to the tabs around it. */
export interface TerminalTarget {
  /** An extra terminal (a tab); undefined: the session's main one, which the app's store follows. */
  terminalId?: string;
  /** A key the tabs act on (new, next, previous): true if it was theirs, and the shell must not get it. */
  tabKey?: (event: KeyboardEvent) => boolean;
}

/** Opens one of the session's terminals in `host` while mounted. */
export function useTerminalSession(host: React.RefObject<HTMLDivElement | null>, sessionId: number, target: TerminalTarget = {}): TerminalSession {
  const setMainTerminal = useApp((s) => s.setTerminal);
  const { terminalId: chosen } = target;
  // Only the main terminal is the store's (steps run there).
  const setTerminal = chosen === undefined ? setMainTerminal : noStore;
  const tabKey = useRef(target.tabKey);
  useEffect(() => {
    tabKey.current = target.tabKey;
  });
  const [error, setError] = useState<string | null>(null);
  const [cwd, setCwd] = useState<string | null>(null);
  const [attached, setAttached] = useState(false);
  const [busy, setBusy] = useState(false);
  const [search, setSearch] = useState<SearchAddon | null>(null);
  const [finding, setFinding] = useState(false);
  const termRef = useRef<Terminal | null>(null);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const { client } = engine();
    const term = new Terminal({
      fontFamily: 'ui-monospace, "JetBrains Mono", "DejaVu Sans Mono", Menlo, monospace',
      fontSize: 13,
      scrollback: 10_000,
      theme: THEME,
      cursorBlink: true,
      // term.unicode (Unicode 11 widths) is still a proposed API.
      allowProposedApi: true,
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    loadUnicode11(term);
    loadWebLinks(term);
    const searchAddon = new SearchAddon();
    term.loadAddon(searchAddon);
    term.open(element);
    loadGpuRenderer(term);
    fit.fit();
    termRef.current = term;
    // Ctrl+Shift+F finds (Ctrl+F stays the shell's: forward a character).
    term.attachCustomKeyEventHandler((event) => {
      if (event.ctrlKey && event.shiftKey && !event.altKey && event.code === 'KeyF') {
        if (event.type === 'keydown') setFinding(true);
        return false;
      }
      // Ctrl+Shift+Enter maximises the terminal (TerminalPane): the shell must not take it for Enter.
      if (event.ctrlKey && event.shiftKey && event.key === 'Enter') return false;
      return !tabKey.current?.(event);
    });

    let terminalId: string | null = null;
    let disposed = false;
    let unacked = 0;
    // Acknowledge only what xterm has parsed, so a flood pauses the pty
    // instead of piling up in this page.
    const writer = new TerminalWriter(term, (chars) => {
      unacked += chars;
      if (terminalId && unacked >= FlowControl.CharCountAckSize) {
        client.notify('terminal.ack', { terminalId, chars: unacked });
        unacked = 0;
      }
    });
    const write = (data: string): void => writer.push(data);
    // Text from Electron's port, bytes from the browser's WebSocket (binary frames).
    const offData = client.on('terminal.data', (e) => e.terminalId === terminalId && write(e.data));
    const offBytes = client.on('terminal.bytes', (e) => e.terminalId === terminalId && writer.push(e.bytes, e.chars));
    // The cursor blinks only at the prompt: xterm.js's DOM renderer blinks it
    // with a CSS animation, which has the page draw every frame (60 a second),
    // most of what a flood of output cost beyond parsing it.
    const blinkUnlessBusy = (busy: boolean): void => {
      term.options.cursorBlink = !busy;
    };
    const offState = client.on('terminal.state', (e) => {
      if (e.terminalId !== terminalId) return;
      setCwd(e.cwd);
      setBusy(e.busy);
      blinkUnlessBusy(e.busy);
    });
    const offExit = client.on('terminal.exit', (e) => {
      if (e.terminalId !== terminalId) return;
      term.write(`\r\n\x1b[2m[shell exited${e.exitCode === null ? '' : ` with code ${e.exitCode}`}]\x1b[0m\r\n`);
      setTerminal(null, false);
      setAttached(false);
    });
    const input = term.onData((data) => terminalId && client.notify('terminal.input', { terminalId, data }));
    const resize = term.onResize(({ cols, rows }) => terminalId && client.notify('terminal.resize', { terminalId, cols, rows }));
    const fileLinks = registerFileLinks(term, ({ file, line, column }) => {
      client
        .request('file.openInEditor', { sessionId, file, line, column, terminalId: terminalId ?? undefined })
        .then(() => setError(null))
        .catch((e: Error) => setError(e.message));
    });
    // A hidden tab has no size: it is fitted once shown.
    const observer = new ResizeObserver(() => element.offsetWidth > 0 && fit.fit());
    observer.observe(element);

    client
      .request('terminal.open', { sessionId, cols: term.cols, rows: term.rows, terminalId: chosen })
      .then((info) => {
        if (disposed) return;
        terminalId = info.terminalId;
        if (info.replay) write(info.replay);
        setCwd(info.cwd);
        setBusy(info.busy);
        blinkUnlessBusy(info.busy);
        setAttached(true);
        setTerminal(info.terminalId, info.busy);
        setSearch(searchAddon);
      })
      .catch((e: Error) => setError(`Could not start the shell: ${e.message}`));

    return () => {
      disposed = true;
      // No longer shown: the engine stops sending this page its output, and never waits on it.
      if (terminalId) client.notify('terminal.detach', { terminalId });
      offData();
      offBytes();
      offState();
      offExit();
      input.dispose();
      resize.dispose();
      fileLinks.dispose();
      observer.disconnect();
      writer.dispose();
      term.dispose();
      termRef.current = null;
      setSearch(null);
      setTerminal(null, false);
    };
  }, [host, sessionId, chosen, setTerminal]);

  return { cwd, attached, busy, error, search, finding, setFinding, focus: () => termRef.current?.focus() };
}
