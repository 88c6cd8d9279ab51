// Plan files are YAML, validated with zod. An error names the file, line,
// column and the path inside the document, and nothing of that plan is used.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import type { Plan } from '../../shared/model';

const id = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lower-case letters, digits, ".", "_" or "-"');

const stepSchema = z
  .object({
    id,
    title: z.string().min(1),
    kind: z.enum(['command', 'manual']),
    command: z.string().min(1).optional(),
    expectExit: z.number().int().min(0).max(255).default(0),
    description: z.string().default(''),
    risk: z.enum(['low', 'medium', 'high']).default('low'),
  })
  .strict()
  .refine((step) => step.kind !== 'command' || step.command, {
    message: 'a command step needs a `command`',
    path: ['command'],
  });

export const planSchema = z
  .object({
    id,
    title: z.string().min(1),
    source: z.string().default(''),
    description: z.string().default(''),
    phases: z
      .array(z.object({ id, title: z.string().min(1), steps: z.array(stepSchema).min(1) }).strict())
      .min(1),
  })
  .strict()
  .superRefine((plan, ctx) => {
    const seen = new Set<string>();
    plan.phases.forEach((phase, p) =>
      phase.steps.forEach((step, s) => {
        if (seen.has(step.id)) {
          ctx.addIssue({ code: 'custom', message: `step id "${step.id}" is used twice`, path: ['phases', p, 'steps', s, 'id'] });
        }
        seen.add(step.id);
      }),
    );
  });

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
  if (result.success) return result.data;
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
