// The clippy lints a migration's clippy pass may fix, checked against the
// toolchain's own clippy (`clippy-driver -W help`): a lint (`len_zero`,
// `clippy::len-zero`) or a group (`clippy::style`), whose members are then
// the lints read from cargo's JSON.
import { askRustup } from '../toolchain/rustup';
import { MigrateError } from './migrateError';
import { question } from './toolchain';

export interface ClippyLints {
  /** As given, normalised: `clippy::len_zero`, `clippy::style`. */
  forced: string[];
  /** Every lint they cover, groups expanded. */
  members: Set<string>;
}

/** `len_zero`, `clippy::len-zero` -> `clippy::len_zero`. */
export function clippyLintName(text: string): string {
  const bare = text.trim().replace(/^clippy::/, '').replaceAll('-', '_');
  return `clippy::${bare}`;
}

/** Clippy's lints and groups in its `-W help` listing, underscored. */
export function readClippyHelp(text: string): { lints: Set<string>; groups: Map<string, Set<string>> } {
  const lints = new Set<string>();
  const groups = new Map<string, Set<string>>();
  for (const line of text.split('\n')) {
    const lint = /^\s*(clippy::[\w-]+)\s+(?:allow|warn|deny|forbid)\s/.exec(line);
    if (lint?.[1]) lints.add(clippyLintName(lint[1]));
    const group = /^\s*(clippy::[\w-]+)\s+(clippy::.*)$/.exec(line);
    if (group?.[1] && group[2]) groups.set(clippyLintName(group[1]), new Set(group[2].split(',').map(clippyLintName)));
  }
  return { lints, groups };
}

/**
 * Each toolchain's `clippy-driver -W help`, asked once per migration: it says
 * both whether the toolchain has clippy (choosing one) and which lints and
 * groups it knows (checking --clippy's names).
 */
export class ClippyHelp {
  private readonly answers = new Map<string, Promise<string | null>>();

  constructor(private readonly cwd: string) {}

  /** The listing, or null when `toolchain` has no clippy. */
  of(toolchain: string): Promise<string | null> {
    let answer = this.answers.get(toolchain);
    if (!answer) {
      answer = askRustup([`+${toolchain}`, '-W', 'help'], question(this.cwd), 'clippy-driver').then((a) => ('stdout' in a ? a.stdout : null));
      this.answers.set(toolchain, answer);
    }
    return answer;
  }

  async has(toolchain: string): Promise<boolean> {
    return (await this.of(toolchain)) !== null;
  }
}

/** `names` checked against `toolchain`'s clippy; a clear error for a toolchain without clippy or a name it does not know. */
export async function clippyLints(help: ClippyHelp, toolchain: string, names: string[]): Promise<ClippyLints> {
  const listing = await help.of(toolchain);
  if (listing === null) throw new MigrateError(`--clippy: toolchain ${toolchain} has no clippy; pass --toolchain with one that has (rustup component add clippy)`);
  const { lints, groups } = readClippyHelp(listing);
  const forced = [...new Set(names.map(clippyLintName))];
  const members = new Set<string>();
  for (const name of forced) {
    const group = groups.get(name);
    if (group) group.forEach((lint) => members.add(lint));
    else if (lints.has(name)) members.add(name);
    else throw new MigrateError(`--clippy: "${name}" is not a lint or group of ${toolchain}'s clippy (clippy-driver +${toolchain} -W help lists them)`);
  }
  return { forced, members };
}
