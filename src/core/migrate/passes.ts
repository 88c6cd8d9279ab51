// A migration is a list of fix passes worked one after the other in the
// scratch copy: one per edition step (`cargo fix --edition`'s lints forced
// with RUSTFLAGS), then, when lints are chosen, one clippy pass (`cargo
// clippy --fix`'s lints forced on clippy's command line). Each pass says how
// cargo reads its suggestions and how cargo fixes them itself beside it.
import type { Edition, EditionStep } from './editions';

export interface FixPass {
  /** `2018→2021`, or `clippy`: how the report names the pass. */
  name: string;
  /** The cargo command whose JSON carries the pass's suggestions, after `+TOOLCHAIN`. */
  check: { args: string[]; env: Record<string, string> };
  /** The same fixes made by cargo itself, after `+TOOLCHAIN`: `fix --edition …`, `clippy --fix …`. */
  fix: { args: string[]; env: Record<string, string>; label: string };
  /** The lints of the pass, underscored (`clippy::len_zero` for clippy's). */
  members: ReadonlySet<string>;
  /**
   * What cargo's own fix run applies, to compare with applying every
   * suggestion: the pass's lints (`cargo fix --edition`), or every lint that
   * warns (`cargo clippy --fix` fixes them all, the project's own too).
   */
  cargoApplies: 'members' | 'every';
  /** The edition written to Cargo.toml once the fixes are in (edition passes only). */
  edition?: Edition;
  /** A folder name for the pass's files in the scratch root. */
  slug: string;
  /** What the progress line says it runs with `toolchain`. */
  summary: (toolchain: string) => string;
  /** Whose suggestions they are. */
  by: 'rustc' | 'clippy';
}

const JSON_ARGS = ['--all-targets', '--message-format=json'];

export function editionPass(step: EditionStep, members: ReadonlySet<string>): FixPass {
  return {
    name: `${step.from}→${step.to}`,
    check: { args: ['check', ...JSON_ARGS], env: { RUSTFLAGS: `--force-warn ${step.group}` } },
    fix: { args: ['fix', '--edition', '--allow-no-vcs', ...JSON_ARGS], env: {}, label: 'cargo fix --edition' },
    members,
    cargoApplies: 'members',
    edition: step.to,
    slug: step.to,
    summary: (toolchain) => `edition ${step.from} → ${step.to}: cargo +${toolchain} check with --force-warn ${step.group}`,
    by: 'rustc',
  };
}

/**
 * Clippy's fixes for `lints` (`clippy::len_zero`, or a group such as
 * `clippy::style`, whose members are `members`). `--cap-lints warn` keeps a
 * lint the project denies from reading as a build error.
 */
export function clippyPass(lints: string[], members: ReadonlySet<string>): FixPass {
  const driver = ['--', '--cap-lints', 'warn', ...lints.flatMap((lint) => ['--force-warn', lint])];
  return {
    name: 'clippy',
    check: { args: ['clippy', ...JSON_ARGS, ...driver], env: {} },
    fix: { args: ['clippy', '--fix', '--allow-no-vcs', ...JSON_ARGS, ...driver], env: {}, label: 'cargo clippy --fix' },
    members,
    cargoApplies: 'every',
    slug: 'clippy',
    summary: (toolchain) => `clippy: cargo +${toolchain} clippy with --force-warn ${lints.join(', ')}`,
    by: 'clippy',
  };
}
