// The integrity gate's verdict, read from what the after recorded when it
// ended (judgeIntegrity.ts): pure, so the Metrics page, `stepwise measure`
// and the guide agree.
import type { GateResult, IntegrityFinding, IntegrityFindingKind, MeasurementRecord } from '../../../shared/model';

export const INTEGRITY_RULE_TEXT = 'no test removed or ignored, no lint relaxed, no -D warnings dropped';

const KIND_WORDS: Record<IntegrityFindingKind, [string, string]> = {
  'test-removed': ['test removed', 'tests removed'],
  'ignore-added': ['test ignored', 'tests ignored'],
  'allow-added': ['lint allowed', 'lints allowed'],
  'lint-lowered': ['lint level lowered', 'lint levels lowered'],
  'deny-warnings-dropped': ['-D warnings dropped', '-D warnings dropped'],
};

type Judged = Pick<GateResult, 'verdict' | 'baseline' | 'after' | 'change' | 'detail' | 'findings'>;

export function judgeIntegrityGate(baseline: MeasurementRecord, after: MeasurementRecord): Judged {
  const none = { baseline: null, after: null, change: null };
  const check = after.integrity;
  if (!check) return { ...none, verdict: 'not-measured', detail: `the after (#${after.id}) was taken before test integrity was checked: take it again` };
  if (check.baselineId !== baseline.id) {
    return { ...none, verdict: 'not-measured', detail: `the after (#${after.id}) was checked against baseline #${check.baselineId}, not the latest (#${baseline.id}): take the after again` };
  }
  if (check.unavailable) return { ...none, verdict: 'not-measured', detail: check.unavailable };
  if (!check.findings.length) return { ...none, verdict: 'pass', detail: 'no test or lint relaxed' };
  return { ...none, verdict: 'fail', detail: integritySummary(check.findings), findings: check.findings };
}

/** `2 tests removed, 1 test ignored`. */
function integritySummary(findings: IntegrityFinding[]): string {
  const counts = new Map<IntegrityFindingKind, number>();
  for (const f of findings) counts.set(f.kind, (counts.get(f.kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => `${n} ${KIND_WORDS[kind][n === 1 ? 0 : 1]}`).join(', ');
}
