// Ends everything a shell started, however it got away: background jobs in
// their own process groups, `nohup` and `disown`, `( cmd & )` orphans
// re-parented to init, `setsid` children in sessions of their own, and
// processes that ignore SIGHUP and SIGTERM. They are gathered from every
// trace they leave (session, parentage, the marker in their environment, the
// shell's cgroup), asked to stop (SIGTERM), and killed after a grace period.
import { setTimeout as delay } from 'node:timers/promises';
import { cgroupMembers, killCgroup } from './cgroups';
import { listProcesses, stillAlive, type ProcessInfo } from './processTable';

/** The environment variable that marks every shell the engine starts, and so everything started from it. */
export const SHELL_MARKER_ENV = 'STEPWISE_SHELL';

/** What belongs to the thing being ended; each process found brings its descendants and, if it leads one, its session. */
export interface ProcessReach {
  /** The shell's pid: it, its descendants and its session's members belong. */
  shell?: number;
  /** A process whose marker this accepts belongs. */
  marker: (value: string) => boolean;
  /** cgroup folders whose members belong. */
  cgroups: string[];
}

export interface EndOptions {
  /** How long processes get to exit after SIGTERM before SIGKILL. */
  graceMs: number;
  /** A process group to SIGHUP first, as a terminal hang-up would (the shell's: bash passes it on to its jobs). */
  hangUp?: number;
}

const POLL_MS = 50;
/** Rounds of SIGKILL, each after a fresh look: a dying job may have forked. */
const KILL_ROUNDS = 4;

/** Every live process that belongs to `reach`, never this process or its ancestors. */
export async function gatherProcesses(reach: ProcessReach, also: Iterable<ProcessInfo> = []): Promise<ProcessInfo[]> {
  const [table, inCgroups] = await Promise.all([
    listProcesses(SHELL_MARKER_ENV),
    Promise.all(reach.cgroups.map(cgroupMembers)).then((lists) => new Set(lists.flat())),
  ]);
  const byPid = new Map(table.map((p) => [p.pid, p]));
  const protectedPids = lineage(process.pid, byPid);
  const known = new Set([...also].filter((p) => byPid.get(p.pid)?.start === p.start).map((p) => p.pid));
  const found = new Set<number>();
  for (const p of table) {
    if (p.pid <= 1 || protectedPids.has(p.pid)) continue;
    if (p.pid === reach.shell || p.sid === reach.shell || known.has(p.pid) || inCgroups.has(p.pid) || (p.marker !== null && reach.marker(p.marker))) {
      found.add(p.pid);
    }
  }
  // Children of anything found, and members of sessions it leads, until nothing new turns up.
  const below = new Map<number, ProcessInfo[]>();
  for (const p of table) {
    for (const key of new Set([p.ppid, p.sid])) {
      if (key === p.pid) continue;
      let list = below.get(key);
      if (!list) below.set(key, (list = []));
      list.push(p);
    }
  }
  const queue = [...found];
  while (queue.length > 0) {
    const parent = queue.pop()!;
    for (const p of below.get(parent) ?? []) {
      if (found.has(p.pid) || p.pid <= 1 || protectedPids.has(p.pid)) continue;
      found.add(p.pid);
      queue.push(p.pid);
    }
  }
  return [...found].map((pid) => byPid.get(pid)!);
}

/**
 * Ends every process of `reach`: SIGHUP to the shell's group, SIGTERM to all,
 * SIGKILL to what is left after the grace period (and to the cgroups), then
 * looks again until nothing is left. Resolves with what it found.
 */
export async function endProcesses(reach: ProcessReach, options: EndOptions): Promise<ProcessInfo[]> {
  // Gathered before anything dies: an orphan loses its parent link once its parent is gone.
  let live = await gatherProcesses(reach);
  if (live.length === 0 && reach.cgroups.length === 0) return [];
  const ended = new Map(live.map((p) => [p.pid, p]));
  if (options.hangUp) signal(-options.hangUp, 'SIGHUP');
  terminate(live);

  const deadline = Date.now() + options.graceMs;
  while (Date.now() < deadline) {
    await delay(POLL_MS);
    live = await stillAlive(live);
    if (live.length > 0) continue;
    // All gone: one full look for anything they started meanwhile.
    const late = await gatherProcesses(reach);
    if (late.length === 0) return [...ended.values()];
    for (const p of late) ended.set(p.pid, p);
    terminate(late);
    live = late;
  }
  for (let round = 0; round < KILL_ROUNDS; round++) {
    live = await gatherProcesses(reach, live);
    if (live.length === 0) break;
    for (const p of live) {
      ended.set(p.pid, p);
      signal(p.pid, 'SIGKILL');
    }
    await Promise.all(reach.cgroups.map(killCgroup));
    await delay(POLL_MS);
  }
  return [...ended.values()];
}

function terminate(processes: ProcessInfo[]): void {
  for (const p of processes) {
    signal(p.pid, 'SIGTERM');
    signal(p.pid, 'SIGCONT'); // a stopped job acts on SIGTERM only once it runs again
  }
}

/** This process and its ancestors: never signalled, whatever marker or cgroup they carry. */
function lineage(pid: number, byPid: Map<number, ProcessInfo>): Set<number> {
  const chain = new Set<number>();
  for (let p: number | undefined = pid; p && p > 0 && !chain.has(p); p = byPid.get(p)?.ppid) chain.add(p);
  return chain;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone (or never ours to signal).
  }
}
