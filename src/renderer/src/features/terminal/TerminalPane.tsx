import { useRef } from 'react';
import { useApp } from '../../app/store';
import { useTerminalSession } from './useTerminalSession';

/** The session's shell: xterm.js here, node-pty in the engine. */
export function TerminalPane({ sessionId }: { sessionId: number }): React.JSX.Element {
  const host = useRef<HTMLDivElement>(null);
  const busy = useApp((s) => s.terminalBusy);
  const attached = useApp((s) => s.terminalId !== null);
  const { cwd, error } = useTerminalSession(host, sessionId);

  return (
    <section className="terminal-pane" aria-label="Terminal">
      <div className="terminal-bar">
        <span>Terminal</span>
        <span className="muted small">{cwd ?? ''}</span>
        <span className="spacer" />
        <span className={`dot ${!attached || busy ? 'dot-busy' : 'dot-idle'}`} />
        <span className="muted small">{attached ? (busy ? 'running' : 'ready') : 'starting…'}</span>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="terminal-host" ref={host} data-testid="terminal" />
    </section>
  );
}
