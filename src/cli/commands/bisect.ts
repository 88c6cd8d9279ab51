// `stepwise bisect`: the first of the given toolchains where a check's
// outcome changes (src/core/toolchain/bisect.ts does the work).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BISECT_CHECKS, BisectRefused, BisectStopped, bisectToolchains, type BisectCheck, type BisectReport } from '../../core/toolchain/bisect';
import { CliError } from '../cliError';
import { commaList, parseCommandArgs } from '../params';
import { projectFolder } from '../projectFolder';
import { abortOnStopSignals } from '../run/stopSignals';
import { formatTable } from '../table';

export const BISECT_USAGE = `Usage: stepwise bisect --project DIR --toolchains A,B,C --check build|test|clippy [--all] [--json]

Finds the first toolchain (of those given, oldest first) where the check's
outcome differs from the oldest one's where it ran: build is \`cargo +T build\`,
test \`cargo +T test\`, clippy \`cargo +T clippy -- -D warnings\`. A binary search
(about log2 of the toolchains are checked) that assumes the outcome changes once;
--all checks every toolchain and says when it changes more than once.
Each check runs in a scratch copy of the project (HEAD plus uncommitted changes,
without target/) with its own target folder, removed afterwards: the project is
not touched. Cargo reads the copy's .cargo/config.toml (offline and vendored
settings included); rustup never downloads a toolchain.
A toolchain the check cannot run under (no cargo-clippy) is "could not run":
neither a pass nor a failure, skipped by the search (as git bisect skip does).
Exit codes: 0 the search ran (a toolchain found or none changed), 1 the check
could not run under two of the toolchains to compare, 2 bad input, 130 stopped
(Ctrl-C, SIGTERM: the running check is ended and the scratch copy removed).`;

export async function bisectCommand(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    {
      args,
      options: {
        project: { type: 'string' },
        toolchains: { type: 'string' },
        check: { type: 'string' },
        all: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    },
    BISECT_USAGE,
  );
  const { values } = parsed;
  if (values.help) {
    console.log(BISECT_USAGE);
    return 0;
  }
  if (!values.toolchains) throw new CliError(`bisect needs --toolchains A,B,...: two or more, oldest first\n\n${BISECT_USAGE}`);
  if (!values.check) throw new CliError(`bisect needs --check ${BISECT_CHECKS.join('|')}\n\n${BISECT_USAGE}`);
  const check = values.check as BisectCheck;
  if (!BISECT_CHECKS.includes(check)) throw new CliError(`--check must be one of ${BISECT_CHECKS.join(', ')} (got "${values.check}")`);
  const project = await projectFolder(values.project);
  if (!existsSync(join(project, 'Cargo.toml'))) throw new CliError(`--project: ${project} has no Cargo.toml (bisect runs cargo there)`);
  const toolchains = commaList(values.toolchains, '--toolchains');

  // Ctrl-C, SIGTERM or SIGHUP end the running check and remove the scratch copy before exiting 130.
  const stop = abortOnStopSignals('ending the running check and removing the scratch copy');
  let report: BisectReport;
  try {
    report = await bisectToolchains({
      project,
      toolchains,
      check,
      exhaustive: values.all,
      signal: stop.signal,
      onProgress: ({ toolchain, phase, outcome }) => {
        process.stderr.write(phase === 'start' ? `checking ${toolchain}…\n` : `  ${toolchain}: ${outcome}\n`);
      },
    });
  } catch (error) {
    if (error instanceof BisectRefused) throw new CliError(error.message);
    if (stop.signal.aborted) throw new CliError(`bisect ${error instanceof BisectStopped ? error.message : 'stopped'}; the project was not changed`, 130);
    throw error;
  } finally {
    stop.off();
  }
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatBisectReport(report));
  return report.baseline === null || report.results.filter((r) => r.passed !== null).length < 2 ? 1 : 0;
}

/** The readable report: one row per toolchain, the answer, and its release notes. */
export function formatBisectReport(report: BisectReport): string {
  const rows = report.results.map((r) => [
    r.toolchain === report.first ? `→ ${r.toolchain}` : `  ${r.toolchain}`,
    r.version ?? '?',
    r.outcome,
    r.durationMs === null ? '' : `${(r.durationMs / 1000).toFixed(1)} s`,
    r.reason ?? '',
  ]);
  const out = [`Bisect ${report.check} in ${report.project}`, '', formatTable(['toolchain', 'rustc', 'outcome', 'time', 'why'], rows), ''];
  const baseline = report.results.find((r) => r.toolchain === report.baseline);
  const first = report.results.find((r) => r.toolchain === report.first);
  if (first && baseline) {
    out.push(`First change: ${first.toolchain} (${first.outcome}; ${baseline.toolchain} ${baseline.outcome})`);
    if (first.releaseNotes) out.push(`Release notes: ${first.releaseNotes}`);
  } else if (baseline) {
    out.push(`No change: every toolchain checked agrees with ${baseline.toolchain} (${baseline.outcome})`);
  } else {
    out.push('No answer: the check could not run under these toolchains');
  }
  for (const note of report.notes) out.push(`Note: ${note}`);
  return `${out.join('\n')}\n`;
}
