// Which shell a terminal runs: the user's login shell ($SHELL) when Stepwise
// has integration for it (bash, zsh), else bash, with the reason said. The
// engine follows every command through the integration's marks (start, end,
// exit code, directory), so a shell without one could not run a step.
import { accessSync, constants } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { zshDotDir } from './zshDotDir';

export type ShellKind = 'bash' | 'zsh';

export interface ShellChoice {
  /** The executable started. */
  file: string;
  kind: ShellKind;
  /** Why this is not the user's $SHELL; null when it is (or one was asked for). */
  fallback: string | null;
}

const FALLBACK = '/bin/bash';

/**
 * `requested` (a test's, or a caller's), else the user's login shell ($SHELL;
 * without it, the one the user database names, as a desktop launcher may not
 * set $SHELL) when it is bash or zsh, else /bin/bash and why.
 */
export function chooseShell(env: Record<string, string | undefined>, requested?: string, accountShell: string | null = shellOfAccount()): ShellChoice {
  if (requested) {
    const kind = kindOf(requested);
    if (!kind) throw new Error(`Cannot start ${requested}: Stepwise's terminal runs bash or zsh`);
    return { file: requested, kind, fallback: null };
  }
  const shell = env.SHELL || accountShell;
  if (!shell) return { file: FALLBACK, kind: 'bash', fallback: '$SHELL is not set and your account names no shell, so this terminal runs bash' };
  const kind = kindOf(shell);
  if (!kind) {
    return { file: FALLBACK, kind: 'bash', fallback: `your shell (${shell}) has no Stepwise integration (bash and zsh have), so this terminal runs bash` };
  }
  if (!executable(shell)) return { file: FALLBACK, kind: 'bash', fallback: `your shell (${shell}) cannot be run, so this terminal runs bash` };
  return { file: shell, kind, fallback: null };
}

/** The arguments and environment that start `choice` with the integration in `integrationDir` (resources/shell-integration). */
export function shellLaunch(
  choice: ShellChoice,
  integrationDir: string,
  env: Record<string, string | undefined>,
): { args: string[]; env: Record<string, string> } {
  if (choice.kind === 'bash') return { args: ['--init-file', path.join(integrationDir, 'bash.sh'), '-i'], env: {} };
  // A login shell, as bash.sh loads the profile: the user's .zprofile and .zlogin run too.
  return { args: ['-l', '-i'], env: { ZDOTDIR: zshDotDir(integrationDir), STEPWISE_USER_ZDOTDIR: env.ZDOTDIR ?? '' } };
}

function shellOfAccount(): string | null {
  try {
    return userInfo().shell;
  } catch {
    return null; // a uid the user database does not know (some containers)
  }
}

function kindOf(file: string): ShellKind | null {
  const name = path.basename(file);
  return name === 'bash' || name === 'zsh' ? name : null;
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
