// What `stepwise ship` (core/ship) made: the branch and its commits, for the
// CLI, the engine's contract and the Export dialog.

export type ShippedKind = 'step' | 'formatting' | 'outside' | 'blame-ignore';

export interface ShippedCommit {
  sha: string;
  kind: ShippedKind;
  subject: string;
  /** The step it is of, when it is a step's. */
  stepId: string | null;
  files: string[];
}

export interface ShipReport {
  sessionId: number;
  repository: string;
  branch: string;
  base: { commit: string; from: string };
  /** The branch's last commit. */
  tip: string;
  /** The project's tree at the end of the session (the work tree now, ignored files left out). */
  endTree: string;
  commits: ShippedCommit[];
  /** The branch replaced by --force, if one was. */
  replaced: string | null;
  notes: string[];
}

/** The branch made from the wizard, with the pull-request text written for it. */
export interface ShipResult {
  report: ShipReport;
  /** Markdown: the guide's summary, steps, breaking changes, metrics and open issues. */
  pr: string;
}

/** What was made, for the terminal: the branch, then one line per commit. */
export function formatShipReport(report: ShipReport): string {
  const lines = [
    `${report.replaced ? 'Replaced' : 'Made'} the branch ${report.branch} in ${report.repository}: ${report.commits.length} commit${report.commits.length === 1 ? '' : 's'} on ${report.base.commit.slice(0, 12)} (${report.base.from})`,
    ...report.commits.map((c) => `  ${c.sha.slice(0, 12)}  ${c.kind.padEnd(12)}  ${c.subject}`),
    ...report.notes.map((n) => `Note: ${n}`),
    '',
  ];
  return lines.join('\n');
}
