// Watching git's untracked cache at work: how many folders a git status read
// from disk instead of trusting its cache of them.
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';

/**
 * Sets every folder's times an hour back: none is "racy" (changed in the
 * second git looked), so git trusts its cache of them. (Setting them again
 * changes their ctime: git then reads them again.)
 */
export function ageFolders(root: string): void {
  const past = new Date(Date.now() - 3600_000);
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory() && entry.name !== '.git') walk(join(dir, entry.name));
    utimesSync(dir, past, past);
  };
  walk(root);
}

/**
 * Runs `fn` with git (started by this process, the engine's included)
 * tracing its work to a file; how many folders its one git status opened
 * (read from disk, not its cache).
 */
export async function foldersOpened(fn: () => Promise<unknown>): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-trace-'));
  const trace = join(dir, 'trace');
  process.env.GIT_TRACE2_PERF = trace;
  try {
    await fn();
    const opened = [...readFileSync(trace, 'utf8').matchAll(/read_directo.*\.opendir:(\d+)/g)].map((m) => Number(m[1]));
    expect(opened).toHaveLength(1); // one git status
    return opened[0]!;
  } finally {
    delete process.env.GIT_TRACE2_PERF;
    rmSync(dir, { recursive: true, force: true });
  }
}
