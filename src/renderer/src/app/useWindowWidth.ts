import { useSyncExternalStore } from 'react';

const subscribe = (changed: () => void): (() => void) => {
  window.addEventListener('resize', changed);
  return () => window.removeEventListener('resize', changed);
};

/** The window's width in CSS px, kept current. */
export const useWindowWidth = (): number => useSyncExternalStore(subscribe, () => window.innerWidth);
