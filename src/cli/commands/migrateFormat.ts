// `stepwise migrate`'s readable report: one row per lint group, then what
// could not be applied, cargo's agreement, and the result's build.
import type { MigrationResult } from '../../core/migrate/migrate';
import { formatTable } from '../table';

export function formatMigration(report: MigrationResult & { applied: boolean; snapshotId: number | null }, dryRun: boolean): string {
  const { from, to } = report.edition;
  if (!report.toolchain) return `${report.project} is already on edition ${from}: nothing to migrate to ${to}.\n`;
  const out = [`Edition ${from} → ${to} of ${report.project} with ${report.toolchain.name} (rustc ${report.toolchain.version})`, ''];
  const rows = report.groups.map((g) => [
    g.lint,
    String(g.hunks.length),
    [...new Set(g.hunks.map((h) => h.step))].join(', '),
    g.accepted ? 'accepted' : 'rejected',
    g.reviewRequired ? `review: ${g.reviewReason ?? ''}` : '',
  ]);
  out.push(rows.length ? formatTable(['lint', 'fixes', 'step', 'choice', 'note'], rows) : 'No fixes suggested.', '');
  // Every fix, the ones left out too: the review queue is what this report is for.
  for (const g of report.groups) {
    for (const h of g.hunks) {
      const state = h.applied ? '' : h.skipped ? ' (skipped)' : g.accepted ? ' (overlaps another fix)' : ' (rejected)';
      out.push(`  ${h.file}:${h.line} [${g.lint}]${state}`, ...h.before.split('\n').map((l) => `  - ${l}`), ...h.after.split('\n').map((l) => `  + ${l}`));
    }
  }
  if (report.notApplied.length) {
    out.push('', 'Not applied:');
    for (const n of report.notApplied) out.push(`  ${n.file}:${n.line} ${n.lint ? `[${n.lint}] ` : ''}(${n.step}) ${n.reason}`);
  }
  for (const note of report.notes) out.push(`Note: ${note}`);
  for (const c of report.cargo) out.push(c.agrees ? `cargo fix --edition (${c.step}) agrees with applying every fix.` : `cargo fix --edition (${c.step}) differs in ${c.differs.join(', ')}.`);
  if (report.check) out.push(report.check.passed ? 'The result builds (cargo check --all-targets).' : `The result does not build: ${report.check.error ?? ''}`);
  if (report.applied) out.push(`Applied to ${report.changes.length} file(s) after snapshot #${report.snapshotId ?? '?'}.`);
  else if (dryRun) out.push(`Dry run: ${report.changes.length} file(s) would change; the project was not touched.`);
  else if (report.check?.passed) out.push('Nothing to apply.');
  else out.push('Not applied: the project was not touched.');
  return `${out.join('\n')}\n`;
}
