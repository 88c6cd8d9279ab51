// The machine's processes as the engine needs them to end a shell's tree: who
// is whose child, which session and group, and the value of one environment
// variable (the marker every shell of ours carries). Linux reads /proc,
// asynchronously (this runs on the engine's loop); elsewhere `ps` answers.
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  /** When it started (clock ticks since boot on Linux): a pid reused by a newcomer is not the same process. */
  start: string;
  /** The value of the marker variable in its environment; null when it has none (or it is not ours to read). */
  marker: string | null;
}

/** Live processes (zombies left out: they have already exited). */
export async function listProcesses(markerName: string): Promise<ProcessInfo[]> {
  if (process.platform !== 'linux') return listWithPs(markerName);
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number);
  const found = await Promise.all(pids.map((pid) => readProcess(pid, markerName)));
  return found.filter((p): p is ProcessInfo => p !== null);
}

/** Which of `known` are still alive as the same process (a cheap look: no environment read). */
export async function stillAlive(known: Iterable<ProcessInfo>): Promise<ProcessInfo[]> {
  const list = [...known];
  if (process.platform !== 'linux') {
    const live = new Map((await listWithPs(null)).map((p) => [p.pid, p]));
    return list.filter((p) => live.has(p.pid));
  }
  const checked = await Promise.all(list.map(async (p) => ((await readStat(p.pid))?.start === p.start ? p : null)));
  return checked.filter((p): p is ProcessInfo => p !== null);
}

async function readProcess(pid: number, markerName: string): Promise<ProcessInfo | null> {
  const stat = await readStat(pid);
  if (!stat) return null;
  return { ...stat, marker: await readMarker(pid, markerName) };
}

async function readStat(pid: number): Promise<Omit<ProcessInfo, 'marker'> | null> {
  let text: string;
  try {
    text = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null; // exited while we looked
  }
  // "pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
  // priority nice threads itreal starttime ...": comm may hold spaces and parens.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  if (fields[0] === 'Z' || fields[0] === 'X') return null;
  return { pid, ppid: Number(fields[1]), pgid: Number(fields[2]), sid: Number(fields[3]), start: fields[19] ?? '' };
}

async function readMarker(pid: number, name: string): Promise<string | null> {
  let environ: string;
  try {
    environ = await readFile(`/proc/${pid}/environ`, 'latin1');
  } catch {
    return null; // gone, or another user's
  }
  const prefix = `${name}=`;
  for (const entry of environ.split('\0')) if (entry.startsWith(prefix)) return entry.slice(prefix.length);
  return null;
}

/** macOS and the BSDs: `ps` gives the same columns; `-E` adds each process's environment to its command. */
async function listWithPs(markerName: string | null): Promise<ProcessInfo[]> {
  const table = await run('ps', ['-A', '-o', 'pid=', '-o', 'ppid=', '-o', 'pgid=', '-o', 'sess=', '-o', 'stat=']);
  const markers = new Map<number, string>();
  if (markerName) {
    const pattern = new RegExp(`(?:^|\\s)${markerName}=(\\S+)`);
    for (const line of (await run('ps', ['-A', '-E', '-ww', '-o', 'pid=', '-o', 'command='])).split('\n')) {
      const pid = Number.parseInt(line, 10);
      const value = pattern.exec(line)?.[1];
      if (value && pid) markers.set(pid, value);
    }
  }
  const processes: ProcessInfo[] = [];
  for (const line of table.split('\n')) {
    const [pid, ppid, pgid, sid, state] = line.trim().split(/\s+/);
    if (!pid || !state || state.startsWith('Z')) continue;
    processes.push({ pid: Number(pid), ppid: Number(ppid), pgid: Number(pgid), sid: Number(sid), start: '', marker: markers.get(Number(pid)) ?? null });
  }
  return processes;
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile(command, args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => resolve(error ? '' : stdout));
  });
}
