// An integrity finding in words, the same on the Metrics page, in
// `stepwise measure` and in the guide.
import type { IntegrityFinding } from '../model';

/** One finding in words: `src/lib.rs:42: #[ignore] on test `ratio` (step "Bump toolchain")`. */
export function findingText(f: IntegrityFinding): string {
  return `${f.file}${f.line ? `:${f.line}` : ''}: ${f.what} (${findingBy(f)})`;
}

/** Who made the change: the step, or nobody Stepwise knows of. */
export function findingBy(f: IntegrityFinding): string {
  return f.stepId ? `step "${f.stepTitle ?? f.stepId}"` : "changed outside Stepwise's steps";
}

/** A finding's `what` cut at its backticks: the odd parts are code (a test's name, an attribute, a CI line). */
export function whatParts(what: string): { text: string; code: boolean }[] {
  return what.split('`').map((text, i) => ({ text, code: i % 2 === 1 })).filter((part) => part.text !== '');
}
