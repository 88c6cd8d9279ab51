// An edition migration as the wizard sees it (src/core/migrate works it out):
// the fixes grouped by lint, what cargo could not apply, and, once applied,
// the snapshot taken before and the files changed.
import type { SnapshotRecord } from '../model';

export interface MigrationHunk {
  file: string;
  /** The line its hunk starts at: with the file, how --skip names it. */
  line: number;
  /** The whole lines it touches, before and after. */
  before: string;
  after: string;
  message: string;
  /** `2021→2024` */
  step: string;
  /** Accepted and applied (false: rejected, skipped, or it overlaps a fix applied first). */
  applied: boolean;
  /** Left out by --skip, though its lint is accepted. */
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
  /** Where cargo points; the reason is cargo's own words. */
  file: string;
  line: number;
  reason: string;
  step: string;
}

export interface MigrationPlan {
  sessionId: number;
  edition: { from: string; to: string };
  /** The clippy lints and groups whose fixes follow the edition steps; empty when none were asked for. */
  clippy: string[];
  toolchain: { name: string; version: string; why: string } | null;
  groups: MigrationGroup[];
  notApplied: MigrationNotApplied[];
  /** Per pass: whether applying every fix gives what cargo's own fix (`command`: `cargo fix --edition`, `cargo clippy --fix`) gives. */
  cargo: { step: string; command: string; agrees: boolean; differs: string[] }[];
  check: { passed: boolean; error: string | null } | null;
  notes: string[];
  /** The files applying every default choice changes, Cargo.toml included. */
  files: string[];
  /** Applied in stages: each accepted lint's stage, kept or dropped with its culprit. */
  stages?: StageReport[];
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

/** `Edition 2021 → 2024, then clippy fixes for clippy::len_zero` (`Edition 2024` where only the target is known: a replay plan's step): what a migration does, for titles and the journal. */
export function migrationTitle(edition: { from?: string; to: string } | null, clippy: readonly string[]): string {
  const editionPart = !edition || edition.from === edition.to ? [] : [edition.from ? `edition ${edition.from} → ${edition.to}` : `edition ${edition.to}`];
  const parts = [...editionPart, ...(clippy.length ? [`clippy fixes for ${clippy.join(', ')}`] : [])];
  const text = parts.join(', then ') || (edition ? `edition ${edition.to}, nothing to migrate` : 'nothing to migrate');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

/** The label of the snapshot taken before applying a migration (the CLI's and the wizard's). */
export const migrationSnapshotLabel = (m: { edition: { from: string; to: string }; clippy: readonly string[] }): string => `Before the migration: ${migrationTitle(m.edition, m.clippy)}`;

/** A hunk as a unified diff of its lines, for the diff view. */
export function hunkDiff(hunk: MigrationHunk): { file: string; diff: string; additions: number; deletions: number } {
  const before = hunk.before.split('\n');
  const after = hunk.after.split('\n');
  const diff = [`@@ -${hunk.line},${before.length} +${hunk.line},${after.length} @@`, ...before.map((l) => `-${l}`), ...after.map((l) => `+${l}`)].join('\n');
  return { file: `${hunk.file}:${hunk.line}`, diff: `${diff}\n`, additions: after.length, deletions: before.length };
}

/** `src/lib.rs:93`: how a single fix is named to leave it out. */
export const hunkPlace = (hunk: Pick<MigrationHunk, 'file' | 'line'>): string => `${hunk.file}:${hunk.line}`;

/** The user's choices in the review queue: each lint accepted or not, and single fixes left out. */
export interface MigrationChoices {
  accepted: Record<string, boolean>;
  /** Places (`hunkPlace`) of fixes left out of accepted lints. */
  excluded: string[];
}

/** The engine's defaults: every mechanical lint accepted, the ones that need review not. */
export function defaultChoices(plan: MigrationPlan): MigrationChoices {
  return { accepted: Object.fromEntries(plan.groups.map((g) => [g.lint, g.accepted])), excluded: [] };
}

/**
 * A lint as the migration names it, from how a person or a plan wrote it:
 * underscored, and with `clippy::` where the migration knows it only so
 * (`redundant-slicing` -> `clippy::redundant_slicing`). A name it does not
 * know comes back underscored, for the caller to refuse or ignore.
 */
export function migrationLintName(name: string, known: (lint: string) => boolean): string {
  const lint = name.trim().replaceAll('-', '_');
  return known(lint) || !known(`clippy::${lint}`) ? lint : `clippy::${lint}`;
}

/** The engine's defaults, with a migrate step's own accepted and rejected lints (written as a plan may write them). */
export function presetChoices(plan: MigrationPlan, preset: { accept?: string[]; reject?: string[] } | undefined): MigrationChoices {
  const choices = defaultChoices(plan);
  const known = (lint: string): boolean => lint in choices.accepted;
  const set = (names: string[] | undefined, accepted: boolean): void => {
    for (const lint of (names ?? []).map((name) => migrationLintName(name, known))) if (known(lint)) choices.accepted[lint] = accepted;
  };
  set(preset?.accept, true);
  set(preset?.reject, false);
  return choices;
}

/** What `migrate.apply` is asked with, and what it will do: its fixes and the files they change. */
export function chosenMigration(plan: MigrationPlan, choices: MigrationChoices): { accept: string[]; reject: string[]; skip: string[]; fixes: number; files: string[] } {
  const taken = (lint: string): boolean => choices.accepted[lint] ?? false;
  const kept = plan.groups.filter((g) => taken(g.lint)).flatMap((g) => g.hunks.filter((h) => !choices.excluded.includes(hunkPlace(h))));
  const skip = [...new Set(plan.groups.filter((g) => taken(g.lint)).flatMap((g) => g.hunks.map(hunkPlace)).filter((p) => choices.excluded.includes(p)))];
  return {
    accept: plan.groups.filter((g) => g.reviewRequired && taken(g.lint)).map((g) => g.lint),
    reject: plan.groups.filter((g) => !g.reviewRequired && !taken(g.lint)).map((g) => g.lint),
    skip,
    fixes: kept.length,
    files: [...new Set(kept.map((h) => h.file))].sort(),
  };
}

/** The checks a stage must pass to be kept (core/migrate/stages.ts). */
export const STAGE_CHECKS = ['build', 'test', 'clippy'] as const;
export type StageCheck = (typeof STAGE_CHECKS)[number];

/** The fix a stage's bisection found breaks a check. */
export interface Culprit {
  file: string;
  line: number;
  before: string;
  after: string;
}

export interface StageReport {
  lint: string;
  /** The edition step it belongs to, `2018→2021`. */
  step: string;
  hunks: number;
  kept: boolean;
  /** The first check that failed with the stage applied, and its first error (`file:line: message`). */
  failedCheck: StageCheck | null;
  error: string | null;
  /** The hunk the bisection found breaks the check; null when kept or when no single hunk does (see notes). */
  culprit: Culprit | null;
  /** How many subsets of the stage were checked by the bisection. */
  bisectChecks: number;
  notes: string[];
}
