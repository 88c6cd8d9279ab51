// The terminal tabs' keys. The desktop app's are a terminal's usual ones;
// a browser keeps Ctrl+Shift+T, Ctrl+Tab and Ctrl+PageUp/PageDown for its own
// tabs and never hands them to the page, so Alt+Shift ones work in both.
export type TabAction = 'new' | 'next' | 'previous';

export const TAB_KEYS_HINT = 'Alt+Shift+T opens a terminal, Alt+Shift+←/→ switch (in the desktop app also Ctrl+Shift+T, Ctrl+PageUp/PageDown)';

export function tabAction(event: Pick<KeyboardEvent, 'ctrlKey' | 'shiftKey' | 'altKey' | 'metaKey' | 'code'>): TabAction | null {
  const { ctrlKey: ctrl, shiftKey: shift, altKey: alt, metaKey: meta, code } = event;
  if (meta) return null;
  if (code === 'KeyT' && shift && (ctrl !== alt)) return 'new';
  if (alt && shift && !ctrl && code === 'ArrowRight') return 'next';
  if (alt && shift && !ctrl && code === 'ArrowLeft') return 'previous';
  if (ctrl && !alt && !shift && code === 'PageDown') return 'next';
  if (ctrl && !alt && !shift && code === 'PageUp') return 'previous';
  return null;
}
