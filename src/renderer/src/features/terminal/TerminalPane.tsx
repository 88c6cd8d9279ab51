// The session's terminals as tabs: the main one (plan steps run there), and
// any the user opens beside it; a reload finds them again (terminal.list).
// Closing a tab ends its shell and all it started, after asking if a command
// runs there.
import { useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';
import type { TerminalSummary } from '../../../../shared/model';
import { useApp } from '../../app/store';
import { engine } from '../../engine/client';
import { Icon } from '../../ui/icons';
import { InlineConfirm } from '../../ui/InlineConfirm';
import { useShortcut } from '../../ui/useShortcut';
import { tabAction, TAB_KEYS_HINT } from './tabKeys';
import { TerminalView, type TerminalViewProps } from './TerminalView';

type TabState = Parameters<TerminalViewProps['onState']>[0];
interface Tab {
  /** 'main', or the extra terminal's id. */
  key: string;
  terminalId?: string;
  title: string;
}

const MAIN: Tab = { key: 'main', title: 'Terminal' };
/** Toggles the maximised terminal; the terminal lets it through to the page (useTerminalSession). */
const MAXIMISE_KEY = 'mod+shift+enter';
const tabOf = (t: Pick<TerminalSummary, 'terminalId' | 'title'>): Tab => ({ key: t.terminalId, terminalId: t.terminalId, title: t.title });

export function TerminalPane({ sessionId }: { sessionId: number }): React.JSX.Element {
  const [tabs, setTabs] = useState<Tab[]>([MAIN]);
  const [chosenKey, setActiveKey] = useState('main');
  // The chosen tab went away (closed, its shell exited): the main one is shown.
  const activeKey = tabs.some((t) => t.key === chosenKey) ? chosenKey : 'main';
  const [states, setStates] = useState<Record<string, TabState>>({});
  const [closing, setClosing] = useState<Tab | null>(null);
  const [error, setError] = useState<string | null>(null);
  const pane = useRef<HTMLElement>(null);
  const maximised = useApp((s) => s.terminalMaximised);
  const maximise = useApp((s) => s.maximiseTerminal);
  useShortcut(MAXIMISE_KEY, () => maximise(!maximised));
  useEscapeOutside(pane, maximised, () => maximise(false));

  // The session's other terminals, still open in the engine (a reload, another window).
  useEffect(() => {
    const { client } = engine();
    let cancelled = false;
    client
      .request('terminal.list', { sessionId })
      .then(({ terminals }) => {
        if (cancelled) return;
        const extra = terminals.filter((t) => !t.main).map(tabOf);
        setTabs((current) => [MAIN, ...extra, ...current.filter((t) => t.key !== 'main' && !extra.some((e) => e.key === t.key))]);
      })
      .catch((e: Error) => setError(`Could not list the terminals: ${e.message}`));
    // A shell that exits (`exit`, or closed from another window) takes its tab with it.
    const offExit = client.on('terminal.exit', ({ terminalId }) => setTabs((current) => current.filter((t) => t.terminalId !== terminalId)));
    return () => {
      cancelled = true;
      offExit();
    };
  }, [sessionId]);

  const openTab = useCallback(() => {
    engine()
      .client.request('terminal.create', { sessionId, cols: 80, rows: 24 })
      .then((summary) => {
        setTabs((current) => [...current, tabOf(summary)]);
        setActiveKey(summary.terminalId);
        setError(null);
      })
      .catch((e: Error) => setError(`Could not open a terminal: ${e.message}`));
  }, [sessionId]);

  const tabsRef = useRef(tabs);
  useEffect(() => {
    tabsRef.current = tabs;
  });
  const step = useCallback((delta: number) => {
    setActiveKey((key) => {
      const list = tabsRef.current;
      const index = Math.max(0, list.findIndex((t) => t.key === key));
      return list[(index + delta + list.length) % list.length]!.key;
    });
  }, []);

  /** A tab key pressed in a terminal (xterm.js asks first, and it is marked handled) or on the bar: acted on, and true. */
  const tabKey = useCallback(
    (event: KeyboardEvent | React.KeyboardEvent): boolean => {
      const action = tabAction(event);
      if (!action) return false;
      if (event.type === 'keydown') {
        if (action === 'new') openTab();
        else step(action === 'next' ? 1 : -1);
      }
      event.preventDefault();
      return true;
    },
    [openTab, step],
  );

  const close = async (tab: Tab): Promise<void> => {
    setClosing(null);
    if (!tab.terminalId) return;
    try {
      await engine().client.request('terminal.close', { terminalId: tab.terminalId });
      setTabs((current) => current.filter((t) => t.key !== tab.key));
      setStates(({ [tab.key]: _closed, ...rest }) => rest);
    } catch (e) {
      setError(`Could not close ${tab.title}: ${(e as Error).message}`);
    }
  };
  const askClose = (tab: Tab): void => {
    if (states[tab.key]?.busy) setClosing(tab);
    else void close(tab);
  };

  const active = states[activeKey];
  const onState = (key: string) => (state: TabState) => setStates((current) => ({ ...current, [key]: state }));

  return (
    <section className="terminal-pane" aria-label="Terminal" ref={pane} onKeyDown={(event) => !event.defaultPrevented && tabKey(event)}>
      <div className="terminal-bar">
        <div className="terminal-tabs" role="tablist" aria-label="Terminals" title={TAB_KEYS_HINT}>
          {tabs.map((tab) => {
            const state = states[tab.key];
            return (
              <span key={tab.key} className={`terminal-tab${tab.key === activeKey ? ' active' : ''}`}>
                <button type="button" role="tab" aria-selected={tab.key === activeKey} onClick={() => setActiveKey(tab.key)}>
                  <span className={`dot ${!state?.attached || state.busy ? 'dot-busy' : 'dot-idle'}`} />
                  {tab.title}
                </button>
                {tab.terminalId && (
                  <button type="button" className="terminal-tab-close" aria-label={`Close ${tab.title}`} title={`Close ${tab.title}`} onClick={() => askClose(tab)}>
                    ×
                  </button>
                )}
              </span>
            );
          })}
          <button type="button" className="terminal-tab-new" aria-label="New terminal" title="New terminal (Alt+Shift+T)" onClick={openTab}>
            +
          </button>
        </div>
        <span className="muted small terminal-cwd">{active?.cwd ?? ''}</span>
        <span className="spacer" />
        <button
          type="button"
          className="terminal-find"
          aria-label="Find in terminal"
          title="Find in terminal (Ctrl+Shift+F)"
          aria-pressed={active?.finding ?? false}
          onClick={() => active?.setFinding(!active.finding)}
        >
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
        <span className="muted small">{active?.attached ? (active.busy ? 'running' : 'ready') : 'starting…'}</span>
      </div>
      {closing && (
        <InlineConfirm label={`Close ${closing.title}?`} confirm={`Close ${closing.title}`} onConfirm={() => void close(closing)} onCancel={() => setClosing(null)}>
          A command is running in {closing.title}. Closing it ends its shell and everything started there.
        </InlineConfirm>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {tabs.map((tab) => (
        <TerminalView key={tab.key} sessionId={sessionId} terminalId={tab.terminalId} tabKey={tabKey} active={tab.key === activeKey} onState={onState(tab.key)} />
      ))}
    </section>
  );
}

/**
 * Escape restores the panes when the focus is outside the terminals: inside
 * one, Escape is the shell's (vi mode, vim, less) and goes there untouched.
 */
function useEscapeOutside(pane: React.RefObject<HTMLElement | null>, active: boolean, handler: () => void): void {
  const onEscape = useEffectEvent(handler);
  useEffect(() => {
    if (!active) return;
    const onKey = (event: KeyboardEvent): void => {
      const inTerminal = [...(pane.current?.querySelectorAll('.terminal-host') ?? [])].some((host) => host.contains(document.activeElement));
      if (event.key === 'Escape' && !inTerminal) onEscape();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [pane, active]);
}
