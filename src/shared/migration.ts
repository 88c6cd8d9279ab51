// An edition migration as the wizard sees it (src/core/migrate works it out):
// the fixes grouped by lint, what cargo could not apply, and, once applied,
// the snapshot taken before and the files changed.
import type { SnapshotRecord } from './model';

export interface MigrationHunk {
  file: string;
  line: number;
  before: string;
  after: string;
  message: string;
  /** `2021→2024` */
  step: string;
  applied: boolean;
  skipped: boolean;
}

export interface MigrationGroup {
  lint: string;
  hunks: MigrationHunk[];
  accepted: boolean;
  reviewRequired: boolean;
  reviewReason?: string;
}

export interface MigrationNotApplied {
  lint?: string;
  file: string;
  line: number;
  reason: string;
  step: string;
}

export interface MigrationPlan {
  sessionId: number;
  edition: { from: string; to: string };
  toolchain: { name: string; version: string; why: string } | null;
  groups: MigrationGroup[];
  notApplied: MigrationNotApplied[];
  cargo: { step: string; agrees: boolean; differs: string[] }[];
  check: { passed: boolean; error: string | null } | null;
  notes: string[];
  /** The files applying every default choice changes, Cargo.toml included. */
  files: string[];
}

export interface MigrationApplied {
  plan: MigrationPlan;
  /** Null when there was nothing to change. */
  snapshot: SnapshotRecord | null;
  runId: number | null;
  files: string[];
}

export interface MigrationStatus {
  /** The project's edition now, from Cargo.toml. */
  edition: string;
  /** The editions it can move to, oldest first; empty at the newest. */
  newer: string[];
  /** What runs in this session now. */
  running: 'plan' | 'apply' | null;
}
