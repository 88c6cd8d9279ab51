// A test file's work folder and the built CLI run inside it: its data folder
// (STEPWISE_HOME) and TMPDIR there too, so that whatever the CLI leaves in
// TMPDIR (a scratch copy it did not remove) is there to be seen.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BuiltCli } from './builtCli';
import { shellHomeEnv } from './shellHome';

export interface CliWorkspace {
  work: string;
  /** The CLI's TMPDIR. */
  scratchTmp: string;
  cli: BuiltCli;
}

export function makeCliWorkspace(prefix: string): CliWorkspace {
  const work = mkdtempSync(join(tmpdir(), prefix));
  const scratchTmp = join(work, 'tmp');
  mkdirSync(scratchTmp);
  const cli = BuiltCli.build({ ...shellHomeEnv(), STEPWISE_HOME: join(work, 'data'), NO_COLOR: '1', TMPDIR: scratchTmp });
  return { work, scratchTmp, cli };
}

export async function removeCliWorkspace(workspace: Partial<CliWorkspace>): Promise<void> {
  await workspace.cli?.remove();
  if (workspace.work) rmSync(workspace.work, { recursive: true, force: true });
}
