// Permission requests and checks from web content: all refused, except
// writing the clipboard from the app's own page (copying terminal output).

const GRANTED_TO_APP = new Set(['clipboard-sanitized-write']);

export function permissionGranted(permission: string, url: string | undefined, isAppUrl: (url: string) => boolean): boolean {
  return GRANTED_TO_APP.has(permission) && url !== undefined && isAppUrl(url);
}
