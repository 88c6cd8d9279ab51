// `stepwise migrate`: an edition migration worked out in a scratch copy, one
// edition step at a time, then clippy's fixes for the lints chosen, grouped
// by lint, with the user's choice of lints applied; the user's tree is only
// changed by applying the result's changes.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { migrationLintName } from '../../shared/migrate/migration';
import type { FileChange } from '../edits/planEdit';
import { scratchCopy, type ScratchCopy } from '../toolchain/scratchCopy';
import type { NotApplied } from './cargoFix';
import { ClippyHelp, clippyLints } from './clippyLints';
import { EDITIONS, editionSteps, isEdition, manifestEdition, type Edition } from './editions';
import { MigrateError } from './migrateError';
import { lastLines, migrateStep, StepCheckFailed, type StepHunk, type StepResult } from './migrateStep';
import { clippyPass, editionPass, type FixPass } from './passes';
import { reviewReason } from './reviewLints';
import { runCargo } from './runCargo';
import { runStages, type StageCheck, type StageReport, type StepFixes } from './stages';
import { readSuggestions } from './suggestions';
import { chooseToolchain, groupMembers, type ChosenToolchain } from './toolchain';

export interface MigrateOptions {
  project: string;
  /** The edition to reach; the project's own when only clippy lints are asked for. */
  edition?: string;
  /** Clippy lints or groups whose fixes follow the edition steps (`cargo clippy --fix` for them alone). */
  clippy?: string[];
  accept?: string[];
  reject?: string[];
  /** Single fixes to leave out, `src/lib.rs:93`: the file and line a fix's hunk starts at in the report. */
  skip?: string[];
  toolchain?: string;
  /** Stages with gates: each accepted lint's fixes kept only when these checks pass with them (stages.ts). */
  stages?: StageCheck[];
  signal?: AbortSignal;
  onProgress?: (line: string) => void;
}

export interface MigrateGroup {
  lint: string;
  hunks: Omit<StepHunk, 'lint'>[];
  accepted: boolean;
  reviewRequired: boolean;
  /** Why its fixes need a reader (review lints only). */
  reviewReason?: string;
}

export interface MigrationResult {
  project: string;
  edition: { from: Edition; to: Edition };
  toolchain: ChosenToolchain | null;
  /** The clippy lints and groups forced in the clippy pass, `clippy::len_zero`; empty without one. */
  clippy: string[];
  groups: MigrateGroup[];
  notApplied: NotApplied[];
  /** Per step: applying every suggestion gives what `cargo fix --edition` gives. */
  cargo: StepResult['cargo'][];
  /** `cargo check --all-targets` of the result, in the scratch copy. */
  check: { passed: boolean; error: string | null } | null;
  /** Changes made beside the fixes (a rust-version raised for the new edition). */
  notes: string[];
  /** The files the migration changes, Cargo.toml included, against the project as it is. */
  changes: FileChange[];
  /** With stages: one per accepted lint of each step, kept or dropped, with the culprit of a dropped one. */
  stages?: StageReport[];
}

