// The operating system the engine runs on, journaled when a session starts so
// that the migration guide can say where the upgrade was done. Read once, when
// the engine opens (like the knowledge base), never while serving a request.
import { readFileSync } from 'node:fs';
import { arch, release, type } from 'node:os';

export interface HostSystem {
  /** `os.type()`: Linux, Darwin, Windows_NT. */
  type: string;
  /** `os.release()`: the kernel's release (6.8.0-45-generic). */
  release: string;
  /** `os.arch()`: x64, arm64. */
  arch: string;
  /** The distribution's PRETTY_NAME from os-release (Debian GNU/Linux 12 (bookworm)); null where there is none. */
  name: string | null;
}

/** Where os-release(5) says to look, in order. */
const OS_RELEASE_FILES = ['/etc/os-release', '/usr/lib/os-release'];

export function readHostSystem(files: readonly string[] = OS_RELEASE_FILES): HostSystem {
  return { type: type(), release: release(), arch: arch(), name: prettyName(files) };
}

function prettyName(files: readonly string[]): string | null {
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue; // not this system's place for it (macOS and Windows have none)
    }
    return parseOsRelease(text).PRETTY_NAME ?? null;
  }
  return null;
}

/**
 * os-release(5): `KEY=value` lines, the value bare or in single or double
 * quotes (with `\` escapes inside double quotes); comments and blank lines.
 */
export function parseOsRelease(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Za-z0-9_]+)=(.*?)\s*$/.exec(line);
    if (!m) continue;
    const [, key, raw] = m as unknown as [string, string, string];
    fields[key] = unquote(raw);
  }
  return fields;
}

function unquote(raw: string): string {
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) return raw.slice(1, -1).replace(/\\([$"\\`])/g, '$1');
  if (raw.length >= 2 && raw.startsWith("'") && raw.endsWith("'")) return raw.slice(1, -1);
  return raw;
}

/** `Debian GNU/Linux 12 (bookworm), Linux 6.8.0-45-generic (x64)`: what the guide says of it. */
export function describeHostSystem(system: HostSystem): string {
  const kernel = `${system.type} ${system.release} (${system.arch})`;
  return system.name ? `${system.name}, ${kernel}` : kernel;
}
