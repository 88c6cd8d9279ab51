import { execFileSync } from 'node:child_process';

/** Live processes (not zombies) whose command line holds `marker`. */
export function processesWith(marker: string): string[] {
  return execFileSync('ps', ['-eo', 'stat=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(marker) && !line.trim().startsWith('Z'));
}
