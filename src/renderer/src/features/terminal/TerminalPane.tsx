import { useRef } from 'react';
import { useApp } from '../../app/store';
import { TerminalSearch } from './TerminalSearch';
import { useTerminalSession } from './useTerminalSession';

/** The session's shell: xterm.js here, node-pty in the engine. */
export function TerminalPane({ sessionId }: { sessionId: number }): React.JSX.Element {
  const host = useRef<HTMLDivElement>(null);
  const busy = useApp((s) => s.terminalBusy);
  const attached = useApp((s) => s.terminalId !== null);
  const { cwd, error, search, finding, setFinding, focus } = useTerminalSession(host, sessionId);

  return (
    <section className="terminal-pane" aria-label="Terminal">
      <div className="terminal-bar">
        <span>Terminal</span>
        <span className="muted small">{cwd ?? ''}</span>
        <span className="spacer" />
        <button type="button" className="terminal-find" aria-label="Find in terminal" title="Find in terminal (Ctrl+Shift+F)" aria-pressed={finding} onClick={() => setFinding(!finding)}>
          Find
        </button>
        <span className={`dot ${!attached || busy ? 'dot-busy' : 'dot-idle'}`} />
        <span className="muted small">{attached ? (busy ? 'running' : 'ready') : 'starting…'}</span>
      </div>
      {finding && search && (
        <TerminalSearch
          search={search}
          onClose={() => {
            setFinding(false);
            focus();
          }}
        />
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="terminal-host" ref={host} data-testid="terminal" />
    </section>
  );
}
