// The plan file format (YAML), as a zod schema. Parsed plans are `Plan`s of
// src/shared/model.ts; `${name}` in a step refers to a declared parameter.
import { z } from 'zod';
import type { GateRule, MetricName } from '../../shared/model';
import type { PinKind } from '../../shared/scan';

const PIN_KINDS = [
  'cargo-edition', 'cargo-rust-version', 'cargo-dependency', 'cargo-lints', 'toolchain-channel',
  'toolchain-component', 'toolchain-target', 'makefile-rust-version', 'makefile-version',
  'docker-from-rust', 'docker-arg-rust-version', 'ci-toolchain', 'ci-rust-toolchain-action',
  'ci-matrix-rust', 'clippy-msrv', 'cargo-config-target', 'wasm32-wasi-target',
] as const satisfies readonly PinKind[];

const METRIC_NAMES = [
  'build_time_ms', 'check_time_ms', 'tests_passed', 'tests_failed', 'tests_ignored', 'artifact_bytes',
  'audit_vulnerabilities', 'audit_warnings', 'image_bytes', 'runtime',
] as const satisfies readonly MetricName[];
const GATE_RULES = ['max-increase', 'min-improvement', 'tests-pass', 'no-increase'] as const satisfies readonly GateRule[];

const id = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lower-case letters, digits, ".", "_" or "-"');
const text = z.string().min(1);

const editSchema = z
  .object({
    pins: z
      .object({ kinds: z.array(z.enum(PIN_KINDS)).min(1), name: text.optional(), to: text })
      .strict()
      .optional(),
    replace: z
      .object({ find: text, with: z.string(), files: z.array(text).min(1).optional() })
      .strict()
      .optional(),
  })
  .strict()
  .refine((edit) => edit.pins || edit.replace, { message: 'an edit needs `pins` or `replace`' });

const toolchainSchema = z
  .object({
    action: z.enum(['install', 'default', 'component-add', 'target-add']),
    toolchain: text.optional(),
    components: z.array(text).min(1).optional(),
    targets: z.array(text).min(1).optional(),
  })
  .strict()
  .superRefine((t, ctx) => {
    const need = (field: 'toolchain' | 'components' | 'targets'): void => {
      if (!t[field]) ctx.addIssue({ code: 'custom', message: `a ${t.action} toolchain step needs \`${field}\``, path: [field] });
    };
    if (t.action === 'install' || t.action === 'default') need('toolchain');
    if (t.action === 'component-add') need('components');
    if (t.action === 'target-add') need('targets');
  });

const stepSchema = z
  .object({
    id,
    title: text,
    kind: z.enum(['command', 'edit', 'check', 'manual', 'snapshot', 'toolchain']),
    command: text.optional(),
    expectExit: z.number().int().min(0).max(255).default(0),
    expectOutput: z.array(text).default([]),
    edit: editSchema.optional(),
    toolchain: toolchainSchema.optional(),
    checklist: z.array(text).default([]),
    snippets: z.array(z.object({ lang: z.string(), text: z.string() }).strict()).default([]),
    description: z.string().default(''),
    risk: z.enum(['low', 'medium', 'high']).default('low'),
    estimate: z.string().default(''),
    rollback: z.string().default(''),
  })
  .strict()
  .superRefine((step, ctx) => {
    const need = (field: 'command' | 'edit' | 'toolchain'): void => {
      if (!step[field]) ctx.addIssue({ code: 'custom', message: `a ${step.kind} step needs \`${field}\``, path: [field] });
    };
    if (step.kind === 'command' || step.kind === 'check') need('command');
    if (step.kind === 'edit') need('edit');
    if (step.kind === 'toolchain') need('toolchain');
    for (const pattern of step.expectOutput) {
      try {
        new RegExp(pattern, 'm');
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `not a regular expression: ${(error as Error).message}`, path: ['expectOutput'] });
      }
    }
  });

/** A success metric (see GateSpec in the model). Percent limits are what `max-increase` and `min-improvement` need. */
const gateSchema = z
  .object({
    id,
    title: text,
    metric: z.enum(METRIC_NAMES),
    rule: z.enum(GATE_RULES),
    percent: z.number().min(0).max(10_000).optional(),
    better: z.enum(['lower', 'higher']).optional(),
  })
  .strict()
  .superRefine((gate, ctx) => {
    const percentRule = gate.rule === 'max-increase' || gate.rule === 'min-improvement';
    if (percentRule && gate.percent === undefined) {
      ctx.addIssue({ code: 'custom', message: `a ${gate.rule} gate needs \`percent\``, path: ['percent'] });
    }
    if (!percentRule && gate.percent !== undefined) {
      ctx.addIssue({ code: 'custom', message: `a ${gate.rule} gate takes no \`percent\``, path: ['percent'] });
    }
    if (gate.better !== undefined && gate.rule !== 'min-improvement') {
      ctx.addIssue({ code: 'custom', message: '`better` belongs to a min-improvement gate', path: ['better'] });
    }
  });

export const planSchema = z
  .object({
    id,
    title: text,
    source: z.string().default(''),
    description: z.string().default(''),
    parameters: z
      .array(z.object({ name: z.string().regex(/^[a-z_][a-z0-9_]*$/), default: z.string(), description: z.string().default('') }).strict())
      .default([]),
    phases: z
      .array(z.object({ id, title: text, description: z.string().default(''), steps: z.array(stepSchema).min(1) }).strict())
      .min(1),
    /** Absent: the seed's success metrics (DEFAULT_GATES in core/metrics/gates.ts). */
    gates: z.array(gateSchema).optional(),
  })
  .strict()
  .superRefine((plan, ctx) => {
    const gateIds = new Set<string>();
    (plan.gates ?? []).forEach((gate, g) => {
      if (gateIds.has(gate.id)) ctx.addIssue({ code: 'custom', message: `gate id "${gate.id}" is used twice`, path: ['gates', g, 'id'] });
      gateIds.add(gate.id);
    });
    const seen = new Set<string>();
    const declared = new Set(plan.parameters.map((p) => p.name));
    plan.phases.forEach((phase, p) =>
      phase.steps.forEach((step, s) => {
        const at = ['phases', p, 'steps', s];
        if (seen.has(step.id)) ctx.addIssue({ code: 'custom', message: `step id "${step.id}" is used twice`, path: [...at, 'id'] });
        seen.add(step.id);
        for (const name of parameterRefs(step)) {
          if (!declared.has(name)) ctx.addIssue({ code: 'custom', message: `unknown parameter \${${name}}: declare it under parameters`, path: at });
        }
      }),
    );
  });

export type PlanFile = z.output<typeof planSchema>;

/** `${name}` refers to a parameter; `$${name}` is a literal `${name}` (shell variables in commands). */
export const PARAMETER_REF = /(?<!\$)\$\{([a-z_][a-z0-9_]*)\}/g;

/** `${name}` references anywhere in a value. */
export function parameterRefs(value: unknown): string[] {
  const json = JSON.stringify(value);
  return [...json.matchAll(PARAMETER_REF)].map((m) => m[1]!);
}

/** Escapes every `${` so that no text is taken for a parameter reference. */
export function escapeParameterRefs<T>(value: T): T {
  return JSON.parse(JSON.stringify(value).replace(/\$\{/g, () => '$${')) as T;
}

/** The JSON Schema of the plan format, for editors. */
export function planJsonSchema(): unknown {
  return z.toJSONSchema(planSchema, { io: 'input', unrepresentable: 'any' });
}
