// The browser mode's token, kept where only this tab of this origin (port
// included) can read it. `stepwise serve` prints http://127.0.0.1:PORT/#token=…;
// the fragment never reaches a server. The page moves it to sessionStorage,
// so a reload still connects, and takes it out of the address bar.
import { TOKEN_PATTERN, URL_TOKEN_PARAM } from '../../../shared/browserAuth';

const STORAGE_KEY = 'stepwise.token';
/** Where storage is switched off, the token lives as long as the page. */
let inMemory: string | null = null;

export function takeBrowserToken(): string | null {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const fromUrl = fragment.get(URL_TOKEN_PARAM);
  if (fromUrl !== null) {
    fragment.delete(URL_TOKEN_PARAM);
    const rest = fragment.toString();
    history.replaceState(history.state, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
    if (TOKEN_PATTERN.test(fromUrl)) store(fromUrl);
  }
  try {
    return sessionStorage.getItem(STORAGE_KEY) ?? inMemory;
  } catch {
    return inMemory;
  }
}

/** The server refused it: it belongs to an earlier run of `stepwise serve`. */
export function forgetBrowserToken(): void {
  inMemory = null;
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // storage is off: the in-memory copy was the only one
  }
}

function store(token: string): void {
  inMemory = token;
  try {
    sessionStorage.setItem(STORAGE_KEY, token);
  } catch {
    // storage is off: keep it for this page's life
  }
}
