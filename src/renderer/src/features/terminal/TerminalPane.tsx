import { useEffect, useEffectEvent, useRef } from 'react';
import { useApp } from '../../app/store';
import { Icon } from '../../ui/icons';
import { useShortcut } from '../../ui/useShortcut';
import { TerminalSearch } from './TerminalSearch';
import { useTerminalSession } from './useTerminalSession';

/** Toggles the maximised terminal; the terminal lets it through to the page (useTerminalSession). */
const MAXIMISE_KEY = 'mod+shift+enter';

/** The session's shell: xterm.js here, node-pty in the engine. */
export function TerminalPane({ sessionId }: { sessionId: number }): React.JSX.Element {
  const host = useRef<HTMLDivElement>(null);
  const busy = useApp((s) => s.terminalBusy);
  const attached = useApp((s) => s.terminalId !== null);
  const { cwd, error, search, finding, setFinding, focus } = useTerminalSession(host, sessionId);
  const maximised = useApp((s) => s.terminalMaximised);
  const maximise = useApp((s) => s.maximiseTerminal);
  useShortcut(MAXIMISE_KEY, () => maximise(!maximised));
  useEscapeOutside(host, maximised, () => maximise(false));

  return (
    <section className="terminal-pane" aria-label="Terminal">
      <div className="terminal-bar">
        <span>Terminal</span>
        <span className="muted small">{cwd ?? ''}</span>
        <span className="spacer" />
        <button type="button" className="terminal-find" aria-label="Find in terminal" title="Find in terminal (Ctrl+Shift+F)" aria-pressed={finding} onClick={() => setFinding(!finding)}>
          Find
        </button>
        <button
          type="button"
          className="terminal-maximise icon-button"
          aria-pressed={maximised}
          aria-label={maximised ? 'Restore the terminal' : 'Maximise the terminal'}
          title={maximised ? 'Restore the panes (Ctrl+Shift+Enter, or Esc outside the terminal)' : 'Maximise the terminal (Ctrl+Shift+Enter)'}
          onClick={() => maximise(!maximised)}
        >
          <Icon name={maximised ? 'restore' : 'maximise'} label={null} />
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

/**
 * Escape restores the panes when the focus is outside the terminal: inside
 * it, Escape is the shell's (vi mode, vim, less) and goes there untouched.
 */
function useEscapeOutside(host: React.RefObject<HTMLElement | null>, active: boolean, handler: () => void): void {
  const onEscape = useEffectEvent(handler);
  useEffect(() => {
    if (!active) return;
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape' && !host.current?.contains(document.activeElement)) onEscape();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [host, active]);
}
