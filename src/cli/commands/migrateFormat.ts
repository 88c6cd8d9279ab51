// `stepwise migrate`'s readable report: one row per lint group, then what
// could not be applied, cargo's agreement, and the result's build.
import type { MigrationResult } from '../../core/migrate/migrate';
import type { StageReport } from '../../core/migrate/stages';
import { migrationTitle } from '../../shared/migrate/migration';
import { formatTable } from '../table';

export function formatMigration(report: MigrationResult & { applied: boolean; snapshotId: number | null }, dryRun: boolean): string {
  const { from, to } = report.edition;
  if (!report.toolchain) return `${report.project} is already on edition ${from}: nothing to migrate to ${to}.\n`;
  const out = [`${migrationTitle(report.edition, report.clippy)} of ${report.project} with ${report.toolchain.name} (rustc ${report.toolchain.version})`, ''];
  const rows = report.groups.map((g) => [
    g.lint,
    String(g.hunks.length),
    [...new Set(g.hunks.map((h) => h.step))].join(', '),
    g.accepted ? 'accepted' : 'rejected',
    g.reviewRequired ? `review: ${g.reviewReason ?? ''}` : '',
  ]);
  out.push(rows.length ? formatTable(['lint', 'fixes', 'step', 'choice', 'note'], rows) : 'No fixes suggested.', '');
  const dropped = new Set((report.stages ?? []).filter((st) => !st.kept).map((st) => `${st.lint} ${st.step}`));
  // Every fix, the ones left out too: the review queue is what this report is for.
  for (const g of report.groups) {
    for (const h of g.hunks) {
      const state = h.applied ? '' : h.skipped ? ' (skipped)' : !g.accepted ? ' (rejected)' : dropped.has(`${g.lint} ${h.step}`) ? ' (stage dropped)' : ' (overlaps another fix)';
      out.push(`  ${h.file}:${h.line} [${g.lint}]${state}`, ...h.before.split('\n').map((l) => `  - ${l}`), ...h.after.split('\n').map((l) => `  + ${l}`));
    }
  }
  if (report.notApplied.length) {
    out.push('', 'Not applied:');
    for (const n of report.notApplied) out.push(`  ${n.file}:${n.line} ${n.lint ? `[${n.lint}] ` : ''}(${n.step}) ${n.reason}`);
  }
  if (report.stages) out.push('', ...formatStages(report.stages));
  for (const note of report.notes) out.push(`Note: ${note}`);
  for (const c of report.cargo) out.push(c.agrees ? `${c.command} (${c.step}) agrees with applying every fix.` : `${c.command} (${c.step}) differs in ${c.differs.join(', ')}.`);
  if (report.check) out.push(report.check.passed ? 'The result builds (cargo check --all-targets).' : `The result does not build: ${report.check.error ?? ''}`);
  if (report.applied) out.push(`Applied to ${report.changes.length} file(s) after snapshot #${report.snapshotId ?? '?'}.`);
  else if (dryRun) out.push(`Dry run: ${report.changes.length} file(s) would change; the project was not touched.`);
  else if (report.check?.passed) out.push('Nothing to apply.');
  else out.push('Not applied: the project was not touched.');
  return `${out.join('\n')}\n`;
}

/** Stages with gates: each kept or dropped, a dropped one with the check that failed and the fix that breaks it. */
function formatStages(stages: StageReport[]): string[] {
  if (stages.length === 0) return ['Stages: no accepted fixes to stage.'];
  const out = ['Stages (each lint applied on the ones kept before it, then checked):'];
  for (const st of stages) {
    out.push(`  ${st.kept ? 'kept   ' : 'dropped'} ${st.lint} (${st.step}, ${st.hunks} fix${st.hunks === 1 ? '' : 'es'})${st.kept ? '' : `: ${st.failedCheck ?? '?'} fails: ${st.error ?? ''}`}`);
    if (st.culprit) {
      const { file, line, before, after } = st.culprit;
      out.push(`    culprit ${file}:${line} (found in ${st.bisectChecks} check${st.bisectChecks === 1 ? '' : 's'}; --skip ${file}:${line} keeps the rest):`, ...before.split('\n').map((l) => `    - ${l}`), ...after.split('\n').map((l) => `    + ${l}`));
    }
    for (const note of st.notes) out.push(`    ${note}`);
  }
  return out;
}
