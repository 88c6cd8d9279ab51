// What a process costs while it works, for the flood tests: the memory it
// holds, read from Linux's /proc (VmRSS now, and VmHWM, the peak so far, so
// a spike between two samples is not missed), the CPU time it has used, and
// the size of the journal it writes.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { JOURNAL_FILE } from '../../src/core/platform/fs/paths';

/** `VmRSS` (resident now) or `VmHWM` (peak resident) of `pid`, in bytes; null once it is gone. */
export function residentBytes(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export class RssSampler {
  /** VmRSS at each sample. */
  readonly samples: { at: number; bytes: number }[] = [];
  private peak = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    everyMs = 1000,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  /** The highest resident size seen: the kernel's own peak (VmHWM) at the last sample. */
  get peakBytes(): number {
    return this.peak;
  }

  /** Takes one more sample (say, right before stopping the process) and stops. */
  stop(): void {
    this.sample();
    clearInterval(this.timer);
  }

  private sample(): void {
    const rss = residentBytes(this.pid);
    const hwm = residentBytes(this.pid, 'VmHWM');
    if (rss !== null) this.samples.push({ at: Date.now(), bytes: rss });
    this.peak = Math.max(this.peak, hwm ?? 0, rss ?? 0);
  }
}

export const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** CPU time `pid` has used so far (user + system, all its threads), in seconds; null once it is gone. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after "pid (comm) ", in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** A data directory's journal.sqlite and its write-ahead log, in bytes (0 for one not there). */
export function journalBytes(dataDir: string): { main: number; wal: number } {
  const size = (file: string): number => {
    try {
      return statSync(file).size;
    } catch {
      return 0;
    }
  };
  const journal = join(dataDir, JOURNAL_FILE);
  return { main: size(journal), wal: size(`${journal}-wal`) };
}
