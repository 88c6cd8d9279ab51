import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { CgroupHome } from '../../src/core/platform/processes/cgroups';
import { dataDirKey } from '../../src/core/platform/processes/shellOwner';

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

/**
 * Pids of processes whose full command line holds `marker`, read from
 * /proc/PID/cmdline (Linux): `ps` cuts long command lines, and a secret may
 * sit at the end of one.
 */
export function pidsWithCommandLine(marker: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
      } catch {
        return false; // gone since
      }
    })
    .map(Number);
}

/** Pids of live processes whose environment has NAME=value (Linux /proc; a zombie's environment reads empty). */
export function processesWithEnv(name: string, value: string): number[] {
  const needle = `\0${name}=${value}\0`;
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return `\0${readFileSync(`/proc/${pid}/environ`, 'latin1')}`.includes(needle);
      } catch {
        return false; // gone, or not ours to read
      }
    })
    .map(Number);
}

/** A process's command line, its arguments joined by spaces; '' once it is gone. */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    return '';
  }
}

/**
 * A user other than this one, for tests of what permissions refuse: root
 * reads and writes everything, so as root the test runs the CLI as `nobody`.
 * Null when this process is not root (then chmod itself refuses what it should).
 */
export function otherUser(): { uid: number; gid: number } | null {
  return process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : null;
}

/** Shell cgroups of the data directory that are still there (none may outlive its terminal); none where shells get no cgroups. */
export async function staleCgroups(dataDir: string): Promise<string[]> {
  const home = await CgroupHome.detect();
  return typeof home === 'string' ? [] : home.children(`stepwise-${dataDirKey(dataDir)}-`);
}

/** SIGKILLs each pid, gone or not: what a failed test left must not be left on the machine. */
export function killAll(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
}
