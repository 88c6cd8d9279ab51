// A fitted plan in brief, as `stepwise plan show --json` prints it and the
// plan-fit goldens keep it: the title, each parameter's value and source,
// and each step with whether it applies to the project and why.
import type { Plan } from '../../../shared/model';

export interface PlanOutline {
  title: string;
  parameters: { name: string; value: string; source: string }[];
  phases: { id: string; title: string; steps: { id: string; title: string; kind: string; applies: boolean; reason: string }[] }[];
}

export function planOutline(plan: Plan): PlanOutline {
  return {
    title: plan.title,
    parameters: plan.parameters.map((p) => ({ name: p.name, value: p.value ?? p.default, source: p.source ?? 'plan default' })),
    phases: plan.phases.map((phase) => ({
      id: phase.id,
      title: phase.title,
      steps: phase.steps.map((s) => ({ id: s.id, title: s.title, kind: s.kind, applies: s.applies !== false, reason: s.reason ?? '' })),
    })),
  };
}

/** The outline as text: parameters with their sources, then each phase's steps, those that do not apply marked with why. */
export function formatPlanOutline(outline: PlanOutline): string {
  const out = [outline.title, '', 'Parameters:'];
  for (const p of outline.parameters) out.push(`  ${p.name} = ${p.value}  (${p.source})`);
  for (const phase of outline.phases) {
    out.push('', `${phase.title}  [${phase.id}]`);
    for (const s of phase.steps) {
      out.push(`  ${s.applies ? '   ' : 'n/a'} ${s.kind.padEnd(9)} ${s.title}  [${s.id}]`);
      if (!s.applies) out.push(`                ${s.reason}`);
    }
  }
  const all = outline.phases.flatMap((p) => p.steps);
  const skipped = all.filter((s) => !s.applies).length;
  out.push('', `${all.length - skipped} of ${all.length} steps apply to this project${skipped ? ` (${skipped} not applicable)` : ''}`, '');
  return out.join('\n');
}
