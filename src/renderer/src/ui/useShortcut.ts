import { useEffect, useEffectEvent } from 'react';

/**
 * Binds a key combination such as `mod+o`, `mod+enter`, `alt+arrowdown`
 * (`mod` is Cmd on macOS and Ctrl elsewhere).
 */
export function useShortcut(combo: string, handler: (event: KeyboardEvent) => void, enabled = true): void {
  // The handler of the latest render, without binding the key again on each.
  const onMatch = useEffectEvent(handler);
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent): void => {
      if (matches(combo, event)) {
        event.preventDefault();
        onMatch(event);
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [combo, enabled]);
}

const isMac = navigator.platform.toLowerCase().includes('mac');

function matches(combo: string, event: KeyboardEvent): boolean {
  const parts = combo.toLowerCase().split('+');
  const key = parts.pop();
  const mod = isMac ? event.metaKey : event.ctrlKey;
  return (
    key === event.key.toLowerCase() &&
    parts.includes('mod') === mod &&
    parts.includes('alt') === event.altKey &&
    parts.includes('shift') === event.shiftKey
  );
}
