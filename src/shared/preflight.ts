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

export interface PreflightReport {
  /** The plan parameters checked. */
  params: Record<string, string>;
  findings: Finding[];
}
