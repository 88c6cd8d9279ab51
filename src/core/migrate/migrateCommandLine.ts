// The `stepwise migrate` line a migration is journaled with: written by the
// CLI and by the engine (the wizard's Apply, a migrate step), and read back by
// `plan from-session` to replay a migration as a migrate step. One format,
// here, so the three cannot drift apart.
import { shellWord } from '../terminals/shellQuote';

/** What a migration was asked for, as its command line says it. */
export interface MigrateChoices {
  edition?: string;
  clippy: string[];
  accept: string[];
  reject: string[];
  /** Single fixes left out, as FILE:LINE. */
  skip: string[];
  toolchain?: string;
  /** Applied in stages, gated by these checks (empty: the default checks); undefined: all at once. */
  stages?: string[];
}

const LISTS = [
  ['--clippy', 'clippy'],
  ['--accept', 'accept'],
  ['--reject', 'reject'],
  ['--skip', 'skip'],
] as const;

export function migrateCommandLine(choices: MigrateChoices): string {
  const words = ['stepwise', 'migrate', '--project', '.'];
  if (choices.edition) words.push('--edition', choices.edition);
  for (const [option, key] of LISTS) if (choices[key].length) words.push(option, choices[key].join(','));
  if (choices.toolchain) words.push('--toolchain', choices.toolchain);
  if (choices.stages) words.push('--stages', ...(choices.stages.length ? ['--checks', choices.stages.join(',')] : []));
  return words.map((word) => shellWord(word)).join(' ');
}

/** The choices of a line migrateCommandLine wrote; null for any other command. */
export function readMigrateCommandLine(command: string): MigrateChoices | null {
  const words = command.trim().split(/\s+/);
  if (words[0] !== 'stepwise' || words[1] !== 'migrate') return null;
  const value = (option: string): string | undefined => {
    const i = words.indexOf(option);
    return i === -1 ? undefined : words[i + 1];
  };
  const list = (option: string): string[] => (value(option) ?? '').split(',').filter(Boolean);
  const edition = value('--edition');
  const toolchain = value('--toolchain');
  return {
    ...(edition ? { edition } : {}),
    clippy: list('--clippy'),
    accept: list('--accept'),
    reject: list('--reject'),
    skip: list('--skip'),
    ...(toolchain ? { toolchain } : {}),
    ...(words.includes('--stages') ? { stages: list('--checks') } : {}),
  };
}
