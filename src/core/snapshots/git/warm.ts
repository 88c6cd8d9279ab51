// Preparing the private index before a capture needs it ("warming"): when a
// project is opened, and after a command that may have changed the user's
// index. Without it the first capture makes the private index and its git
// status reads every folder to build git's untracked cache (on 100,000 files
// in 11,000 folders, a third of the snapshot's time). A warm does that and
// nothing else: no snapshot, no ref; the user's index, HEAD, config and
// stash are never written (git writes only the private index).
//
// In this process, a warm never runs beside a capture's git status on the
// same repository: a capture arriving during a warm waits for it, then its
// own status reads the cache the warm left; a warm waits for the captures
// already under way (they leave the private index warm anyway). A capture
// in another process (the CLI) may still run beside it, safely: git's lock
// lets one status write the private index, by a rename, and the other skip.
import { rm } from 'node:fs/promises';
import type { Repo } from './exec';
import { privateIndex } from './privateIndex';
import { changedPaths } from './privateStatus';

/** 'warmed': the private index was made and git read the work tree into it; 'ready': it was there already. */
export type WarmResult = 'warmed' | 'ready';

interface Turns {
  /** The warm pending or running; `again` when another was asked for meanwhile (the user's index may have changed). */
  warm: { done: Promise<WarmResult>; again: boolean } | null;
  /** Captures between making their private index and the end of their git status on it. */
  captures: Set<Promise<unknown>>;
}

/** By git dir. */
const turns = new Map<string, Turns>();

function turnsOf(repo: Repo): Turns {
  let found = turns.get(repo.gitDir);
  if (!found) {
    found = { warm: null, captures: new Set() };
    turns.set(repo.gitDir, found);
  }
  return found;
}

function release(repo: Repo, of: Turns): void {
  if (!of.warm && of.captures.size === 0 && turns.get(repo.gitDir) === of) turns.delete(repo.gitDir);
}

/** Runs `use` (a capture's use of the private index) once no warm of the repository is pending or running. */
export async function asCapture<T>(repo: Repo, use: () => Promise<T>): Promise<T> {
  for (let warm = turns.get(repo.gitDir)?.warm; warm; warm = turns.get(repo.gitDir)?.warm) await warm.done.catch(() => undefined);
  const mine = turnsOf(repo);
  const run = use();
  mine.captures.add(run);
  try {
    return await run;
  } finally {
    mine.captures.delete(run);
    release(repo, mine);
  }
}

/**
 * Prepares the private index for the user's index as it is now. One at a
 * time per repository: asked again while one is under way, that one runs
 * once more when it ends, and both callers get its result (and share its
 * cancellation: `signal` of the first). Aborting ends its git and settles
 * once git has exited.
 */
export function warmPrivateIndex(repo: Repo, signal: AbortSignal): Promise<WarmResult> {
  const mine = turnsOf(repo);
  if (mine.warm) {
    mine.warm.again = true;
    return mine.warm.done;
  }
  const warm: NonNullable<Turns['warm']> = { done: Promise.resolve('ready'), again: false };
  warm.done = (async () => {
    try {
      let result: WarmResult;
      do {
        warm.again = false;
        while (mine.captures.size > 0) await Promise.allSettled([...mine.captures]);
        result = await warmOnce(repo, signal);
      } while (warm.again);
      return result;
    } finally {
      mine.warm = null;
      release(repo, mine);
    }
  })();
  mine.warm = warm;
  return warm.done;
}

async function warmOnce(repo: Repo, signal: AbortSignal): Promise<WarmResult> {
  signal.throwIfAborted();
  const own = await privateIndex(repo);
  // One that exists has had its git status: the capture that made it, or a warm, ran one.
  if (!own.created) return 'ready';
  try {
    await changedPaths(repo, own, signal);
    return 'warmed';
  } catch (error) {
    // Cut short (or unreadable): removed, so the next warm or capture makes it afresh rather than trusting it.
    await rm(own.file, { force: true });
    throw error;
  }
}
