// The bad-input corpus: each case is something a user (or a script, or an
// attacker) hands the real `stepwise` CLI, and the clear error it must get:
// an exit code, a message that says what and where, no stack trace, and
// nothing lost (each case may check the journal, the files, the processes).
import { chmodSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliResult, RunOptions } from '../../helpers/builtCli';

export interface CaseDirs {
  /** A fresh folder for this case (readable by the other user). */
  dir: string;
  /** STEPWISE_HOME for this case: `dir/data`, not created. */
  home: string;
}

export interface BadInput {
  name: string;
  args: (c: CaseDirs) => string[];
  /** Prepares files before the run (a broken journal, a hostile plan...). */
  setup?: (c: CaseDirs) => void;
  /** Added to the run's environment (STEPWISE_HOME is `home` unless this sets it). */
  env?: (c: CaseDirs) => NodeJS.ProcessEnv;
  input?: string | Buffer;
  /** Runs as another user, so that permissions bite (see otherUser()). */
  asOtherUser?: boolean;
  /** The exit code expected: 2 for usage and input errors, 1 for work that failed. */
  code: number;
  /** What the error must say (stderr, or stdout for a report that states the problem). */
  says: RegExp;
  /** Nothing lost: what must still hold after the run. */
  check?: (c: CaseDirs, result: CliResult) => void;
}

export function caseDirs(): CaseDirs {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-bad-input-'));
  chmodSync(dir, 0o755);
  return { dir, home: join(dir, 'data') };
}

/** A folder the other user may write (mkdtemp makes them private). */
export function sharedFolder(path: string): string {
  mkdirSync(path, { recursive: true });
  chmodSync(path, 0o777);
  return path;
}

export type RunCli = (args: string[], env: NodeJS.ProcessEnv, options: RunOptions) => Promise<CliResult>;
