// Where the system offers it (cgroup v2, and the engine's own cgroup folder
// writable: root, or a desktop's delegated user cgroup), each shell runs in a
// child cgroup of the engine's. What the shell starts stays in it whatever it
// does to its session, parent or environment, and `cgroup.kill` ends it all.
import { mkdirSync } from 'node:fs';
import { access, readdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { join } from 'node:path';

const REMOVE_TRIES = 20;
const REMOVE_WAIT_MS = 25;

export class CgroupHome {
  private constructor(
    /** The engine's own cgroup folder: shells' cgroups are made in it. */
    readonly dir: string,
    /** Where the cgroup v2 hierarchy is mounted. */
    private readonly mount: { point: string; root: string },
  ) {}

  /** The engine's own cgroup v2 folder if shells' cgroups can be made in it; else the reason they cannot. */
  static async detect(): Promise<CgroupHome | string> {
    if (process.platform !== 'linux') return 'cgroups are Linux only';
    const own = (await readText('/proc/self/cgroup'))?.split('\n').find((line) => line.startsWith('0::'));
    if (!own) return 'this process is in no cgroup v2';
    const mount = cgroup2Mount((await readText('/proc/self/mountinfo')) ?? '');
    if (!mount) return 'no cgroup v2 file system is mounted';
    const path = own.slice(3);
    if (path !== mount.root && !path.startsWith(`${mount.root === '/' ? '' : mount.root}/`)) {
      return `this process's cgroup ${path} is outside the mounted part of the hierarchy`;
    }
    const dir = folderOf(path, mount);
    try {
      // Moving a process into a child needs write access to the common parent's cgroup.procs.
      await access(dir, constants.W_OK);
      await access(join(dir, 'cgroup.procs'), constants.W_OK);
    } catch {
      return `${dir} is not writable`;
    }
    return new CgroupHome(dir, mount);
  }

  /**
   * Makes a shell's cgroup, empty. Synchronous: a mkdir in cgroupfs is a
   * kernel call that never waits on a disk, and the shell is spawned right after.
   */
  create(name: string): string | null {
    const dir = join(this.dir, name);
    try {
      mkdirSync(dir);
      return dir;
    } catch {
      return null;
    }
  }

  /** The cgroup folder a process is in; null when it is gone or outside the mounted part. */
  async folderOf(pid: number): Promise<string | null> {
    const line = (await readText(`/proc/${pid}/cgroup`))?.split('\n').find((l) => l.startsWith('0::'));
    return line ? folderOf(line.slice(3), this.mount) : null;
  }

  /** Whether the engine itself is in `dir` or below it: such a cgroup is never killed. */
  holdsEngine(dir: string): boolean {
    return this.dir === dir || this.dir.startsWith(`${dir}/`);
  }

  /** The cgroups in this folder whose names start with `prefix`. */
  async children(prefix: string): Promise<string[]> {
    const entries = await readdir(this.dir, { withFileTypes: true }).catch(() => []);
    return entries.filter((e) => e.isDirectory() && e.name.startsWith(prefix)).map((e) => join(this.dir, e.name));
  }
}

/**
 * How to spawn `file args` so that it is in `cgroup` before it can start
 * anything: a `sh` moves itself there, then becomes the shell (same pid).
 * If the move fails, the shell runs all the same (the marker still finds its processes).
 */
export function spawnInCgroup(cgroup: string, file: string, args: string[]): { file: string; args: string[] } {
  return { file: '/bin/sh', args: ['-c', '{ echo $$ >"$0"; } 2>/dev/null; exec "$@"', join(cgroup, 'cgroup.procs'), file, ...args] };
}

/** Every process in the cgroup and in the cgroups below it. */
export async function cgroupMembers(dir: string): Promise<number[]> {
  const own = ((await readText(join(dir, 'cgroup.procs'))) ?? '').split('\n').filter(Boolean).map(Number);
  const below = await Promise.all((await subfolders(dir)).map(cgroupMembers));
  return [...own, ...below.flat()];
}

/** SIGKILL to everything in the cgroup at once (cgroup.kill, Linux 5.14+; before that, one by one). */
export async function killCgroup(dir: string): Promise<void> {
  try {
    await writeFile(join(dir, 'cgroup.kill'), '1');
  } catch {
    for (const pid of await cgroupMembers(dir)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
  }
}

/** Removes an emptied cgroup (and any the shell's processes made below it); false if it still holds a process. */
export async function removeCgroup(dir: string): Promise<boolean> {
  for (const child of await subfolders(dir)) await removeCgroup(child);
  // A process killed a moment ago may still be leaving it.
  for (let attempt = 0; attempt < REMOVE_TRIES; attempt++) {
    try {
      await rmdir(dir);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return true;
      if (code !== 'EBUSY') return false;
      await new Promise((resolve) => setTimeout(resolve, REMOVE_WAIT_MS));
    }
  }
  return false;
}

function folderOf(path: string, mount: { point: string; root: string }): string {
  // No trailing slash (the hierarchy's root is "/"): folders are compared as strings.
  return join(mount.point, path.slice(mount.root === '/' ? 0 : mount.root.length)).replace(/(?<=.)\/$/, '');
}

function cgroup2Mount(mountinfo: string): { point: string; root: string } | null {
  for (const line of mountinfo.split('\n')) {
    // "id parent major:minor root mountpoint options [optional...] - fstype source superoptions"
    const [left, right] = line.split(' - ');
    if (!left || !right?.startsWith('cgroup2 ')) continue;
    const fields = left.split(' ');
    if (fields[3] && fields[4]) return { root: unescapeMount(fields[3]), point: unescapeMount(fields[4]) };
  }
  return null;
}

/** mountinfo writes spaces, tabs, newlines and backslashes in paths as octal escapes. */
function unescapeMount(path: string): string {
  return path.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

async function subfolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory()).map((e) => join(dir, e.name));
}

async function readText(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return null;
  }
}
