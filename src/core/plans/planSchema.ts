// The plan file format (YAML), as a zod schema. Parsed plans are `Plan`s of
// src/shared/model.ts; `${name}` in a step refers to a declared parameter.
import { z } from 'zod';
import { METRIC_NAMES } from '../../shared/measurements';
import type { GateRule, MetricName } from '../../shared/model';
import { DEFAULT_PARAM_TYPE, PARAM_TYPE_RULES, PARAM_TYPES, PARAMETER_REF, paramError } from '../../shared/planParams';
import type { PinKind } from '../../shared/scan';
import { commandRefs, unclosedInCommand } from './commandTemplate';
import { NEED_HELP, NEED_PATTERN } from './fit/needs';

const PIN_KINDS = [
  'cargo-edition', 'cargo-rust-version', 'cargo-dependency', 'cargo-lints', 'toolchain-channel',
  'toolchain-component', 'toolchain-target', 'makefile-rust-version', 'makefile-version',
  'docker-from-rust', 'docker-arg-rust-version', 'ci-toolchain', 'ci-rust-toolchain-action',
  'ci-matrix-rust', 'clippy-msrv', 'cargo-config-target', 'wasm32-wasi-target',
] as const satisfies readonly PinKind[];

const GATE_RULES = ['max-increase', 'min-improvement', 'tests-pass', 'no-increase', 'integrity'] as const satisfies readonly GateRule[];

const id = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lower-case letters, digits, ".", "_" or "-"');

/**
 * A string that may hold no character of `forbidden`. The file's own text is
 * checked for control characters (planFile.ts); a YAML escape ("\0", "\e",
 * "\r") writes one into a value all the same, and a command that holds one
 * is not the command the file shows.
 */
const without = (forbidden: RegExp, what: string) =>
  z.string().superRefine((value, ctx) => {
    const bad = forbidden.exec(value);
    if (!bad) return;
    const code = `U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    ctx.addIssue({ code: 'custom', message: `character ${bad.index + 1} is ${code} (written as an escape): ${what}` });
  });
/** Text the plan shows (titles, descriptions, checklists): tabs and newlines, no other control character. */
const shown = without(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/, 'text in a plan holds no control characters but tab and newline');
/** A command: one line, typed into the shell as it is. */
const commandLine = without(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/, 'a command is one line without control characters');
/** What an edit finds and writes in a file: anything a text file holds (CRLF's carriage return, tabs), but NUL. */
const fileText = without(/\u0000/, 'an edit writes text, which holds no NUL');
const text = shown.min(1);

const editSchema = z
  .object({
    pins: z
      .object({ kinds: z.array(z.enum(PIN_KINDS)).min(1), name: text.optional(), to: text })
      .strict()
      .optional(),
    replace: z
      .object({ find: fileText.min(1), with: fileText, files: z.array(text).min(1).optional() })
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

const migrateSchema = z
  .object({
    edition: text.optional().describe('The edition to reach (`${edition}`); absent: the project keeps its own and only clippy\'s fixes run.'),
    clippy: z.array(text).default([]).describe('Clippy lints or groups (len_zero, clippy::style) whose fixes follow the edition steps.'),
    accept: z.array(text).default([]).describe('Lints whose fixes can change meaning (if_let_rescope, ...), accepted all the same.'),
    reject: z.array(text).default([]).describe('Lints whose fixes are left out.'),
  })
  .strict()
  .refine((m) => m.edition !== undefined || m.clippy.length > 0, { message: 'a migrate step needs `edition` or `clippy` lints' });

const COMMAND_HELP =
  "One line, typed into the session terminal's shell (bash or zsh). " +
  '`${name}` goes in as exactly one shell word whatever its value holds; ' +
  'a parameter may not follow a backslash, sit in a # comment, or (unless `${name:raw}`) sit inside $((...)) or ${...}.';

const stepSchema = z
  .object({
    id,
    title: text,
    kind: z.enum(['command', 'edit', 'check', 'manual', 'snapshot', 'toolchain', 'migrate']),
    command: commandLine.min(1).optional().describe(COMMAND_HELP),
    expectExit: z.number().int().min(0).max(255).default(0),
    expectOutput: z.array(text).default([]),
    edit: editSchema.optional(),
    toolchain: toolchainSchema.optional(),
    migrate: migrateSchema.optional().describe('What a migrate step does: an edition migration steered lint by lint on the Edition migration page (stepwise migrate).'),
    checklist: z.array(text).default([]),
    snippets: z.array(z.object({ lang: shown, text: shown }).strict()).default([]),
    description: shown.default(''),
    risk: z.enum(['low', 'medium', 'high']).default('low'),
    estimate: shown.default(''),
    rollback: shown.default(''),
    rerun: z
      .enum(['safe', 'confirm'])
      .optional()
      .describe(
        'Whether the step may simply run again once it has passed or failed. safe: it only reads, or its command is idempotent; ' +
          'confirm: running it again repeats what it changed, so the app and `stepwise run` ask first. ' +
          'Absent: check and toolchain steps are safe, command steps confirm.',
      ),
    needs: z
      .array(z.string().regex(NEED_PATTERN, NEED_HELP))
      .optional()
      .describe(`What the project must have for the step to apply; every need must hold. Each is ${NEED_HELP}. A step whose needs the project does not meet is listed as not applicable, with why, and never runs.`),
  })
  .strict()
  .superRefine((step, ctx) => {
    const need = (field: 'command' | 'edit' | 'toolchain' | 'migrate'): void => {
      if (!step[field]) ctx.addIssue({ code: 'custom', message: `a ${step.kind} step needs \`${field}\``, path: [field] });
    };
    if (step.kind === 'command' || step.kind === 'check') need('command');
    if (step.kind === 'edit') need('edit');
    if (step.kind === 'toolchain') need('toolchain');
    if (step.kind === 'migrate') need('migrate');
    const open = step.command ? unclosedInCommand(step.command) : null;
    if (open) {
      ctx.addIssue({
        code: 'custom',
        path: ['command'],
        message: `the command ends inside ${open} that is never closed, so the shell would wait for the rest of it instead of running it (in YAML, " #" starts a comment: put the whole command in quotes)`,
      });
    }
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
    metric: z.enum(METRIC_NAMES as [MetricName, ...MetricName[]]),
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

