// The real `cargo fix --edition` (or `cargo clippy --fix`) on a copy of the
// scratch project, for what only cargo can say: which suggestions it could not apply, and why (the
// diagnostics it still prints, and its "failed to automatically apply fixes"
// warning when a fix broke the build), and the files it changed, to check
// that applying every suggestion ourselves gives what cargo gives.
import { cp } from 'node:fs/promises';
import type { MigrationNotApplied } from '../../shared/migrate/migration';
import type { FixPass } from './passes';
import { runCargo } from './runCargo';
import { readSuggestions } from './suggestions';

/** A fix cargo could not apply, with its reason (shared/migration.ts). */
export type NotApplied = MigrationNotApplied;

export interface CargoFixRun {
  /** The copy cargo fixed. */
  dir: string;
  notApplied: NotApplied[];
  /** `src/lib.rs` for each `Fixed src/lib.rs (2 fixes)` cargo printed. */
  fixedFiles: string[];
}

export async function cargoFixCopy(
  scratchProject: string,
  dir: string,
  toolchain: string,
  pass: FixPass,
  env: NodeJS.ProcessEnv,
  signal?: AbortSignal,
): Promise<CargoFixRun> {
  await cp(scratchProject, dir, { recursive: true, verbatimSymlinks: true, filter: (from) => !from.slice(scratchProject.length).startsWith('/target') });
  const step = pass.name;
  const run = await runCargo([`+${toolchain}`, ...pass.fix.args], dir, { ...env, ...pass.fix.env }, signal);
  const read = readSuggestions(run.stdout, dir, pass.members);
  const notApplied: NotApplied[] = read.unfixable.map(({ lint, file, line, message }) => ({
    lint,
    file,
    line,
    reason: `${pass.fix.label} left it: ${message} (${pass.by} offers no machine-applicable fix)`,
    step,
  }));
  notApplied.push(...failedToApply(run.stderr, step));
  if (run.code !== 0 && notApplied.length === 0) {
    const said = run.stderr.split('\n').filter((l) => /^error/.test(l)).slice(0, 3).join('; ');
    notApplied.push({ file: 'Cargo.toml', line: 0, reason: `${pass.fix.label} exited with ${run.code}: ${said || 'no reason given'}`, step });
  }
  const fixedFiles = [...run.stderr.matchAll(/^\s*Fixed (\S+) \(\d+ fix/gm)].map((m) => m[1] ?? '');
  return { dir, notApplied, fixedFiles };
}

/**
 * cargo's "failed to automatically apply fixes suggested by rustc to crate
 * `x`" warning (a fix that broke the build, so cargo put the file back):
 * one entry per such warning, at the first `--> file:line` it quotes.
 */
export function failedToApply(stderr: string, step: string): NotApplied[] {
  const blocks = stderr.split(/^(?=warning: failed to automatically apply fixes)/m).filter((b) => b.startsWith('warning: failed to automatically apply fixes'));
  return blocks.map((block) => {
    const at = /-->\s+([^:\s]+):(\d+)/.exec(block);
    const errors = block.split('\n').filter((l) => /^error(\[\w+\])?:/.test(l.trim())).map((l) => l.trim());
    const headline = (block.split('\n')[0] ?? '').replace(/^warning: /, '');
    return { file: at?.[1] ?? 'Cargo.toml', line: at ? Number(at[2]) : 0, reason: `${headline}${errors.length ? `: ${errors.slice(0, 3).join('; ')}` : ''}`, step };
  });
}
