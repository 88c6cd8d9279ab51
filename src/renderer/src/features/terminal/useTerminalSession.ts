// The session's shell: an xterm.js terminal in `host`, bound to a pty in the
// engine (input, output with flow control, resize, exit).
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import { useEffect, useState } from 'react';
import { FlowControl } from '../../../../shared/flowControl';
import { useApp } from '../../app/store';
import { engine } from '../../engine/client';

const THEME = {
  background: '#0b0d12',
  foreground: '#d7dae0',
  cursor: '#7aa2f7',
  selectionBackground: '#33467c',
};

/** Opens the session's terminal in `host` while mounted; returns its working directory and why it could not start, if so. */
export function useTerminalSession(host: React.RefObject<HTMLDivElement | null>, sessionId: number): { cwd: string | null; error: string | null } {
  const setTerminal = useApp((s) => s.setTerminal);
  const [error, setError] = useState<string | null>(null);
  const [cwd, setCwd] = useState<string | null>(null);

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
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(element);
    fit.fit();

    let terminalId: string | null = null;
    let disposed = false;
    let unacked = 0;
    // Acknowledge only what xterm has parsed, so a flood pauses the pty
    // instead of piling up in this page.
    const write = (data: string): void => {
      term.write(data, () => {
        unacked += data.length;
        if (terminalId && unacked >= FlowControl.CharCountAckSize) {
          client.notify('terminal.ack', { terminalId, chars: unacked });
          unacked = 0;
        }
      });
    };
    const offData = client.on('terminal.data', (e) => e.terminalId === terminalId && write(e.data));
    const offState = client.on('terminal.state', (e) => e.terminalId === terminalId && setCwd(e.cwd));
    const offExit = client.on('terminal.exit', (e) => {
      if (e.terminalId !== terminalId) return;
      term.write(`\r\n\x1b[2m[shell exited${e.exitCode === null ? '' : ` with code ${e.exitCode}`}]\x1b[0m\r\n`);
      setTerminal(null, false);
    });
    const input = term.onData((data) => terminalId && client.notify('terminal.input', { terminalId, data }));
    const resize = term.onResize(({ cols, rows }) => terminalId && client.notify('terminal.resize', { terminalId, cols, rows }));
    const observer = new ResizeObserver(() => fit.fit());
    observer.observe(element);

    client
      .request('terminal.open', { sessionId, cols: term.cols, rows: term.rows })
      .then((info) => {
        if (disposed) return;
        terminalId = info.terminalId;
        if (info.replay) write(info.replay);
        setCwd(info.cwd);
        setTerminal(info.terminalId, info.busy);
        term.focus();
      })
      .catch((e: Error) => setError(`Could not start the shell: ${e.message}`));

    return () => {
      disposed = true;
      // No longer shown: the engine stops sending this page its output, and never waits on it.
      if (terminalId) client.notify('terminal.detach', { terminalId });
      offData();
      offState();
      offExit();
      input.dispose();
      resize.dispose();
      observer.disconnect();
      term.dispose();
      setTerminal(null, false);
    };
  }, [host, sessionId, setTerminal]);

  return { cwd, error };
}
