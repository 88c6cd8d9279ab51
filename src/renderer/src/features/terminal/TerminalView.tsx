import { useEffect, useRef } from 'react';
import { TerminalSearch } from './TerminalSearch';
import { useTerminalSession, type TerminalSession, type TerminalTarget } from './useTerminalSession';

export interface TerminalViewProps extends TerminalTarget {
  sessionId: number;
  /** Shown (the active tab); the others stay attached, hidden, and keep their output. */
  active: boolean;
  /** Told of its state as it changes, for the tab bar. */
  onState(state: Pick<TerminalSession, 'cwd' | 'attached' | 'busy' | 'finding' | 'setFinding' | 'focus'>): void;
}

/** One terminal of the session: xterm.js here, node-pty in the engine. */
export function TerminalView({ sessionId, terminalId, tabKey, active, onState }: TerminalViewProps): React.JSX.Element {
  const host = useRef<HTMLDivElement>(null);
  const session = useTerminalSession(host, sessionId, { terminalId, tabKey });
  const { cwd, attached, busy, error, search, finding, setFinding, focus } = session;
  const report = useRef(onState);
  useEffect(() => {
    report.current = onState;
  });

  useEffect(() => {
    report.current({ cwd, attached, busy, finding, setFinding, focus });
    // focus and setFinding are new each render but do the same: reported with the state they go with.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [cwd, attached, busy, finding]);

  const wasAttached = useRef(false);
  useEffect(() => {
    const justAttached = attached && !wasAttached.current;
    wasAttached.current = attached;
    // A tab the user shows takes the keys. One whose shell has just started takes them unless the user is typing in a
    // field (a parameter, a path): that text must not land in the shell.
    if (active && attached && !(justAttached && typingInAField())) focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [active, attached]);

  return (
    <div className="terminal-view" hidden={!active} role="tabpanel" data-terminal-id={terminalId ?? 'main'}>
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
      <div className="terminal-host" ref={host} data-testid={active ? 'terminal' : undefined} />
    </div>
  );
}

/** The keyboard focus is in a text field of the page (xterm.js's own textarea, in a terminal, is not one). */
function typingInAField(): boolean {
  const focused = document.activeElement;
  if (!(focused instanceof HTMLElement) || focused.closest('.terminal-host')) return false;
  return focused.isContentEditable || focused instanceof HTMLTextAreaElement || focused instanceof HTMLSelectElement || (focused instanceof HTMLInputElement && !NOT_TYPED.has(focused.type));
}

/** Inputs that take clicks, not text. */
const NOT_TYPED = new Set(['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file', 'image']);
