// Imports a Markdown upgrade plan (like shared/seed/RUST_WASMTIME_UPGRADE_PLAN.md)
// as a Plan. The mapping:
//   - mojibake (UTF-8 once decoded as Mac Roman: "üöÄ" for "🚀") is repaired first;
//   - the `#` title, without emoji, is the plan title; its slug the plan id;
//   - a heading "Phase N: ..." (any level) opens a phase; the phase's sub-headings
//     are sections whose `**Timeline**:` / `**Risk**:` lines give the estimate and
//     risk (default low) of their steps;
//   - each `- [ ]` / `- [x]` task (also one grouped under a plain bullet) gives
//     steps (see markdown/tasks.ts), titled "<task> (i/n)" when several: bash lines
//     -> command steps, diff -/+ pairs -> edit steps, otherwise one manual step with
//     the nested bullets as its checklist and other code (toml, ...) as snippets;
//   - a diff's edit goes only to the files it is for: its `--- a/path` header, or the
//     kind of file its task or section names ("Update Makefile" -> Makefiles), or the
//     kind its line is written in; never documentation. A diff for no file it can
//     tell stays a snippet (markdown/diffTargets.ts);
//   - the versions the diffs change are the plan's parameters (from_rust, to_rust,
//     from_wasmtime, ...), with the diff's values as defaults (markdown/diffParams.ts),
//     also in toolchain commands that name the same Rust version (`cargo +1.85 test`);
//   - tasks outside the phases (e.g. "Execution Checklist" > "Pre-Upgrade") are not
//     dropped: they go to extra phases after the others, one per heading, named
//     "<heading>: <sub-heading>" ("Checklist" when there is no heading);
//   - a section whose heading says "Rollback" (even "Phase 4: Rollback") is never run:
//     its Markdown becomes the `rollback` of every step that has none of its own (a
//     task's own is a nested "Rollback: ..." bullet);
//   - narrative sections (summary, risks, ROI, ...) become the plan description.
// The result is validated with the plan file schema; a problem is a PlanError
// naming the Markdown line. Anything skipped or guessed is reported in `warnings`.
import { basename, extname } from 'node:path';
import type { Plan } from '../../shared/model';
import { canRepairMojibake, repairMojibake } from './markdown/mojibake';
import { outline, type PhaseDraft } from './markdown/outline';
import { SourceText } from './markdown/source';
import { DiffParameters } from './markdown/diffParams';
import { cleanTitle, IdAllocator, slugify } from './markdown/text';
import { checkPlanText, PlanError } from './planFile';
import { escapeParameterRefs, planSchema } from './planSchema';

export { planToYaml } from './markdown/planYaml';
export { repairMojibake } from './markdown/mojibake';

/** A plan is a few pages; far more than this is not one (and would keep the lexer busy). */
export const MAX_MARKDOWN_CHARS = 4_000_000;

export interface MarkdownImport {
  plan: Plan;
  warnings: string[];
}

