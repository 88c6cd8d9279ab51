// An integrity finding in words, the same on the Metrics page, in
// `stepwise measure` and in the guide.
import type { IntegrityFinding } from './model';

/** One finding in words: `src/lib.rs:42: #[ignore] on test `ratio` (step "Bump toolchain")`. */
export function findingText(f: IntegrityFinding): string {
  return `${f.file}${f.line ? `:${f.line}` : ''}: ${f.what} (${findingBy(f)})`;
}

/** Who made the change: the step, or nobody Stepwise knows of. */
export function findingBy(f: IntegrityFinding): string {
  return f.stepId ? `step "${f.stepTitle ?? f.stepId}"` : "changed outside Stepwise's steps";
}
