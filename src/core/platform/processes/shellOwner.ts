// The engine's claim on the shells it starts, so that nothing they start
// outlives them. Every shell carries STEPWISE_SHELL=<data dir>/<engine>/<terminal>
// in its environment, which all it starts inherits, and runs in a cgroup of
// its own where the system offers one (cgroups.ts); ending a terminal ends
// everything either finds. An engine that crashed (or was SIGKILLed) could not
// do that: the next engine on the same data directory does it for it at start.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { basename } from 'node:path';
import { CgroupHome, removeCgroup, spawnInCgroup } from './cgroups';
import { endProcesses, gatherProcesses, SHELL_MARKER_ENV, type ProcessReach } from './endProcesses';
import type { ProcessInfo } from './processTable';
import { logNote } from '../../log/rotatingLog';

/** How long a shell's processes get between SIGTERM and SIGKILL (Electron gives the whole shutdown 3 s). */
export const END_GRACE_MS = 1000;

/** Said once per process: whether shells get cgroups here, and if not why. */
let containmentLogged = false;

export class ShellOwner {
  /** `<data dir key>/<engine instance>`: the start of every marker this engine sets. */
  private readonly owner: string;
  /** `stepwise-<data dir key>-`: the start of every cgroup name of this data directory. */
  private readonly cgroupPrefix: string;
  private readonly engineId = randomBytes(4).toString('hex');
  private home: CgroupHome | null = null;
  /**
   * Settles once the cgroup home is known and what an earlier engine on this
   * data directory left running is ended (those processes, for the log).
   */
  readonly ready: Promise<ProcessInfo[]>;

  /**
   * Call with the data directory's lock held: no live engine then owns a shell
   * of this data directory. `cgroups: false` gives shells none (the marker and the process tree remain).
   */
  constructor(dataDir: string, options: { cgroups: boolean }) {
    const dataKey = dataDirKey(dataDir);
    this.owner = `${dataKey}/${this.engineId}`;
    this.cgroupPrefix = `stepwise-${dataKey}-`;
    this.ready = this.endLeftovers(dataKey, options.cgroups).catch((error: Error) => {
      console.error(`[stepwise] could not look for processes an earlier engine left: ${error.message}`);
      return [];
    });
  }

  /** A new terminal's marker and cgroup. */
  forTerminal(terminalId: string): ShellProcesses {
    const cgroup = this.home?.create(`${this.cgroupPrefix}${this.engineId}-${terminalId}`) ?? null;
    return new ShellProcesses(`${this.owner}/${terminalId}`, cgroup);
  }

  private async endLeftovers(dataKey: string, cgroups: boolean): Promise<ProcessInfo[]> {
    // Leftover cgroups are looked for even when this engine makes none: an earlier one may have.
    const detected = await CgroupHome.detect();
    const home = detected instanceof CgroupHome ? detected : null;
    const without = !cgroups ? 'turned off' : typeof detected === 'string' ? detected : null;
    this.home = without ? null : home;
    if (!containmentLogged) {
      containmentLogged = true;
      // In the log file only: a CLI's output is what the user asked for.
      logNote(
        without
          ? `[stepwise] shells are not put in cgroups (${without}): their processes are found by the ${SHELL_MARKER_ENV} marker, session and parentage`
          : `[stepwise] each shell runs in a cgroup of its own under ${home!.dir}`,
      );
    }
    const mine = `${dataKey}/`;
    const ours = `${this.owner}/`;
    const isLeftover = (name: string): boolean => name.startsWith(this.cgroupPrefix) && !name.startsWith(`${this.cgroupPrefix}${this.engineId}-`);
    const reach: ProcessReach = { marker: (value) => value.startsWith(mine) && !value.startsWith(ours), cgroups: [] };
    if (home) {
      const leftovers = new Set((await home.children(this.cgroupPrefix)).filter((dir) => isLeftover(basename(dir))));
      // An earlier engine may have run in another cgroup (another login, another app launch): its shells' cgroups are where its processes are.
      for (const p of await gatherProcesses(reach)) {
        const dir = await home.folderOf(p.pid);
        if (dir && isLeftover(basename(dir))) leftovers.add(dir);
      }
      reach.cgroups = [...leftovers].filter((dir) => !home.holdsEngine(dir));
    }
    const ended = await endProcesses(reach, { graceMs: END_GRACE_MS });
    for (const dir of reach.cgroups) await removeCgroup(dir);
    if (ended.length > 0) {
      console.error(`[stepwise] ended ${ended.length} process(es) an earlier engine on this data directory left running: pids ${ended.map((p) => p.pid).join(', ')}`);
    }
    return ended;
  }
}

/** One terminal's marker and cgroup: how its shell is started, and how everything it started is ended. */
export class ShellProcesses {
  constructor(
    readonly marker: string,
    /** The shell's own cgroup, or null where there is none (the marker and process tree then find its processes). */
    readonly cgroup: string | null,
  ) {}

  /** For a shell started outside an engine (tests): a marker of its own, no cgroup. */
  static unowned(): ShellProcesses {
    return new ShellProcesses(`unowned/${randomUUID()}`, null);
  }

  /** Added to the shell's environment. */
  get env(): Record<string, string> {
    return { [SHELL_MARKER_ENV]: this.marker };
  }

  /** The command that starts the shell: in its cgroup from its first instruction, where it has one. */
  command(file: string, args: string[]): { file: string; args: string[] } {
    return this.cgroup ? spawnInCgroup(this.cgroup, file, args) : { file, args };
  }

  /**
   * Ends the shell (pid `shell`) and everything it started, then removes its
   * cgroup. `running`: the shell has not exited, so its pid is still its own to hang up.
   */
  async end(shell: number, running: boolean): Promise<ProcessInfo[]> {
    const reach: ProcessReach = { shell, marker: (value) => value === this.marker, cgroups: this.cgroup ? [this.cgroup] : [] };
    const ended = await endProcesses(reach, { graceMs: END_GRACE_MS, hangUp: running ? shell : undefined });
    if (this.cgroup && !(await removeCgroup(this.cgroup))) {
      console.warn(`[stepwise] could not remove ${this.cgroup}; the next engine on this data directory will`);
    }
    return ended;
  }
}

/** Names the data directory in markers and cgroup names: short, and the same however the path was spelled. */
export function dataDirKey(dataDir: string): string {
  return createHash('sha256').update(realpathSync(dataDir)).digest('hex').slice(0, 12);
}
