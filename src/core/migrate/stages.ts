// Stages with gates (issue 15 part 2): within an edition step, each accepted
// lint's fixes are a stage, applied in the scratch copy on top of the stages
// kept so far and checked (build, tests, clippy: the toolchain bisection's
// check runner, with --all-targets). A stage is kept only when every check
// passes; a failing one is dropped and bisected by hunk to the fix that
// breaks the check. Stages are checked at the step's old edition: edition
// fixes are written to build under both, and the bump comes after them.
import { BisectStopped, runCheck, type CheckCommand, type CheckRun } from '../toolchain/checkRun';
import type { HunkText } from './applySuggestions';
import { bisectHunks } from './hunkBisect';
import { MigrateError } from './migrateError';
import { MigrateStopped } from './runCargo';
import { STAGE_CHECKS, type StageCheck, type StageReport } from '../../shared/migrate/migration';
import type { Suggestion } from './suggestions';

export { STAGE_CHECKS, type Culprit, type StageCheck, type StageReport } from '../../shared/migrate/migration';
export const DEFAULT_STAGE_CHECKS: StageCheck[] = ['build', 'test'];

const COMMANDS: Record<StageCheck, CheckCommand> = {
  build: { args: ['build', '--all-targets'], runsIf: ['--version'] },
  test: { args: ['test'], runsIf: ['--version'] },
  clippy: { args: ['clippy', '--all-targets', '--', '-D', 'warnings'], runsIf: ['clippy', '--version'] },
};
const CHECK_TIMEOUT_MS = 20 * 60_000;


export interface StageGates {
  toolchain: string;
  checks: StageCheck[];
  /** The scratch copy's project folder and the target dir its checks build into. */
  project: string;
  targetDir: string;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  progress: (line: string) => void;
}

/** What the edition step gives its stages: its accepted fixes (in rustc's order), a way to write a set of them, and each one's lines. */
export interface StepFixes {
  step: string;
  wanted: Suggestion[];
  /** Writes the step's files with exactly these fixes applied to the text the step started from. */
  write: (chosen: Suggestion[]) => Promise<void>;
  hunk: (s: Suggestion) => HunkText;
}

/** Comma-separated check names from the command line, each known. */
export function stageChecks(names: string[]): StageCheck[] {
  const unknown = names.find((name) => !(STAGE_CHECKS as readonly string[]).includes(name));
  if (unknown !== undefined) throw new MigrateError(`--checks: "${unknown}" is not a check; the checks are ${STAGE_CHECKS.join(', ')}`);
  if (names.length === 0) throw new MigrateError(`--checks needs at least one of ${STAGE_CHECKS.join(', ')}`);
  return [...new Set(names)] as StageCheck[];
}

type Verdict = { passed: true } | { passed: false; check: StageCheck; error: string; ran: boolean };

async function runGate(gates: StageGates, check: StageCheck): Promise<CheckRun> {
  try {
    return await runCheck(gates.toolchain, COMMANDS[check], gates.project, gates.targetDir, gates.env, CHECK_TIMEOUT_MS, gates.signal);
  } catch (error) {
    if (error instanceof BisectStopped) throw new MigrateStopped(error.message);
    throw error;
  }
}

/** Every check in order, stopping at the first that does not pass. */
async function runGates(gates: StageGates, checks: StageCheck[]): Promise<Verdict> {
  for (const check of checks) {
    const result = await runGate(gates, check);
    if (result.outcome === 'passed') continue;
    const first = result.errors[0];
    const error = first?.file ? `${first.file}:${first.line ?? '?'}: ${first.message}` : (result.reason ?? 'failed');
    return { passed: false, check, error, ran: result.outcome === 'failed' };
  }
  return { passed: true };
}

const command = (gates: StageGates, check: StageCheck): string => `cargo +${gates.toolchain} ${COMMANDS[check].args.join(' ')}`;

/** The step's stages, in lint order: returns the fixes of the kept ones and a report per stage; the files are left with the kept fixes. */
export async function runStages(gates: StageGates, fixes: StepFixes): Promise<{ kept: Suggestion[]; reports: StageReport[] }> {
  const { step, wanted, write } = fixes;
  if (wanted.length === 0) return { kept: [], reports: [] };
  const lints = [...new Set(wanted.map((s) => s.lint))].sort();
  await write([]);
  gates.progress(`stages of ${step}: checking the copy before them (${gates.checks.join(', ')})…`);
  const base = await runGates(gates, gates.checks);
  if (!base.passed) {
    const why = base.ran ? `fails: ${base.error}` : `cannot run: ${base.error}`;
    throw new MigrateError(`before the stages of the ${step} step, \`${command(gates, base.check)}\` ${why}; stages need checks that pass without them`);
  }
  const kept: Suggestion[] = [];
  const reports: StageReport[] = [];
  for (const lint of lints) {
    const stage = wanted.filter((s) => s.lint === lint);
    gates.progress(`stage ${lint} (${step}, ${stage.length} fix${stage.length === 1 ? '' : 'es'}): ${gates.checks.join(', ')}…`);
    await write([...kept, ...stage]);
    const verdict = await runGates(gates, gates.checks);
    const report: StageReport = { lint, step, hunks: stage.length, kept: verdict.passed, failedCheck: null, error: null, culprit: null, bisectChecks: 0, notes: [] };
    reports.push(report);
    if (verdict.passed) {
      kept.push(...stage);
      continue;
    }
    Object.assign(report, { failedCheck: verdict.check, error: verdict.error });
    gates.progress(`stage ${lint} dropped: ${verdict.check} fails (${verdict.error}); bisecting its ${stage.length} fixes…`);
    const probe = async (subset: number[]) => {
      await write([...kept, ...subset.map((i) => stage[i]!)]);
      const result = await runGate(gates, verdict.check);
      return result.outcome;
    };
    const place = (i: number): string => `${stage[i]!.file}:${fixes.hunk(stage[i]!).line}`;
    const found = await bisectHunks(stage.length, probe, place);
    const culprit = found.culprit === null ? null : fixes.hunk(stage[found.culprit]!);
    Object.assign(report, { culprit: culprit && { file: culprit.file, line: culprit.line, before: culprit.before, after: culprit.after }, bisectChecks: found.checks, notes: found.notes });
  }
  await write(kept);
  return { kept, reports };
}
