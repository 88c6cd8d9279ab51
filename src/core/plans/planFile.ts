// Plan files are YAML, validated with zod (planSchema.ts). An error names the file, line,
// column and the path inside the document, and nothing of that plan is used.
import { readFileSync } from 'node:fs';
import type { Plan, ToolchainSpec } from '../../shared/model';
import { PARAMETER_REF } from '../../shared/planParams';
import { shellWord } from '../terminals/shellQuote';
import { parseYamlWith, YamlFileError } from '../yaml/schemaYaml';
import { planSchema } from './planSchema';

/** A plan file that cannot be used, and where. */
export class PlanError extends YamlFileError {}

export function parsePlan(text: string, file: string): Plan {
  checkPlanText(text, file);
  return withDerivedCommands(parseYamlWith(planSchema, text, file, PlanError));
}

/** Read as UTF-8: bytes that are not become U+FFFD, which checkPlanText refuses. */
export function loadPlanFile(file: string): Plan {
  return parsePlan(readFileSync(file, 'utf8'), file);
}

/**
 * Plan text (YAML or Markdown, from a file or a client) holds no NUL, no
 * control character but tab, newline and CRLF's carriage return, no byte
 * that was not UTF-8 (decoded as U+FFFD) and no lone surrogate: any of them
 * would make the command that runs differ from the one the file shows.
 */
export function checkPlanText(text: string, file: string): void {
  const bad = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffd]|\r(?!\n)|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.exec(text);
  if (!bad) return;
  const before = text.slice(0, bad.index);
  const line = before.split('\n').length;
  const column = bad.index - before.lastIndexOf('\n');
  throw new PlanError(file, line, column, '', `${describeChar(bad[0])}: a plan may hold no control characters but tab and newline, and must be UTF-8`);
}

function describeChar(char: string): string {
  const code = `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  if (char === '\0') return 'a NUL byte';
  if (char === '\ufffd') return 'bytes that are not UTF-8 (read as U+FFFD)';
  if (char === '\r') return 'a carriage return without a newline';
  if (/[\ud800-\udfff]/.test(char)) return `a lone surrogate (${code}), which is not text`;
  return `a control character (${code})`;
}

/** Toolchain steps run a rustup command that the plan does not spell out. */
function withDerivedCommands(plan: Plan): Plan {
  for (const step of plan.phases.flatMap((p) => p.steps)) {
    if (step.toolchain) step.command = toolchainCommand(step.toolchain);
  }
  return plan;
}

/**
 * The rustup command of a toolchain step, every value one shell word; a
 * `${name}` in a value stays a reference, which resolution then quotes.
 */
function toolchainCommand(spec: ToolchainSpec): string {
  const word = (text: string): string => templateWord(text);
  const on = spec.toolchain ? ` --toolchain ${word(spec.toolchain)}` : '';
  switch (spec.action) {
    case 'install':
      return `rustup toolchain install ${word(spec.toolchain ?? '')}`;
    case 'default':
      return `rustup default ${word(spec.toolchain ?? '')}`;
    case 'component-add':
      return `rustup component add ${(spec.components ?? []).map(word).join(' ')}${on}`;
    case 'target-add':
      return `rustup target add ${(spec.targets ?? []).map(word).join(' ')}${on}`;
  }
}

/** Text as one shell word, with its parameter references left for resolution (which quotes their values). */
function templateWord(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(PARAMETER_REF)) {
    if (match.index > last) out += shellWord(text.slice(last, match.index));
    out += match[0];
    last = match.index + match[0].length;
  }
  if (last < text.length) out += shellWord(text.slice(last));
  return out || "''";
}
