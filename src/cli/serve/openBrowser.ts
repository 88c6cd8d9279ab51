// Opens the user's browser on the server's URL without putting its token on a
// command line, which every local user can read (/proc/PID/cmdline, ps). As
// Jupyter does, the opener gets only the path of a small redirect page, written
// 0600 in a 0700 folder of the data directory (one server per data directory,
// so one fixed name) and removed when the server stops.
import { spawn } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../core/platform/fs/atomicWrite';

export interface BrowserRedirect {
  /** The redirect page: only its owner can read it. */
  file: string;
  remove(): void;
}

export async function writeBrowserRedirect(dataDir: string, url: string): Promise<BrowserRedirect> {
  const dir = join(dataDir, 'browser');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // An existing folder keeps its mode through mkdir, and a symlink could point anywhere: make sure it is ours alone.
  if (!lstatSync(dir).isDirectory()) throw new Error(`${dir} is not a folder`);
  chmodSync(dir, 0o700);
  const file = join(dir, 'open.html');
  await writeFileAtomic(file, redirectPage(url), { mode: 0o600 });
  return { file, remove: () => rmSync(file, { force: true }) };
}

/** Hands `file` to the desktop's opener; calls `failed` if there is none. */
export function openInBrowser(file: string, failed: () => void): void {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(opener, [file], { stdio: 'ignore', detached: true });
  child.on('error', failed);
  child.unref();
}

function redirectPage(url: string): string {
  const href = url.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="referrer" content="no-referrer">
<meta http-equiv="refresh" content="0;url=${href}">
<title>Opening Stepwise…</title>
</head>
<body><p>Opening Stepwise… If nothing happens, <a href="${href}">open Stepwise</a>.</p></body>
</html>
`;
}
