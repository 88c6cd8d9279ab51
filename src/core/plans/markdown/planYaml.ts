// A Plan as a readable YAML plan file: defaults left out (parsePlan fills them
// back in), multi-line Markdown as block scalars, and a long text that many
// steps share (the rollback procedure) written once and referred to by alias.
import { Document, isScalar, type Scalar } from 'yaml';
import type { Plan, PlanPhase, PlanStep } from '../../../shared/model';
import { DEFAULT_PARAM_TYPE } from '../../../shared/planParams';

/** yaml's parser refuses more than 100 uses of one alias (a resource-exhaustion guard). */
const MAX_ALIAS_USES = 90;
const SHARED_FIELDS = ['description', 'rollback'] as const;

export function planToYaml(plan: Plan, options: { comment?: string } = {}): string {
  const doc = new Document(compactPlan(plan));
  if (options.comment) doc.commentBefore = options.comment.replace(/^/gm, ' ');
  aliasSharedTexts(doc, plan);
  return doc.toString({ lineWidth: 0, blockQuote: 'literal' });
}

function compactPlan(plan: Plan): Record<string, unknown> {
  return withoutEmpty({
    id: plan.id,
    title: plan.title,
    source: plan.source,
    description: plan.description,
    parameters: plan.parameters.map((p) =>
      withoutEmpty({ name: p.name, type: p.type === DEFAULT_PARAM_TYPE ? undefined : p.type, default: p.default, description: p.description }, ['default']),
    ),
    phases: plan.phases.map(compactPhase),
    gates: plan.gates?.map((gate) => withoutEmpty({ ...gate })),
  });
}

function compactPhase(phase: PlanPhase): Record<string, unknown> {
  return withoutEmpty({ id: phase.id, title: phase.title, description: phase.description, steps: phase.steps.map(compactStep) });
}

function compactStep(step: PlanStep): Record<string, unknown> {
  return withoutEmpty(
    {
      id: step.id,
      title: step.title,
      kind: step.kind,
      // A toolchain step's command is derived from `toolchain` when the file is read.
      command: step.toolchain ? undefined : step.command,
      expectExit: step.expectExit === 0 ? undefined : step.expectExit,
      expectOutput: step.expectOutput,
      edit: step.edit && {
        ...(step.edit.pins && { pins: withoutEmpty({ ...step.edit.pins }) }),
        ...(step.edit.replace && { replace: withoutEmpty({ ...step.edit.replace }, ['with']) }),
      },
      toolchain: step.toolchain && withoutEmpty({ ...step.toolchain }),
      migrate: step.migrate && withoutEmpty({ ...step.migrate }),
      checklist: step.checklist,
      snippets: step.snippets,
      description: step.description,
      risk: step.risk,
      estimate: step.estimate,
      rollback: step.rollback,
      rerun: step.rerun,
      needs: step.needs,
    },
    // Kept even when empty: `needs: []` says the step fits every project, as its plan said.
    ['needs'],
  );
}

/** Drops undefined values, empty strings and empty arrays (all schema defaults), except `keep`. */
function withoutEmpty(object: Record<string, unknown>, keep: string[] = []): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(object).filter(
      ([key, value]) => value !== undefined && (keep.includes(key) || !(value === '' || (Array.isArray(value) && value.length === 0))),
    ),
  );
}

/** Long step texts used more than once: anchored at the first use, aliased after. */
function aliasSharedTexts(doc: Document, plan: Plan): void {
  const uses = new Map<string, { node: Scalar; count: number }>();
  let anchors = 0;
  plan.phases.forEach((phase, p) =>
    phase.steps.forEach((step, s) => {
      for (const field of SHARED_FIELDS) {
        const value = step[field];
        if (!value || (value.length < 80 && !value.includes('\n'))) continue;
        const path = ['phases', p, 'steps', s, field];
        const seen = uses.get(value);
        if (!seen || seen.count >= MAX_ALIAS_USES) {
          const node = doc.getIn(path, true);
          if (isScalar(node)) uses.set(value, { node, count: 0 });
          continue;
        }
        if (!seen.node.anchor) {
          anchors++;
          seen.node.anchor = anchors === 1 ? field : `${field}-${anchors}`;
        }
        doc.setIn(path, doc.createAlias(seen.node));
        seen.count++;
      }
    }),
  );
}