const RAW_TYPES = PARAM_TYPES.filter((t) => PARAM_TYPE_RULES[t].raw).join(', ');

const PARAM_TYPE_HELP = [
  'Which values the parameter takes; checked where a value is given (the CLI\'s --param, the app\'s fields, session.start and',
  'session.setParams) and for `default` when the plan is read. rust-version: 1.86 or 1.86.0. toolchain: a rustup toolchain name',
  '(stable, nightly-2025-01-01, 1.86.0-x86_64-unknown-linux-gnu, a linked name). crate-version: 35, 35.0, 35.0.1, 1.0.0-rc.1.',
  'edition: 2015, 2018, 2021 or 2024. cargo-features: --all-features, --features=a,b or --features= (none).',
  'path: a non-empty line. text: any one line without control characters.',
  `Without a type a parameter is ${DEFAULT_PARAM_TYPE}, which takes any line and is always quoted in commands.`,
].join(' ');

const PARAMETERS_HELP = [
  'Values the plan is run with. `${name}` in any text of the plan is replaced by the value: as plain text in titles,',
  'descriptions, checklists and edits; in a `command`, as exactly one shell word, quoted for where it stands (also inside',
  "'...', \"...\", $(...) and backticks). `${name:raw}` goes into a command unquoted, for places such as $((...)) and",
  `\${...} where a quoted word would mean something else; only ${RAW_TYPES} parameters may be raw. $\${name} is a literal \${name}.`,
].join(' ');

