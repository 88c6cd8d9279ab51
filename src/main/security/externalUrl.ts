// What the app may hand to the system browser (shell.openExternal): http(s)
// URLs only, without credentials, and only after the user said yes to the
// exact URL. Nothing in the UI opens links today, so any request to leave
// the app comes from content we did not write: file:, javascript:, custom
// schemes (which start other programs) and the like are never passed on.
import { parseUrl } from './appUrl';

/** The URL to open, normalised, or null when it may not leave the app. */
export function externalUrl(raw: string): string | null {
  const url = parseUrl(raw);
  if (!url) return null;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  // https://bank.example@evil.example/ reads like the bank's address.
  if (url.username || url.password) return null;
  return url.href;
}

export interface ExternalOpenerDeps {
  /** Asks the user whether to open this URL in their browser. */
  confirm(url: string): Promise<boolean>;
  /** shell.openExternal. */
  open(url: string): Promise<void>;
}

/** Opens a checked URL in the browser if the user agrees; returns whether it did. */
export function externalOpener(deps: ExternalOpenerDeps): (raw: string) => Promise<boolean> {
  return async (raw) => {
    const url = externalUrl(raw);
    if (!url || !(await deps.confirm(url))) return false;
    await deps.open(url);
    return true;
  };
}