/** Throws PlanError (with the Markdown line) when the document holds no usable plan; never anything else. */
export function importMarkdownPlan(markdown: string, options: { source: string }): MarkdownImport {
  const source = options.source;
  try {
    return importPlan(typeof markdown === 'string' ? markdown : String(markdown ?? ''), source);
  } catch (error) {
    if (error instanceof PlanError) throw error;
    throw new PlanError(source, 1, 1, '', `could not import this Markdown plan: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function importPlan(markdown: string, sourceName: string): MarkdownImport {
  const warnings: string[] = [];
  const warn = (line: number, message: string): void => {
    warnings.push(`line ${line}: ${message}`);
  };

  if (markdown.length > MAX_MARKDOWN_CHARS) {
    throw new PlanError(sourceName, 1, 1, '', `too large for a plan: ${(markdown.length / 1e6).toFixed(1)} million characters (the limit is ${MAX_MARKDOWN_CHARS / 1e6} million)`);
  }
  checkPlanText(markdown, sourceName);
  const normalized = markdown.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const repaired = repairMojibake(normalized);
  if (repaired.repairs > 0) {
    warnings.push(
      `repaired ${repaired.repairs} garbled character${repaired.repairs === 1 ? '' : 's'} (UTF-8 that had been read as Mac Roman), e.g. ${repaired.examples.join(', ')}`,
    );
  } else if (!canRepairMojibake()) {
    warnings.push('this runtime has no Mac Roman decoder: garbled characters, if any, were not repaired');
  }
  const source = new SourceText(repaired.text);
  const params = new DiffParameters(warn);
  const doc = outline(source, warn, params);

  let title = doc.title ?? '';
  if (!title) {
    title = cleanTitle(basename(sourceName, extname(sourceName)).replace(/[_-]+/g, ' ')) || 'Imported plan';
    warn(1, `no "# " title: the plan is called "${title}"`);
  }

  // Commands are read with every diff seen: the toolchain they install is the version a diff moves to.
  for (const draft of doc.phases.flatMap((phase) => phase.steps)) {
    const command = draft.command === undefined ? null : params.templateCommand(draft.command);
    if (command) draft.templated = { ...draft.templated, command };
  }

  const phases = doc.phases.filter((phase) => {
    if (phase.steps.length === 0) warn(phase.line, `"${phase.title}" has no "- [ ]" tasks: not imported as a phase`);
    return phase.steps.length > 0;
  });
  if (phases.length === 0) {
    throw new PlanError(sourceName, 1, 1, '', 'no tasks found: a Markdown plan needs "- [ ]" task items (under "Phase N" headings, or anywhere)');
  }

  const stepIds = new IdAllocator();
  const phaseIds = new IdAllocator();
  const lines: { phase: number; steps: number[] }[] = [];
  // The plan's texts are escaped (a `${x}` in a command is the shell's), but for the
  // edits from diffs, whose versions are the parameters (markdown/diffParams.ts).
  const input = {
    ...escapeParameterRefs({ id: slugify(title, 64) || 'imported-plan', title, source: sourceName, description: doc.narrative }),
    parameters: params.parameters,
    phases: phases.map((phase, p) => {
      const prefix = String(phase.number ?? p + 1);
      lines.push({ phase: phase.line, steps: phase.steps.map((s) => s.line) });
      return {
        ...escapeParameterRefs({ id: phaseIds.take(slugify(phase.title) || `phase-${prefix}`), title: phase.title, description: phaseDescription(phase) }),
        steps: phase.steps.map((draft) => ({
          ...escapeParameterRefs(stepOf(draft, stepIds.take(`${prefix}-${draft.idBase}`), doc.rollback)),
          ...draft.templated,
        })),
      };
    }),
  };

  const result = planSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
    const [, p, , s] = path;
    const at = typeof p === 'number' ? lines[p] : undefined;
    const line = at ? (typeof s === 'number' ? (at.steps[s] ?? at.phase) : at.phase) : 1;
    const docPath = path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? key : `.${key}`)).join('');
    throw new PlanError(sourceName, line, 1, docPath, issue.message);
  }
  return { plan: result.data as Plan, warnings };
}

function stepOf(draft: PhaseDraft['steps'][number], id: string, rollback: string): Record<string, unknown> {
  return {
    id,
    title: draft.title,
    kind: draft.kind,
    ...(draft.command !== undefined && { command: draft.command }),
    ...(draft.edit !== undefined && { edit: draft.edit }),
    checklist: draft.checklist,
    snippets: draft.snippets,
    description: draft.description,
    risk: draft.risk,
    estimate: draft.estimate,
    rollback: draft.rollback || rollback,
  };
}

/** The heading's note ("Week 1"), the sections with their timeline and risk, and any loose text. */
function phaseDescription(phase: PhaseDraft): string {
  const sections = phase.sections
    .filter((s) => !s.sub)
    .map((s) => {
      const facts = [s.meta.estimate, s.meta.risk && `risk: ${s.meta.risk.value}`].filter(Boolean).join(', ');
      return `- ${s.title}${facts ? ` (${facts})` : ''}`;
    });
  return [phase.note, sections.join('\n'), ...phase.other].filter(Boolean).join('\n\n');
}
