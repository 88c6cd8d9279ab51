// Holding Stepwise's git status on its private index in flight for as long as
// a test needs, through an fsmonitor hook that waits for a gate file: shows
// what waits for what (warms, captures, requests) and what shutdown ends.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gitIn } from './gitRepo';

export interface HeldGitStatus {
  release(): void;
  /** Each held hook's pid, and its git's. */
  starts(): { hook: number; git: number }[];
  /** Each held hook's start and end, in order. */
  log(): string[];
  /** The first held one, once there is one (at most 10 s). */
  started(): Promise<{ hook: number; git: number }>;
}

/**
 * Makes every git status on the private index of `root` wait in an
 * fsmonitor hook until `release` (the hook then fails, so git checks every
 * file itself, as without one); the test's own git commands pass. The hook
 * and its gate and log files go in `dir`.
 */
export function holdGitStatus(root: string, dir: string): HeldGitStatus {
  const gate = join(dir, 'gate');
  const log = join(dir, 'log');
  const hook = join(dir, 'hook.sh');
  writeFileSync(gate, '');
  writeFileSync(log, '');
  const script = [
    '#!/bin/sh',
    'case "$GIT_INDEX_FILE" in */.git/stepwise/*) ;; *) exit 1 ;; esac',
    `echo "start $$ $PPID" >> '${log}'`,
    `while [ -e '${gate}' ]; do sleep 0.02; done`,
    `echo "end $$" >> '${log}'`,
    'exit 1',
  ];
  writeFileSync(hook, `${script.join('\n')}\n`, { mode: 0o755 });
  gitIn(root, 'config', 'core.fsmonitor', hook);
  const lines = (): string[] => readFileSync(log, 'utf8').split('\n').filter(Boolean);
  const starts = (): { hook: number; git: number }[] =>
    lines()
      .filter((line) => line.startsWith('start'))
      .map((line) => ({ hook: Number(line.split(' ')[1]), git: Number(line.split(' ')[2]) }));
  return {
    release: () => rmSync(gate, { force: true }),
    starts,
    log: lines,
    async started() {
      for (let i = 0; i < 500 && starts().length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      const [first] = starts();
      if (!first) throw new Error('no git status reached the fsmonitor hook in 10 s');
      return first;
    },
  };
}
