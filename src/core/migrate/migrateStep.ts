// One fix pass in the scratch copy (an edition step, or clippy's lints): the
// pass's suggestions from cargo's JSON, the accepted ones applied, cargo's own
// fix run beside it for what it could not apply and to compare with applying
// them all, then, for an edition step, the edition bumped in Cargo.toml.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MigrationHunk } from '../../shared/migrate/migration';
import { applySuggestions, hunkText } from './applySuggestions';
import { cargoFixCopy, type NotApplied } from './cargoFix';
import { withEdition } from './editions';
import type { FixPass } from './passes';
import { runCargo } from './runCargo';
import type { StepFixes } from './stages';
import { EVERY_LINT, readSuggestions, type Suggestion } from './suggestions';
import { groupBy } from '../../shared/collections/groupBy';

/** A fix as the report and the wizard show it (shared/migration.ts), with the lint that made it. */
export interface StepHunk extends MigrationHunk {
  lint: string;
}

export interface StepResult {
  step: string;
  hunks: StepHunk[];
  notApplied: NotApplied[];
  /** Changes made beside the fixes (Cargo.toml's rust-version). */
  notes: string[];
  /** Whether applying every suggestion gives the files cargo's own fix (`command`) gives; `differs` names the files that do not. */
  cargo: { step: string; command: string; agrees: boolean; differs: string[] };
}

export interface StepContext {
  project: string;
  root: string;
  toolchain: string;
  accepted: (lint: string) => boolean;
  /** A single fix left out (`--skip FILE:LINE`), though its lint is accepted. */
  skipped: (file: string, line: number) => boolean;
  env: NodeJS.ProcessEnv;
  /** Lints rejected so far: named when a later step cannot build. */
  rejected: string[];
  /** Stages with gates: given the step's accepted fixes, returns those kept (all of them when absent). */
  stages?: (fixes: StepFixes) => Promise<Suggestion[]>;
  signal?: AbortSignal;
}

/** The copy does not build at the start of a step: the migration stops there, with nothing applied. */
export class StepCheckFailed extends Error {
  override name = 'StepCheckFailed';
}

export async function migrateStep(pass: FixPass, ctx: StepContext): Promise<StepResult> {
  const { name } = pass;
  const env = { ...ctx.env, CARGO_TARGET_DIR: join(ctx.root, 'target') };
  const check = await runCargo([`+${ctx.toolchain}`, ...pass.check.args], ctx.project, { ...env, ...pass.check.env }, ctx.signal);
  const read = readSuggestions(check.stdout, ctx.project, pass.members);
  const error = read.errors[0];
  if (error || check.code !== 0) {
    const what = error ? `${error.file}:${error.line}: ${error.message}` : lastLines(check.stderr);
    const hint = ctx.rejected.length ? ` (rejected so far: ${ctx.rejected.join(', ')}; the new edition may need their fixes)` : '';
    throw new StepCheckFailed(`before the ${name} step, \`cargo +${ctx.toolchain} ${pass.check.args[0] ?? 'check'} --all-targets\` fails in the migrated copy: ${what}${hint}`);
  }
  const fix = await cargoFixCopy(ctx.project, join(ctx.root, `cargo-fix-${pass.slug}`), ctx.toolchain, pass, { ...ctx.env, CARGO_TARGET_DIR: join(ctx.root, 'target-fix') }, ctx.signal);
  // What cargo's own run applies, to compare with: the pass's lints, or (clippy --fix) every lint that warns.
  const cargoApplies = pass.cargoApplies === 'every' ? readSuggestions(check.stdout, ctx.project, EVERY_LINT).suggestions : read.suggestions;
  const hunks: StepHunk[] = [];
  const notApplied = [...fix.notApplied];
  const differs: string[] = [];
  const byFile = groupBy(read.suggestions, (s) => s.file);
  const texts = new Map<string, string>();
  for (const file of new Set([...byFile.keys(), ...cargoApplies.map((s) => s.file)])) texts.set(file, await readFile(join(ctx.project, file), 'utf8'));
  const write = async (chosen: Suggestion[]): Promise<void> => {
    const set = new Set(chosen);
    for (const [file, suggestions] of byFile) await writeFile(join(ctx.project, file), applySuggestions(texts.get(file)!, file, suggestions.filter((s) => set.has(s))).text);
  };
  const wanted = read.suggestions.filter((s) => ctx.accepted(s.lint) && !ctx.skipped(s.file, s.line));
  const kept = new Set(ctx.stages ? await ctx.stages({ step: name, wanted, write, hunk: (s) => hunkText(texts.get(s.file)!, s) }) : wanted);
  for (const [file, suggestions] of byFile) {
    const text = texts.get(file)!;
    const chosen = applySuggestions(text, file, suggestions.filter((s) => kept.has(s)));
    for (const s of suggestions) hunks.push({ lint: s.lint, ...hunkText(text, s), message: s.message, step: name, applied: chosen.applied.includes(s), skipped: ctx.accepted(s.lint) && ctx.skipped(s.file, s.line) });
    for (const { suggestion, kept: first } of chosen.overlaps) {
      notApplied.push({ lint: suggestion.lint, file, line: suggestion.line, reason: `overlaps the ${first.lint} fix at ${file}:${first.line}, applied first`, step: name });
    }
    if (chosen.text !== text) await writeFile(join(ctx.project, file), chosen.text);
  }
  const cargoFiles = groupBy(cargoApplies, (s) => s.file);
  for (const [file, suggestions] of cargoFiles) {
    const everything = applySuggestions(texts.get(file)!, file, suggestions);
    const cargoText = await readFile(join(fix.dir, file), 'utf8').catch(() => null);
    if (cargoText !== everything.text) differs.push(file);
  }
  // A file cargo fixed that no suggestion we read touches is a disagreement too.
  for (const file of fix.fixedFiles) if (!cargoFiles.has(file) && !differs.includes(file)) differs.push(file);
  const notes: string[] = [];
  if (pass.edition) {
    const manifest = join(ctx.project, 'Cargo.toml');
    const edited = withEdition(await readFile(manifest, 'utf8'), 'Cargo.toml', pass.edition);
    await writeFile(manifest, edited.text);
    notes.push(...edited.notes);
  }
  return { step: name, hunks, notApplied, notes, cargo: { step: name, command: pass.fix.label, agrees: differs.length === 0, differs } };
}

/** cargo's first `error:` line and what follows it (its `Caused by:` reasons), else its last lines. */
export function lastLines(text: string, count = 4): string {
  const lines = text.trim().split('\n').map((l) => l.trim()).filter(Boolean);
  const error = lines.findIndex((l) => l.startsWith('error'));
  return (error === -1 ? lines.slice(-count) : lines.slice(error, error + count)).join(' / ') || 'no output';
}
