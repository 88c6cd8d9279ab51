import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Live processes (not zombies) whose command line holds `marker`. */
export function processesWith(marker: string): string[] {
  return execFileSync('ps', ['-eo', 'stat=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(marker) && !line.trim().startsWith('Z'));
}

/** Alive and not a zombie (a killed orphan may linger unreaped for a moment). Linux: reads /proc. */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
