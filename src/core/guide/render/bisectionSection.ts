// The guide's toolchain bisections (metrics section): for each, the first
// toolchain where the check changed and that release's notes, then every
// toolchain's outcome and what it said.
import type { BisectionRecord, ToolchainResult } from '../../../shared/toolchain/bisection';
import type { BlockWriter, Line } from './blocks';
import { formatDuration, when } from './words';

const OUTCOME_WORDS: Record<ToolchainResult['outcome'], string> = { passed: 'passed', failed: 'failed', 'could-not-run': 'could not run', untested: 'not needed' };

export function* bisectionTables(bisections: BisectionRecord[], w: BlockWriter): Generator<string> {
  if (!bisections.length) return;
  yield w.heading(3, ['Toolchain bisections']);
  for (const { report, createdAt } of bisections) {
    const found: Line = report.first
      ? [
          `the outcome changes first with `,
          { code: report.first },
          ...(report.baseline ? [' (against ', { code: report.baseline }, ')'] : []),
          ...(report.firstReleaseNotes ? [`; release notes: ${report.firstReleaseNotes}`] : []),
        ]
      : [report.baseline ? 'no toolchain changes the outcome of ' : 'the check could run under none of them', ...(report.baseline ? [{ code: report.baseline }] : [])];
    yield w.paragraph([{ code: report.check }, ` across ${report.results.length} toolchains on ${when(createdAt)}: `, ...found, '.']);
    yield w.table(
      ['Toolchain', 'Version', 'Outcome', 'Time', 'What it said'],
      report.results.map((r): Line[] => [[{ code: r.toolchain }], [r.version ?? '–'], [OUTCOME_WORDS[r.outcome]], [r.durationMs === null ? '–' : formatDuration(r.durationMs)], [said(r)]]),
    );
    for (const note of report.notes) yield w.paragraph([note]);
  }
}

function said(result: ToolchainResult): string {
  const error = result.errors[0];
  if (!error) return result.reason ?? '';
  return `${error.code ? `${error.code}: ` : ''}${error.message}${error.file ? ` (${error.file}${error.line !== null ? `:${error.line}` : ''})` : ''}`;
}
