// Toolchain bisection (core/toolchain/bisect.ts): what a check found under
// each toolchain, the first toolchain where its outcome changes, and the
// journaled record the wizard and the guide show.
import type { Diagnostic, Timestamp } from '../model';

export const BISECT_CHECKS = ['build', 'test', 'clippy'] as const;
export type BisectCheck = (typeof BISECT_CHECKS)[number];

export type CheckOutcome = 'passed' | 'failed' | 'could-not-run';

export interface ToolchainResult {
  toolchain: string;
  /** `1.85.0` from `rustc +T -V`. */
  version: string | null;
  /** 'untested' where the binary search did not need it. */
  outcome: CheckOutcome | 'untested';
  /** True or false when the check ran; null when it could not run or was not tested. */
  passed: boolean | null;
  command: string;
  exitCode: number | null;
  durationMs: number | null;
  /** Why it could not run, or the first error of a failed check, one line. */
  reason: string | null;
  /** The first few errors a failed check printed (with file and line): what changed. */
  errors: Pick<Diagnostic, 'code' | 'message' | 'file' | 'line'>[];
  releaseNotes: string | null;
}

export interface BisectReport {
  project: string;
  check: BisectCheck;
  /** The toolchain the others were compared with: the oldest where the check ran. */
  baseline: string | null;
  /** The first toolchain whose outcome differs from the baseline's; null when none does. */
  first: string | null;
  firstReleaseNotes: string | null;
  monotonic: boolean | null;
  results: ToolchainResult[];
  notes: string[];
  /** How the scratch copy was made. */
  copiedFrom: string;
}

/** A bisection run from the wizard, as the journal keeps it. */
export interface BisectionRecord {
  id: number;
  sessionId: number;
  createdAt: Timestamp;
  report: BisectReport;
}

/** A bisection under way: which toolchain's check started or ended. */
export interface BisectProgress {
  sessionId: number;
  toolchain: string;
  phase: 'start' | 'end';
  outcome?: CheckOutcome;
}
