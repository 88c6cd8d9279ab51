// Plan files are YAML, validated with zod (planSchema.ts). An error names the file, line,
// column and the path inside the document, and nothing of that plan is used.
import { readFileSync } from 'node:fs';
import type { Plan, ToolchainSpec } from '../../shared/model';
import { parseYamlWith, YamlFileError } from '../yaml/schemaYaml';
import { planSchema } from './planSchema';

/** A plan file that cannot be used, and where. */
export class PlanError extends YamlFileError {}

export function parsePlan(text: string, file: string): Plan {
  return withDerivedCommands(parseYamlWith(planSchema, text, file, PlanError));
}

export function loadPlanFile(file: string): Plan {
  return parsePlan(readFileSync(file, 'utf8'), file);
}

/** Toolchain steps run a rustup command that the plan does not spell out. */
function withDerivedCommands(plan: Plan): Plan {
  for (const step of plan.phases.flatMap((p) => p.steps)) {
    if (step.toolchain) step.command = toolchainCommand(step.toolchain);
  }
  return plan;
}

export function toolchainCommand(spec: ToolchainSpec): string {
  const on = spec.toolchain ? ` --toolchain ${spec.toolchain}` : '';
  switch (spec.action) {
    case 'install':
      return `rustup toolchain install ${spec.toolchain}`;
    case 'default':
      return `rustup default ${spec.toolchain}`;
    case 'component-add':
      return `rustup component add ${(spec.components ?? []).join(' ')}${on}`;
    case 'target-add':
      return `rustup target add ${(spec.targets ?? []).join(' ')}${on}`;
  }
}
