// What a step needs of a project to apply: a plan step lists needs, all of
// which must hold; `a|b` holds when either does. Each need is checked against
// the project's facts and says, either way, what it found or why not.
import type { ProjectFacts } from './projectFacts';
import { escapeRegExp } from '../../../shared/text/escapeRegExp';

/** Needs without an argument. */
export const NEEDS = [
  'git', 'makefile-pin', 'dockerfile', 'ci-workflow', 'wasmtime', 'wasm32-wasi', 'edition-change',
  'clippy-toml', 'toolchain-file', 'rust-version',
] as const;
/** Needs with one: `make-target:wasm-build`, `cargo-feature:wasm`, `rust-module:ml`, `file:scripts/bench.sh`. */
export const NEEDS_WITH_ARGUMENT = ['make-target', 'cargo-feature', 'rust-module', 'file'] as const;

const ONE_NEED = `(?:${NEEDS.join('|')}|(?:${NEEDS_WITH_ARGUMENT.join('|')}):[A-Za-z0-9_./-]+)`;
/** A need as a plan writes it, alternatives included. */
export const NEED_PATTERN = new RegExp(`^${ONE_NEED}(?:\\|${ONE_NEED})*$`);
export const NEED_HELP = `one of ${NEEDS.join(', ')}, or ${NEEDS_WITH_ARGUMENT.map((n) => `${n}:NAME`).join(', ')}; "a|b" when either will do`;

export interface NeedCheck {
  met: boolean;
  /** What was found (met), or why the step does not apply (not met). */
  says: string;
}

/** Whether the project meets every need, and the reason a step list shows. */
export function checkNeeds(needs: readonly string[], facts: ProjectFacts, params: Readonly<Record<string, string>>): { applies: boolean; reason: string } {
  const checks = needs.map((need) => checkAlternatives(need, facts, params));
  const unmet = checks.filter((c) => !c.met);
  if (unmet.length > 0) return { applies: false, reason: unmet.map((c) => c.says).join('; ') };
  return { applies: true, reason: checks.length ? checks.map((c) => c.says).join('; ') : 'applies to every Rust project' };
}

function checkAlternatives(need: string, facts: ProjectFacts, params: Readonly<Record<string, string>>): NeedCheck {
  const checks = need.split('|').map((one) => checkNeed(one, facts, params));
  return checks.find((c) => c.met) ?? { met: false, says: checks.map((c) => c.says).join(', and ') };
}

function checkNeed(need: string, facts: ProjectFacts, params: Readonly<Record<string, string>>): NeedCheck {
  const [name, argument = ''] = need.split(/:(.*)/s) as [string, string?];
  const files = (list: string[], what: string, missing: string): NeedCheck => (list.length ? { met: true, says: `${what}: ${list.join(', ')}` } : { met: false, says: missing });
  const { found } = facts;
  switch (name) {
    case 'git':
      return facts.git ? { met: true, says: 'the project is in a git work tree' } : { met: false, says: 'the project is not in a git repository' };
    case 'makefile-pin':
      return files(found.makefilePins, 'RUST_VERSION pinned in', 'no Makefile pins RUST_VERSION in this project');
    case 'dockerfile':
      return files(found.dockerfiles, 'Dockerfiles', 'no Dockerfile in this project');
    case 'ci-workflow':
      return files(found.ciWorkflows, 'CI workflows', 'no CI workflow (.github/workflows, .gitlab-ci.yml) in this project');
    case 'wasm32-wasi':
      return files(found.wasm32wasi, 'wasm32-wasi named in', 'no file of this project names wasm32-wasi');
    case 'clippy-toml':
      return files(found.clippyToml, 'found', 'no clippy.toml in this project');
    case 'toolchain-file':
      return files(found.toolchainFiles, 'toolchain pinned in', 'no rust-toolchain file in this project');
    case 'rust-version':
      return files(found.rustVersionPins, 'rust-version declared in', 'no Cargo.toml of this project declares rust-version');
    case 'wasmtime':
      return facts.wasmtime ? { met: true, says: `wasmtime ${facts.wasmtime.version} (${facts.wasmtime.source})` } : { met: false, says: "wasmtime is not in this project's dependency graph" };
    case 'edition-change':
      return editionChange(facts, params.edition);
    case 'make-target':
      if (!facts.makeTargets.length) return { met: false, says: 'no Makefile in this project' };
      return facts.makeTargets.includes(argument) ? { met: true, says: `the Makefile has a ${argument} target` } : { met: false, says: `the Makefile has no ${argument} target` };
    case 'cargo-feature':
      return facts.cargoFeatures.includes(argument) ? { met: true, says: `the feature ${argument} is declared` } : { met: false, says: `no crate of this project declares the feature ${argument}` };
    case 'rust-module': {
      const module = new RegExp(`(^|/)src/(.+/)?${escapeRegExp(argument)}(\\.rs|/mod\\.rs)$`);
      const at = facts.files.filter((file) => module.test(file));
      return files(at, `the module ${argument} is in`, `no module ${argument} in this project's sources`);
    }
    case 'file':
      return facts.files.includes(argument) ? { met: true, says: `${argument} is there` } : { met: false, says: `no ${argument} in this project` };
    default:
      return { met: false, says: `unknown need "${need}"` };
  }
}

/** The edition step applies when some crate is on an edition older than the one to end on. */
function editionChange(facts: ProjectFacts, edition: string | undefined): NeedCheck {
  if (!edition) return { met: false, says: 'the plan has no edition parameter' };
  if (!facts.editions.length) return { met: false, says: 'no Cargo.toml of this project writes an edition' };
  const older = facts.editions.filter((e) => Number(e.edition) < Number(edition));
  if (older.length) return { met: true, says: `${older.map((e) => `${e.file} (${e.edition})`).join(', ')} move to ${edition}` };
  const on = [...new Set(facts.editions.map((e) => e.edition))].join(', ');
  return { met: false, says: `the project is already on edition ${on}; nothing moves to ${edition}` };
}