export async function planMigration(options: MigrateOptions): Promise<MigrationResult> {
  const { project, signal } = options;
  const progress = options.onProgress ?? (() => {});
  const manifestPath = join(project, 'Cargo.toml');
  if (!existsSync(manifestPath)) throw new MigrateError(`${project} has no Cargo.toml: not a cargo project`);
  const asked = options.clippy ?? [];
  if (options.edition === undefined && asked.length === 0) throw new MigrateError('migrate needs an edition to reach or clippy lints to fix (--edition E, --clippy LINT,..)');
  if (options.edition !== undefined && !isEdition(options.edition)) throw new MigrateError(`--edition "${options.edition}" is not a Rust edition (${EDITIONS.join(', ')})`);
  const from = manifestEdition(await readFile(manifestPath, 'utf8'), manifestPath).edition;
  const to = (options.edition as Edition | undefined) ?? from;
  const steps = editionSteps(from, to);
  const empty: MigrationResult = { project, edition: { from, to }, toolchain: null, clippy: [], groups: [], notApplied: [], notes: [], cargo: [], check: null, changes: [] };
  if (steps.length === 0 && asked.length === 0) return empty;
  const help = asked.length > 0 ? new ClippyHelp(project) : undefined;
  const toolchain = await chooseToolchain(project, to, options.toolchain, help);
  progress(`toolchain ${toolchain.name} (rustc ${toolchain.version}): ${toolchain.why}`);
  const groups = await groupMembers(toolchain.name, project);
  const passes: FixPass[] = steps.map((step) => {
    const set = groups.get(step.group);
    if (!set) throw new MigrateError(`${toolchain.name}'s rustc has no lint group ${step.group} (rustc -W help): it cannot migrate to edition ${step.to}`);
    return editionPass(step, set);
  });
  const clippy = help ? await clippyLints(help, toolchain.name, asked) : null;
  if (clippy) passes.push(clippyPass(clippy.forced, clippy.members));
  const known = new Set(passes.flatMap((pass) => [...pass.members]));
  const migration = [...(steps.length ? [`edition ${from}→${to}`] : []), ...(clippy ? [`clippy ${clippy.forced.join(', ')}`] : [])].join(' and ');
  const accept = checkedLints('--accept', options.accept ?? [], known, migration);
  const reject = checkedLints('--reject', options.reject ?? [], known, migration);
  const both = accept.find((lint) => reject.includes(lint));
  if (both) throw new MigrateError(`${both} is in both --accept and --reject`);
  const accepted = (lint: string): boolean => !reject.includes(lint) && (reviewReason(lint) === null || accept.includes(lint));
  const skips = (options.skip ?? []).map(hunkPlace);
  const used = new Set<string>();
  const skipped = (file: string, line: number): boolean => {
    const place = `${file}:${line}`;
    if (!skips.includes(place)) return false;
    used.add(place);
    return true;
  };

  const scratch = await scratchCopy(project, 'stepwise-migrate-', signal);
  try {
    const env = { ...process.env, TMPDIR: scratch.tmp };
    const results: StepResult[] = [];
    const rejected: string[] = [];
    let stopped: string | null = null;
    const stageReports: StageReport[] = [];
    const checks = options.stages;
    const gates = checks && { toolchain: toolchain.name, checks, project: scratch.project, targetDir: join(scratch.root, 'target-stages'), env, signal, progress };
    const stages = gates && (async (fixes: StepFixes) => {
      const staged = await runStages(gates, fixes);
      stageReports.push(...staged.reports);
      return staged.kept;
    });
    for (const pass of passes) {
      progress(`${pass.summary(toolchain.name)}…`);
      try {
        const result = await migrateStep(pass, { project: scratch.project, root: scratch.root, toolchain: toolchain.name, accepted, skipped, env, rejected, signal, ...(stages ? { stages } : {}) });
        for (const h of result.hunks) if (!accepted(h.lint) && !rejected.includes(h.lint)) rejected.push(h.lint);
        results.push(result);
      } catch (error) {
        if (!(error instanceof StepCheckFailed)) throw error;
        stopped = error.message;
        break;
      }
    }
    const check = stopped === null ? await finalCheck(toolchain.name, scratch, env, signal, progress) : { passed: false, error: stopped };
    const files = new Set(['Cargo.toml', ...results.flatMap((r) => r.hunks.filter((h) => h.applied).map((h) => h.file))]);
    const changes: FileChange[] = [];
    for (const file of [...files].sort()) {
      const before = await readFile(join(project, file), 'utf8');
      const after = await readFile(join(scratch.project, file), 'utf8');
      if (before !== after) changes.push({ file, before, after });
    }
    return { ...empty, toolchain, clippy: clippy?.forced ?? [], groups: groupByLint(results, accepted), notApplied: results.flatMap((r) => r.notApplied), notes: [...results.flatMap((r) => r.notes), ...skips.filter((p) => !used.has(p)).map((p) => `--skip ${p} matched no fix of an accepted lint`)], cargo: results.map((r) => r.cargo), check, changes, ...(checks ? { stages: stageReports } : {}) };
  } finally {
    await scratch.remove();
  }
}

/** `cargo check --all-targets` of the migrated copy, at the new edition, without the edition lints forced. */
async function finalCheck(toolchain: string, scratch: ScratchCopy, env: NodeJS.ProcessEnv, signal: AbortSignal | undefined, progress: (line: string) => void): Promise<NonNullable<MigrationResult['check']>> {
  progress(`checking the result: cargo +${toolchain} check --all-targets…`);
  const final = await runCargo([`+${toolchain}`, 'check', '--all-targets', '--message-format=json'], scratch.project, { ...env, CARGO_TARGET_DIR: join(scratch.root, 'target') }, signal);
  if (final.code === 0) return { passed: true, error: null };
  const error = readSuggestions(final.stdout, scratch.project, new Set()).errors[0];
  return { passed: false, error: error ? `${error.file}:${error.line}: ${error.message}` : lastLines(final.stderr) };
}

/** `src/lib.rs:93` as given to --skip, checked: a relative file and a line number. */
function hunkPlace(text: string): string {
  const match = /^([^:]+):([1-9]\d*)$/.exec(text.trim());
  if (!match) throw new MigrateError(`--skip takes FILE:LINE (a fix's place in the report, e.g. src/lib.rs:93), not "${text}"`);
  return `${match[1]!.replace(/^\.\//, '')}:${match[2]!}`;
}

/** Lint names given on the command line, underscored (`len_zero` for `clippy::len_zero`), each one of the migration's lints. */
function checkedLints(option: string, names: string[], known: ReadonlySet<string>, migration: string): string[] {
  const lints = names.filter((name) => name.trim()).map((name) => migrationLintName(name, (lint) => known.has(lint)));
  const unknown = lints.find((lint) => !known.has(lint));
  if (unknown) throw new MigrateError(`${option}: "${unknown}" is not a lint of the migration (${migration}); its lints are ${[...known].sort().join(', ')}`);
  return lints;
}

function groupByLint(results: StepResult[], accepted: (lint: string) => boolean): MigrateGroup[] {
  const groups = new Map<string, MigrateGroup>();
  for (const { lint, ...hunk } of results.flatMap((r) => r.hunks)) {
    const reason = reviewReason(lint);
    const group = groups.get(lint) ?? { lint, hunks: [], accepted: accepted(lint), reviewRequired: reason !== null, ...(reason ? { reviewReason: reason } : {}) };
    group.hunks.push(hunk);
    groups.set(lint, group);
  }
  return [...groups.values()].sort((a, b) => a.lint.localeCompare(b.lint));
}
