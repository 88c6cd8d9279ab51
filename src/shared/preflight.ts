// Feasibility findings: can the plan's target work at all, before step one.

export type FindingSeverity = 'blocker' | 'warning' | 'info';

/** A way out of a finding: plan parameters that resolve it. */
export interface FindingChoice {
  label: string;
  params: Record<string, string>;
}

export interface Finding {
  /** Stable id, e.g. `wasmtime-msrv`. */
  id: string;
  severity: FindingSeverity;
  message: string;
  /** Longer explanation, Markdown. */
  detail: string;
  choices: FindingChoice[];
  /** Where the fact comes from (knowledge entry id, release notes URL, cargo metadata). */
  sources: string[];
}

/**
 * Why a package sets a minimum Rust: the `rust-version` it declares, the edition
 * it is written in, or the knowledge base (wasmtime's table) when it declares none.
 */
export type FloorReason = 'rust-version' | 'edition' | 'knowledge';

/** One package of the resolved graph that states a minimum Rust. */
export interface FloorPin {
  name: string;
  version: string;
  /** The oldest Rust it builds with (`1.86`, `1.86.0`). */
  rust: string;
  reason: FloorReason;
  /** Why, in words: `rust-version = "1.86"`, `edition 2024`, ... */
  why: string;
  /** One of the project's own packages. */
  member: boolean;
  /** It sets the floor: its minimum is the floor's version. */
  binding: boolean;
}

/** The oldest toolchain the project's resolved dependency graph builds with, and what sets it. */
export interface ToolchainFloor {
  /** The floor; null when no package states a minimum. */
  rust: string | null;
  /** How many packages the resolved graph has. */
  packages: number;
  /** `cargo metadata` answered offline, or online after offline could not. */
  read: 'offline' | 'online';
  /** Every package that states a minimum, highest first: those at `rust` are the binding ones. */
  pins: FloorPin[];
}

export interface PreflightReport {
  /** The plan parameters checked. */
  params: Record<string, string>;
  findings: Finding[];
  /** From the resolved dependency graph; null when it was not read (a finding says why). */
  floor: ToolchainFloor | null;
}

/** The floor in one sentence, for the CLI and the overview alike: which toolchain, and what sets it. */
export function floorSentence(floor: ToolchainFloor): string {
  const graph = `${floor.packages} ${floor.packages === 1 ? 'package' : 'packages'} in the resolved dependency graph (cargo metadata, ${floor.read})`;
  if (floor.rust === null) return `No package states a minimum Rust: ${graph}.`;
  const names = floor.pins.filter((p) => p.binding).map((p) => `${p.name} ${p.version}${p.member ? ' (this project)' : ''}: ${p.why}`);
  return `Rust ${floor.rust} is the oldest toolchain this project builds with, set by ${names.join('; ')}. ${capitalise(graph)}.`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
