// `stepwise ship`: a session exported as a git branch of the project's
// repository, with the guide's summary as pull-request text
// (src/core/ship/ship.ts does the work).
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { knownBreakageOf } from '../../core/issues/explainIssue';
import { writeChunksAtomic } from '../../core/platform/fs/atomicWrite';
import { STEPWISE_VERSION as version } from '../../core/platform/stepwiseVersion';
import { pullRequestText } from '../../core/ship/prText';
import { shipSession, ShipRefused, type ShipReport } from '../../core/ship/ship';
import { formatShipReport } from '../../shared/ship/shipReport';
import { CliError } from '../cliError';
import { parseCommandArgs } from '../params';
import { loadBreakages } from '../breakages';
import { SESSION_ARG_OPTIONS, sessionArg, sessionOf, withJournalForReading } from '../sessionArg';

export const SHIP_USAGE = `Usage: stepwise ship (--session ID | --project DIR) --branch NAME [--base REF] [--force] [--pr-out FILE] [--json]

Exports a session as a git branch of the project's repository: one commit per
step (or one-click fix) that changed files, in journal order, its message
written from the journal (the step, what it ran or edited, what it fixed);
formatting-only changes (a step running cargo fmt, or whitespace-only files)
in commits of their own, listed afterwards in .git-blame-ignore-revs; what no
step changed (edits by hand, commands typed in the terminal) in a last commit.
The branch ends on the project as it is now (ignored files left out). Built
with git plumbing: your work tree, index and current branch are not touched.
Then prints the pull-request text: the migration guide's summary, in Markdown.

  --session ID     the session to ship; --project DIR: that project's latest
  --branch NAME    the branch to create; one that exists is refused
  --base REF       the commit to start from (default: the one HEAD was on when
                   the session started)
  --force          replace the branch if it exists (never the current branch)
  --pr-out FILE    also write the pull-request text there
  --json           print { branch, base, tip, endTree, commits: [{sha, kind, subject, stepId, files}], pr }

Exit codes: 0 the branch was made, 1 refused (the branch exists or is checked
out, no git repository) or failed, 2 bad arguments.`;

export async function shipCommand(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    {
      args,
      options: {
        ...SESSION_ARG_OPTIONS,
        branch: { type: 'string' },
        base: { type: 'string' },
        force: { type: 'boolean', default: false },
        'pr-out': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    },
    SHIP_USAGE,
  );
  if (values.help) {
    console.log(SHIP_USAGE);
    return 0;
  }
  if (!values.branch) throw new CliError(`ship needs --branch NAME\n\n${SHIP_USAGE}`);
  const which = sessionArg(values, 'ship', SHIP_USAGE);
  return withJournalForReading(async (journal, dataDir) => {
    const sessionId = sessionOf(journal, which);
    let report: ShipReport;
    try {
      report = await shipSession({ journal, sessionId, branch: values.branch as string, base: values.base, force: values.force });
    } catch (error) {
      if (error instanceof ShipRefused) throw new CliError(`ship: ${error.message}`, 1);
      throw error;
    }
    const pr = pullRequestText({ journal, sessionId, known: knownBreakageOf(await loadBreakages(dataDir)), home: homedir(), version });
    if (values['pr-out']) await writeChunksAtomic(resolve(values['pr-out']), [pr]);
    if (values.json) process.stdout.write(`${JSON.stringify({ ...report, pr }, null, 2)}\n`);
    else {
      process.stderr.write(formatShipReport(report));
      process.stdout.write(pr);
    }
    return 0;
  });
}
