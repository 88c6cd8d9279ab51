// Plan files are YAML, validated with zod (planSchema.ts). An error names the file, line,
// column and the path inside the document, and nothing of that plan is used.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { Plan, ToolchainSpec } from '../../shared/model';
import { planSchema } from './planSchema';

export class PlanError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly docPath: string,
    readonly reason: string,
  ) {
    super(`${file}:${line}:${column}: ${docPath ? `at ${docPath}: ` : ''}${reason}`);
    this.name = 'PlanError';
  }
}

export function parsePlan(text: string, file: string): Plan {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const { line, col } = lineCounter.linePos(yamlError.pos[0]);
    throw new PlanError(file, line, col, '', yamlError.message.split('\n')[0] ?? 'invalid YAML');
  }
  const result = planSchema.safeParse(doc.toJS());
  if (result.success) return withDerivedCommands(result.data);
  const issue = result.error.issues[0]!;
  const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
  const { line, col } = lineCounter.linePos(offsetOf(doc, path));
  throw new PlanError(file, line, col, formatPath(path), issue.message);
}

export function loadPlanFile(file: string): Plan {
  return parsePlan(readFileSync(file, 'utf8'), file);
}

export const BUILTIN_PLAN_FILE = 'rust-wasmtime.yaml';

export function loadBuiltinPlan(resourcesDir: string): Plan {
  return loadPlanFile(join(resourcesDir, 'plans', BUILTIN_PLAN_FILE));
}

/** The offset of the deepest node on `path` that exists in the document. */
function offsetOf(doc: Document, path: (string | number)[]): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return 0;
}

function formatPath(path: (string | number)[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? key : `.${key}`)).join('');
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