export const planSchema = z
  .object({
    id,
    title: text,
    source: shown.default(''),
    description: shown.default(''),
    parameters: z
      .array(
        z
          .object({
            name: z.string().regex(/^[a-z_][a-z0-9_]*$/),
            type: z.enum(PARAM_TYPES).default(DEFAULT_PARAM_TYPE).describe(PARAM_TYPE_HELP),
            default: z.string(),
            description: shown.default(''),
          })
          .strict(),
      )
      .default([])
      .describe(PARAMETERS_HELP),
    phases: z
      .array(z.object({ id, title: text, description: shown.default(''), steps: z.array(stepSchema).min(1) }).strict())
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
    plan.parameters.forEach((parameter, i) => {
      const error = paramError(parameter.name, parameter.type, parameter.default);
      if (error) ctx.addIssue({ code: 'custom', message: `the default of ${error}`, path: ['parameters', i, 'default'] });
    });
    const seen = new Set<string>();
    const declared = new Map(plan.parameters.map((p) => [p.name, p]));
    const checkRefs = (value: unknown, path: (string | number)[]): void => {
      for (const { name, raw } of parameterRefs(value)) {
        const parameter = declared.get(name);
        if (!parameter) ctx.addIssue({ code: 'custom', message: `unknown parameter \${${name}}: declare it under parameters`, path });
        else if (raw && !PARAM_TYPE_RULES[parameter.type].raw) {
          ctx.addIssue({ code: 'custom', message: `\${${name}:raw}: a ${parameter.type} parameter is always quoted; only ${RAW_TYPES} may be raw`, path });
        }
      }
      for (const [, name, modifier] of textsWithRefs(value).flatMap((text) => [...text.matchAll(/(?<!\$)\$\{([a-z_][a-z0-9_]*):([^}]*)\}/g)])) {
        if (declared.has(name!) && modifier !== 'raw') {
          ctx.addIssue({ code: 'custom', message: `\${${name}:${modifier}}: the only mark a parameter takes is :raw`, path });
        }
      }
    };
    checkRefs({ title: plan.title, source: plan.source, description: plan.description, gates: plan.gates }, []);
    plan.phases.forEach((phase, p) => {
      checkRefs({ id: phase.id, title: phase.title, description: phase.description }, ['phases', p]);
      phase.steps.forEach((step, s) => {
        const at = ['phases', p, 'steps', s];
        if (seen.has(step.id)) ctx.addIssue({ code: 'custom', message: `step id "${step.id}" is used twice`, path: [...at, 'id'] });
        seen.add(step.id);
        checkRefs(step, at);
        for (const ref of step.command ? commandRefs(step.command) : []) {
          if (ref.problem && declared.has(ref.name)) ctx.addIssue({ code: 'custom', message: `\${${ref.name}} ${ref.problem}`, path: [...at, 'command'] });
        }
      });
    });
  });

/** `${name}` and `${name:raw}` references anywhere in a value. */
export function parameterRefs(value: unknown): { name: string; raw: boolean }[] {
  return textsWithRefs(value).flatMap((text) => [...text.matchAll(PARAMETER_REF)].map((m) => ({ name: m[1]!, raw: m[2] !== undefined })));
}

/** The strings in a value that hold a `${`: most texts of a plan hold none, and are not read twice. */
function textsWithRefs(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string') {
    if (value.includes('${')) found.push(value);
  } else if (Array.isArray(value)) {
    for (const item of value) textsWithRefs(item, found);
  } else if (value && typeof value === 'object') {
    for (const item of Object.values(value)) textsWithRefs(item, found);
  }
  return found;
}

/**
 * Escapes every `${` so that no text is taken for a parameter reference.
 * String by string: an imported plan repeats long texts in many steps, and a
 * JSON round trip of the whole of it cost seconds on a large one.
 */
export function escapeParameterRefs<T>(value: T): T {
  const escape = (item: unknown): unknown => {
    if (typeof item === 'string') return item.includes('${') ? item.replace(/\$\{/g, () => '$${') : item;
    if (Array.isArray(item)) return item.map(escape);
    if (item && typeof item === 'object') return Object.fromEntries(Object.entries(item).map(([key, inner]) => [key, escape(inner)]));
    return item;
  };
  return escape(value) as T;
}

/** The JSON Schema of the plan format, for editors. */
export function planJsonSchema(): unknown {
  return z.toJSONSchema(planSchema, { io: 'input', unrepresentable: 'any' });
}
