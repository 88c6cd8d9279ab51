// A value for every parameter of a plan, and where it came from. The
// built-in plan's names (from_rust, to_rust, from_wasmtime, to_wasmtime,
// edition) are read from the project's facts; any parameter the user set
// keeps its value; the rest take the plan's default and say so.
import type { Plan } from '../../../shared/model';
import { compareVersions, normaliseRustVersion } from '../../toolchain/version';
import { checkParams, ParamError } from '../params';
import { featuresFlag } from './cargoFeatures';
import { targetRelease, type ProjectFacts, type ToolchainFacts } from './projectFacts';

export interface ResolvedParameter {
  name: string;
  value: string;
  /** `rust-toolchain.toml`, `Cargo.toml rust-version`, `newest installed stable (stable, rustc 1.95.0)`, `plan default`, `set by you`. */
  source: string;
}

export const SET_BY_YOU = 'set by you';

/**
 * Where the project started: read when its session starts, and kept when the
 * plan is fitted again (a parameter set later), since the session's own edits
 * move the pins they were read from (a rust-toolchain file moved to stable
 * would say the project started on stable).
 */
export const STARTING_POINTS: ReadonlySet<string> = new Set(['from_rust', 'from_wasmtime']);

/** Values, with their sources, that a fitting keeps instead of reading the project again. */
export type KeptValues = Readonly<Record<string, { value: string; source: string }>>;

type Resolver = (facts: ProjectFacts, values: Readonly<Record<string, string>>) => { value: string; source: string } | null;

/** In order: a later one may read an earlier one's value (edition reads to_rust). */
const RESOLVERS: Record<string, Resolver> = {
  from_rust: (facts) => {
    const [first, ...rest] = facts.rustToday.filter((s) => s.version !== null);
    if (!first) return null;
    const others = rest.filter((s) => s.version !== first.version).map((s) => `${s.source} says ${s.version}`);
    return { value: first.version!, source: others.length ? `${first.source} (disagreeing: ${others.join(', ')})` : first.source };
  },
  to_rust: (facts) => {
    const stable = newestStable(facts.toolchains);
    return stable && { value: normaliseRustVersion(stable.version)!, source: `newest installed stable (${stable.name}, rustc ${stable.version})` };
  },
  // After to_rust: a nightly target builds the nightly-only features too.
  features: (facts, values) =>
    values.to_rust !== undefined && /nightly/.test(values.to_rust)
      ? { value: '--all-features', source: `every feature (the target ${values.to_rust} builds nightly-only ones)` }
      : featuresFlag(facts.features.declared, facts.features.nightly),
  from_wasmtime: (facts) => facts.wasmtime && { value: major(facts.wasmtime.version), source: facts.wasmtime.source },
  edition: (facts) => {
    const editions = [...new Set(facts.editions.map((e) => e.edition))].sort();
    // No manifest writes one (the edition step, not applicable, says so; an unused parameter's source repeats it).
    if (!editions.length) return { value: '2015', source: "Cargo's default" };
    const newest = editions.at(-1)!;
    const where = [...new Set(facts.editions.filter((e) => e.edition === newest).map((e) => e.file))];
    return { value: newest, source: `${where.join(', ')} edition${editions.length > 1 ? ` (the newest of ${editions.join(', ')})` : ''}` };
  },
};

/**
 * Every parameter of `plan` with its value and source: `given` (the user's)
 * first, then (with `fromProject`) the project's facts, then the plan's default. Throws
 * ParamError for a given value the parameter does not take, an edition older
 * than the project's, or edition 2024 on a target older than Rust 1.85.
 */
export function resolveParameters(plan: Plan, facts: ProjectFacts, given: Readonly<Record<string, string>>, fromProject = true, kept: KeptValues = {}): ResolvedParameter[] {
  checkParams(plan, given);
  const values: Record<string, string> = {};
  const resolved = plan.parameters.map((parameter) => {
    const keptValue = given[parameter.name] === undefined ? kept[parameter.name] : undefined;
    const fromFacts = given[parameter.name] === undefined && !keptValue && fromProject ? RESOLVERS[parameter.name]?.(facts, values) : null;
    const chosen = given[parameter.name] !== undefined
      ? { value: given[parameter.name]!, source: SET_BY_YOU }
      : (keptValue ?? fromFacts ?? { value: parameter.default, source: 'plan default' });
    values[parameter.name] = chosen.value;
    return { name: parameter.name, ...chosen };
  });
  checkParams(plan, values);
  checkEdition(facts, values);
  return resolved;
}

/** The toolchain with the newest release among those that are neither nightly nor beta. */
export function newestStable(toolchains: ToolchainFacts): { name: string; version: string } | null {
  const stable = toolchains.installed.filter((t): t is { name: string; version: string } => t.version !== null && !/nightly|beta/.test(t.name));
  return stable.sort((a, b) => compareVersions(a.version, b.version) || a.name.localeCompare(b.name)).at(-1) ?? null;
}

/**
 * The values with `from_rust` and `to_rust` as the releases they name: the
 * preflight compares versions, and a target may be a toolchain's name
 * (`stable`, `debian-1.85`). A name no installed toolchain has stays as it is.
 */
export function asReleases(params: Readonly<Record<string, string>>, toolchains: ToolchainFacts): Record<string, string> {
  const releases = { ...params };
  for (const name of ['from_rust', 'to_rust']) {
    const release = releases[name] === undefined ? null : targetRelease(releases[name], toolchains);
    if (release) releases[name] = release;
  }
  return releases;
}

function checkEdition(facts: ProjectFacts, values: Readonly<Record<string, string>>): void {
  const edition = values.edition;
  if (edition === undefined) return;
  const own = facts.editions.map((e) => e.edition).sort().at(-1);
  if (own && Number(edition) < Number(own)) {
    throw new ParamError('edition', `"${edition}" is older than the project's edition ${own}: an upgrade never lowers the edition`);
  }
  const target = values.to_rust === undefined ? null : targetRelease(values.to_rust, facts.toolchains);
  if (edition === '2024' && own !== '2024' && target && compareVersions(target, '1.85') < 0) {
    throw new ParamError('edition', `edition 2024 needs Rust 1.85 or newer, and the target (to_rust) is ${values.to_rust}`);
  }
}

/** `25.0.3` -> `25`: the wasmtime parameters are major versions. */
function major(version: string): string {
  return version.split('.')[0]!;
}
